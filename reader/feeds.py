"""Atom feeds of new verdicts and of corrections (django.contrib.syndication)."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from factcheck.models import Correction, Verdict

FEED_LENGTH = 50


class _RecordFeed(Feed):
    """A feed of dated public records about claims, newest first: each entry links to its
    claim's page and has an id of its own (one claim has many verdicts and corrections
    over time), made from the record's `anchor` on that page."""

    feed_type = Atom1Feed
    author_name = settings.PUBLISHER_NAME
    item_guid_is_permalink = False
    anchor = ""  # "verdict" or "correction": the page's element id prefix
    url_name = ""

    def link(self) -> str:
        return reverse("reader:correction_list")

    def feed_url(self) -> str:
        return reverse(self.url_name)

    def item_link(self, record: Verdict | Correction) -> str:
        return record.claim.get_absolute_url()

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

    def items(self) -> list[Verdict]:
        return list(
            Verdict.objects.public()
            .select_related("claim", "level")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, verdict: Verdict) -> str:
        return f"{verdict.level.label}: {verdict.claim.text}"

    def item_description(self, verdict: Verdict) -> str:
        return verdict.rationale

    def item_categories(self, verdict: Verdict) -> list[str]:
        return [verdict.level.label]


class CorrectionFeed(_RecordFeed):
    """Every correction, withdrawals included, as it is published."""

    title = f"{settings.SITE_NAME}: corrections"
    subtitle = "Every change to a published verdict, and why."
    anchor = "correction"
    url_name = "reader:correction_feed"

    def items(self) -> list[Correction]:
        return list(Correction.objects.listed().order_by("-published_at", "-pk")[:FEED_LENGTH])

    def item_title(self, correction: Correction) -> str:
        return f"{correction.get_kind_display()}: {correction.claim.text}"

    def item_description(self, correction: Correction) -> str:
        before = correction.previous.level.label
        after = correction.revision.level.label if correction.revision else "withdrawn"
        change = f"Rating: {before} → {after}." if before != after else f"Rating: {after}."
        return f"{correction.note} {change}"

    def item_categories(self, correction: Correction) -> list[str]:
        return [correction.get_kind_display()]
