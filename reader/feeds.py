"""Atom feeds of new verdicts and of corrections (django.contrib.syndication)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from factcheck.models import Correction, Verdict

FEED_LENGTH = 50


class VerdictFeed(Feed):
    """Every verdict as it is published, revisions included."""

    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: new verdicts"
    subtitle = "Fact-check verdicts as they are published, corrected verdicts included."
    author_name = settings.PUBLISHER_NAME

    def link(self) -> str:
        return reverse("reader:correction_list")

    def feed_url(self) -> str:
        return reverse("reader:verdict_feed")

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

    def item_link(self, verdict: Verdict) -> str:
        return verdict.claim.get_absolute_url()

    def item_guid(self, verdict: Verdict) -> str:
        # One claim has several verdicts over time: each needs its own Atom id.
        return f"{settings.SITE_URL}{verdict.claim.get_absolute_url()}#verdict-{verdict.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, verdict: Verdict):
        return verdict.published_at

    def item_updateddate(self, verdict: Verdict):
        return verdict.published_at

    def item_categories(self, verdict: Verdict) -> list[str]:
        return [verdict.level.label]


class CorrectionFeed(Feed):
    """Every correction, withdrawals included, as it is published."""

    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: corrections"
    subtitle = "Every change to a published verdict, and why."
    author_name = settings.PUBLISHER_NAME

    def link(self) -> str:
        return reverse("reader:correction_list")

    def feed_url(self) -> str:
        return reverse("reader:correction_feed")

    def items(self) -> list[Correction]:
        return list(Correction.objects.listed().order_by("-published_at", "-pk")[:FEED_LENGTH])

    def item_title(self, correction: Correction) -> str:
        return f"{correction.get_kind_display()}: {correction.claim.text}"

    def item_description(self, correction: Correction) -> str:
        before = correction.previous.level.label
        after = correction.revision.level.label if correction.revision else "withdrawn"
        change = f"Rating: {before} → {after}." if before != after else f"Rating: {after}."
        return f"{correction.note} {change}"

    def item_link(self, correction: Correction) -> str:
        return correction.claim.get_absolute_url()

    def item_guid(self, correction: Correction) -> str:
        url = correction.claim.get_absolute_url()
        return f"{settings.SITE_URL}{url}#correction-{correction.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, correction: Correction):
        return correction.published_at

    def item_updateddate(self, correction: Correction):
        return correction.published_at

    def item_categories(self, correction: Correction) -> list[str]:
        return [correction.get_kind_display()]
