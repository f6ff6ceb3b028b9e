"""Atom feeds of new verdicts and of corrections (django.contrib.syndication).

Every URL in them is on SITE_URL, whatever host the request came to, so a feed reader sees
one site; text is delivered as text (RFC 4287 section 3.1.1), never as HTML to be rendered,
as the site shows it.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from factcheck.models import Correction, Verdict

FEED_LENGTH = 50

# An empty feed's <updated>: a fixed instant, so that the feed does not change on every
# fetch (Django's default is the time of the request).
NEVER_UPDATED = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class TextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text: a "<b>" in a note is shown, not applied."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})

    def latest_post_date(self) -> datetime.datetime:
        return super().latest_post_date() if self.items else NEVER_UPDATED


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class _RecordFeed(Feed):
    """A feed of dated public records about claims, newest first: each entry links to its
    claim's page and has an id of its own (one claim has many verdicts and corrections
    over time), made from the record's `anchor` on that page."""

    feed_type = TextAtomFeed
    author_name = settings.PUBLISHER_NAME
    item_guid_is_permalink = False
    anchor = ""  # "verdict" or "correction": the page's element id prefix
    url_name = ""
    alternate = ""  # the URL name of the page where readers meet these records

    def link(self) -> str:
        return absolute(reverse(self.alternate))

    def records(self) -> QuerySet:
        raise NotImplementedError

    def items(self) -> list:
        """The newest FEED_LENGTH records."""
        return list(self.records().order_by("-published_at", "-pk")[:FEED_LENGTH])

    def feed_url(self) -> str:
        return absolute(reverse(self.url_name))

    def feed_guid(self) -> str:
        # Each feed is its own: its id is its own address (RFC 4287 section 4.2.6).
        return self.feed_url()

    def item_link(self, record: Verdict | Correction) -> str:
        return absolute(record.claim.get_absolute_url())

    def item_guid(self, record: Verdict | Correction) -> str:
        url = record.claim.get_absolute_url()
        return f"{settings.SITE_URL}{url}#{self.anchor}-{record.pk}"

    def item_pubdate(self, record: Verdict | Correction) -> datetime.datetime | None:
        return record.published_at

    def item_updateddate(self, record: Verdict | Correction) -> datetime.datetime | None:
        return record.published_at


class VerdictFeed(_RecordFeed):
    """Every verdict as it is published, revisions included."""

    title = f"{settings.SITE_NAME}: new verdicts"
    subtitle = "Fact-check verdicts as they are published, corrected verdicts included."
    anchor = "verdict"
    url_name = "reader:verdict_feed"
    alternate = "reader:event_list"

    def records(self) -> QuerySet[Verdict]:
        return Verdict.objects.public().select_related("claim").with_levels("")

    def item_title(self, verdict: Verdict) -> str:
        return f"{verdict.level.label}: {verdict.claim.text}"

    def item_description(self, verdict: Verdict) -> str:
        # The entry is the verdict as it was published; one no longer standing says so,
        # and that the claim's page has what stands now.
        since = SINCE.get(verdict.status, "")
        return f"{verdict.rationale} {since}" if since else verdict.rationale

    def item_categories(self, verdict: Verdict) -> list[str]:
        status = [verdict.get_status_display()] if verdict.status in SINCE else []
        return [verdict.level.label, *status]

    def item_updateddate(self, record: Verdict | Correction) -> datetime.datetime | None:
        # An entry that came to say "since corrected" changed then: a reader fetches it again.
        assert isinstance(record, Verdict)
        return record.updated_at if record.status in SINCE else record.published_at


# What a verdict's entry adds once it no longer stands.
SINCE: dict[str, str] = {
    Verdict.Status.SUPERSEDED: "(Since corrected: the claim's page has the current verdict.)",
    Verdict.Status.WITHDRAWN: "(Since withdrawn: the claim's page says why.)",
}


class CorrectionFeed(_RecordFeed):
    """Every correction, withdrawals included, as it is published."""

    title = f"{settings.SITE_NAME}: corrections"
    subtitle = "Every change to a published verdict, and why."
    anchor = "correction"
    url_name = "reader:correction_feed"
    alternate = "reader:correction_list"

    def records(self) -> QuerySet[Correction]:
        return Correction.objects.listed()

    def item_title(self, correction: Correction) -> str:
        return f"{correction.get_kind_display()}: {correction.claim.text}"

    def item_description(self, correction: Correction) -> str:
        before = correction.previous.level.label
        after = correction.revision.level.label if correction.revision else "withdrawn"
        change = f"Rating: {before} → {after}." if before != after else f"Rating: {after}."
        return f"{correction.note} {change}"

    def item_categories(self, correction: Correction) -> list[str]:
        return [correction.get_kind_display()]
