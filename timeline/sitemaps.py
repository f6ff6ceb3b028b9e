"""The chronology's pages in the sitemap (django.contrib.sitemaps)."""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from timeline.models import Event, EventQuerySet


class EventSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> EventQuerySet:
        # Only what a <url> needs; the paginator slices this 50,000 at a time.
        return Event.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, event: Event) -> datetime:
        return event.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        # The sitemap index asks for this; the default loads every item to find it.
        return Event.objects.aggregate(latest=Max("updated_at"))["latest"]
