"""The site's pages in the sitemap (django.contrib.sitemaps): events, claims and the few
fixed pages.

Served as a sitemap index (/sitemap.xml) over one sitemap per section, so that no file ever
holds more than the protocol's 50,000 URLs (https://www.sitemaps.org/protocol.html#index).
"""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from factcheck.models import Claim, ClaimQuerySet, Correction
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


def _claims_with_lastmod() -> ClaimQuerySet:
    """Published claims, each with the time its page last changed: its verdict's publication
    or its latest correction, whichever is later (a withdrawal has no new verdict)."""
    latest_correction = (
        Correction.objects.filter(claim=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    published = F("published_verdict__published_at")
    # Coalesce first: SQLite's two-argument MAX() is NULL when either side is.
    return Claim.objects.published().annotate(
        lastmod=Greatest(published, Coalesce(Subquery(latest_correction), published))
    )


class ClaimSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> ClaimQuerySet:
        return _claims_with_lastmod().only("slug").order_by("pk")

    def lastmod(self, claim: Claim) -> datetime:
        return claim.lastmod  # type: ignore[attr-defined]  # annotated by _claims_with_lastmod

    def get_latest_lastmod(self) -> datetime | None:
        return _claims_with_lastmod().aggregate(latest=Max("lastmod"))["latest"]


class PageSitemap(Sitemap):
    """The fixed pages: the chronology itself and the pages about the data."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["reader:event_list", "reader:methodology", "reader:data"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"events": EventSitemap, "claims": ClaimSitemap, "pages": PageSitemap}
