"""The site's pages in the sitemap (django.contrib.sitemaps): events, claims, interviews
and the fixed pages, every <loc> on SITE_URL whatever host the request came to.

Served as a sitemap index (/sitemap.xml) over one sitemap per section, so that no file ever
holds more than the protocol's 50,000 URLs (https://www.sitemaps.org/protocol.html#index).
"""

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from factcheck.models import (
    Claim,
    ClaimQuerySet,
    Correction,
    RatingScale,
    Source,
    Speaker,
    Transcript,
    Verdict,
)
from kit.cache import remember
from reader import selectors
from timeline.models import Event, EventQuerySet


class LatestChanges(dict[str, datetime | None]):
    """When each kind of record readers see last changed, each read once however many
    sitemaps ask: the index asks the events' for their section, the timeline and the
    open-data page alike."""

    def __missing__(self, kind: str) -> datetime | None:
        self[kind] = LATEST[kind](self)
        return self[kind]


def latest_changes() -> dict[str, datetime | None]:
    """When each kind of record readers see last changed: read together (six small
    indexed queries) and remembered until the record changes, as the sitemap index asks for
    all of them on every request."""

    def read() -> dict[str, datetime | None]:
        latest = LatestChanges()
        return {kind: latest[kind] for kind in LATEST}

    return remember("latest-changes", read)


def _newest(queryset: QuerySet, field: str) -> Callable[[LatestChanges], datetime | None]:
    """The newest `field` of `queryset`: the last entry of an index on it, found without
    reading the others (SQLite reads a MAX() with a WHERE through more of the index)."""
    newest = queryset.filter(**{f"{field}__isnull": False}).order_by(f"-{field}")
    return lambda latest: newest.values_list(field, flat=True).first()


def _later(*times: datetime | None) -> datetime | None:
    return max(filter(None, times), default=None)


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on SITE_URL: one canonical host for crawlers."""

    protocol = urlsplit(settings.SITE_URL).scheme

    def __init__(self, latest: dict[str, datetime | None] | None = None) -> None:
        if latest is not None:  # the index's, shared by its sections, in the property's place
            self.latest = latest

    @cached_property
    def latest(self) -> dict[str, datetime | None]:
        """When each kind last changed: read only by a sitemap that says so (the fixed
        pages'; the index's sections), not by one of events or claims."""
        return latest_changes()

    def get_domain(self, site: object = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class CountedPaginator(Paginator):
    """A paginator told how many items there are, instead of counting them."""

    def __init__(self, object_list: QuerySet, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


class EventSitemap(SiteSitemap):
    changefreq = "monthly"

    @property
    def paginator(self) -> Paginator:
        # The index and each page of 50,000 ask how many there are: remembered, as on the
        # open-data page, rather than counted on every request.
        return CountedPaginator(self.items(), self.limit, selectors.public_event_count())

    def items(self) -> EventQuerySet:
        # Only what a <url> needs; the paginator slices this 50,000 at a time.
        return Event.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event: Event) -> datetime:
        return event.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        # The sitemap index asks for this; the default loads every item to find it.
        return self.latest["events"]


def _claims_with_lastmod() -> ClaimQuerySet:
    """Claims with a public page (published, or withdrawn since: the record stays up), each
    with the time its page last changed: its verdict's publication or its latest correction,
    whichever is later (a withdrawal has no new verdict, only a correction)."""
    latest_correction = (
        Correction.objects.filter(claim=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    # The current verdict's publication, else (withdrawn) the first one's; Coalesce first
    # as SQLite's two-argument MAX() is NULL when either side is.
    published = Coalesce(F("published_verdict__published_at"), F("first_published_at"))
    return Claim.objects.public().annotate(
        lastmod=Greatest(published, Coalesce(Subquery(latest_correction), published))
    )


class ClaimSitemap(SiteSitemap):
    changefreq = "weekly"

    @property
    def paginator(self) -> Paginator:
        # Counted once until the record changes, as the events are.
        return CountedPaginator(self.items(), self.limit, selectors.public_claim_count())

    def items(self) -> ClaimQuerySet:
        return _claims_with_lastmod().only("slug").order_by("pk")

    def lastmod(self, claim: Claim) -> datetime:
        return claim.lastmod  # type: ignore[attr-defined]  # annotated by _claims_with_lastmod

    def get_latest_lastmod(self) -> datetime | None:
        return self.latest["claims"]


class TranscriptSitemap(SiteSitemap):
    changefreq = "monthly"

    @property
    def paginator(self) -> Paginator:
        return CountedPaginator(self.items(), self.limit, selectors.published_interview_count())

    def items(self) -> QuerySet[Transcript]:
        return Transcript.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, transcript: Transcript) -> datetime:
        return transcript.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return self.latest["interviews"]


class SpeakerSitemap(SiteSitemap):
    """Everyone who speaks in a published interview. Their page lists their interviews and
    the claims checked in their words, so it changes when those do: the index says when the
    newest of those changed, and each URL no date of its own (the protocol's lastmod is
    optional; one would cost a look at every claim in the speaker's words)."""

    changefreq = "monthly"

    @property
    def paginator(self) -> Paginator:
        return CountedPaginator(self.items(), self.limit, selectors.public_speaker_count())

    def items(self) -> QuerySet[Speaker]:
        return Speaker.objects.public().only("slug").order_by("pk")

    def get_latest_lastmod(self) -> datetime | None:
        return self.latest["speakers"]


# What LatestChanges reads: the newest change to each kind of record readers see.
LATEST: dict[str, Callable[[LatestChanges], datetime | None]] = {
    "events": _newest(Event.objects.public(), "updated_at"),
    "verdicts": _newest(Verdict.objects.public(), "published_at"),
    "corrections": _newest(Correction.objects.all(), "published_at"),
    # The newest of the claims' own (_claims_with_lastmod), from two indexes instead of
    # every claim: a claim's verdicts are published one after another, and its corrections
    # and withdrawal come after the verdict they change.
    "claims": lambda latest: _later(latest["verdicts"], latest["corrections"]),
    "interviews": _newest(Transcript.objects.published(), "updated_at"),
    # A speaker's page changes with their interviews and the claims made in their words.
    "speakers": lambda latest: _later(latest["interviews"], latest["claims"]),
    "sources": _newest(Source.objects.all(), "updated_at"),
    "rating scale": _newest(RatingScale.objects.filter(is_current=True), "created_at"),
}


class PageSitemap(SiteSitemap):
    """The fixed pages, each last modified when the newest thing it lists changed."""

    changefreq = "weekly"
    pages: dict[str, str] = {  # the page's URL name: the kind of record it lists
        "reader:event_list": "events",
        "reader:claim_list": "claims",
        "reader:interview_list": "interviews",
        "reader:speaker_list": "interviews",  # a speaker is listed once an interview is
        "reader:source_list": "sources",
        "reader:correction_list": "corrections",
        "reader:methodology": "rating scale",
        "reader:data": "events",
    }

    def items(self) -> list[str]:
        return list(self.pages)

    def location(self, name: str) -> str:
        return reverse(name)

    def lastmod(self, name: str) -> datetime | None:
        return self.latest[self.pages[name]]

    def get_latest_lastmod(self) -> datetime | None:
        return max(filter(None, map(self.lastmod, self.pages)), default=None)


SITEMAPS = {
    "events": EventSitemap,
    "claims": ClaimSitemap,
    "interviews": TranscriptSitemap,
    "speakers": SpeakerSitemap,
    "pages": PageSitemap,
}


@require_safe
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """The index of the sections' sitemaps, on SITE_URL (Django's own index uses the host
    the request came to)."""
    entries = []
    latest = latest_changes()  # the sections share what they list
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class(latest)
        location = settings.SITE_URL + reverse("sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append({"location": location, "last_mod": lastmod})
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append({"location": f"{location}?p={page}", "last_mod": lastmod})
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
