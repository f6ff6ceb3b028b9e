"""The reader's questions that join the two domains: which events a speaker talked about,
which carry a verdict at some level, which match a search, and what to prefetch to show a
line of the chronology. The chronology (timeline) knows nothing of the evidence
(factcheck); these ask from the evidence's side, so the arrow points one way."""

from collections import Counter

from django.db.models import Q

from factcheck.models import Claim, Mention, RatingLevel, Speaker, Verdict
from timeline.models import Event, EventQuerySet


def said_by(events: EventQuerySet, speaker_slug: str) -> EventQuerySet:
    """Events mentioned in quotes by this speaker."""
    if not speaker_slug:
        return events
    mentioned = Mention.objects.public().filter(quote__speaker__slug=speaker_slug)
    return events.filter(pk__in=mentioned.values("event_id"))


def with_verdict_levels(events: EventQuerySet, level_slugs: list[str]) -> EventQuerySet:
    """Events with a claim about them whose published verdict is at one of these levels."""
    if not level_slugs:
        return events
    mentioned = Mention.objects.filter(
        quote__claims__published_verdict__level__slug__in=level_slugs
    ).values("event_id")
    return events.filter(pk__in=mentioned)


def search(events: EventQuerySet, text: str) -> EventQuerySet:
    """Events whose title or summary, or a quote or public claim about them, contains
    `text`. A claim still being checked is no reader's business: its words never match."""
    text = text.strip()
    if not text:
        return events
    public_claims = Claim.objects.public().filter(text__icontains=text)
    mentioned = (
        Mention.objects.public()
        .filter(Q(quote__exact__icontains=text) | Q(quote__claims__in=public_claims))
        .values("event_id")
    )
    return events.filter(
        Q(title__icontains=text) | Q(summary__icontains=text) | Q(pk__in=mentioned)
    )


def with_verdicts(events: EventQuerySet) -> EventQuerySet:
    """Prefetched for a line of the chronology: the topics, and the published verdict of
    every claim made in a quote that mentions the event (a fixed number of queries)."""
    return events.prefetch_related("topics", "mentions__quote__claims__published_verdict__level")


def verdict_levels(event: Event) -> list[tuple[RatingLevel, int]]:
    """(level, how many claims) for the published verdicts of the claims about `event`,
    most accurate first, from what `with_verdicts` prefetched."""
    counts: Counter = Counter()
    for mention in event.mentions.all():
        for claim in mention.quote.claims.all():
            if claim.published_verdict is not None:
                counts[claim.published_verdict.level] += 1
    return sorted(counts.items(), key=lambda item: -item[0].value)


def speakers_quoted_on_events() -> list[tuple[str, str]]:
    """(slug, name) of everyone quoted about some event, by name: the speaker filter."""
    return list(
        Speaker.objects.filter(quotes__mentions__in=Mention.objects.public())
        .values_list("slug", "name")
        .order_by("name")
        .distinct()
    )


def levels_on_events() -> list[tuple[str, str]]:
    """(slug, label) of every level some event's claims are published at, most accurate
    first: the verdict filter."""
    levels = (
        RatingLevel.objects.filter(
            pk__in=Verdict.objects.published()
            .filter(claim__quote__mentions__isnull=False)
            .values("level_id")
        )
        .order_by("-value")
        .values_list("slug", "label")
    )
    return list(levels)
