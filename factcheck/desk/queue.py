"""The desk's queue: what is waiting for an editor or an approver, tab by tab."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from factcheck.models import REVIEW_STEPS, Action, Claim, Quote, Transcript, Verdict
from kit.keyset import Keyset

PAGE_SIZE = 25


def recheck_cutoff() -> datetime.date:
    """Published verdicts checked before this date are due for a re-check."""
    return timezone.localdate() - datetime.timedelta(days=settings.RECHECK_AFTER_DAYS)


def quotes_without_claim() -> QuerySet:
    return (
        Quote.objects.anchored().filter(claims__isnull=True).select_related("speaker", "transcript")
    )


def claims_without_verdict() -> QuerySet:
    """Claims nobody has started a verdict on (or whose verdict was withdrawn)."""
    return (
        Claim.objects.filter(published_verdict__isnull=True)
        .exclude(verdicts__status__in=Verdict.OPEN_STATUSES)
        .select_related("quote__speaker", "quote__transcript")
    )


def _with_claim(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "claim__quote__speaker", "claim__quote__transcript", "level", "author"
    )


def drafts() -> QuerySet:
    """Drafts, each with `steps`: its submissions and returns, latest first (a draft whose
    latest is a return was sent back, with that note; one submitted since and taken back by
    its author was not)."""
    steps = Action.objects.filter(verb__in=REVIEW_STEPS).select_related("actor")
    return _with_claim(Verdict.objects.drafts()).prefetch_related(
        Prefetch("actions", queryset=steps, to_attr="steps")
    )


def sent_back_to(user) -> int:
    """How many of `user`'s drafts an approver sent back and they have not submitted since:
    what the queue tells them first. One query, over their own drafts."""
    last_step = (
        Action.objects.filter(verdict=OuterRef("pk"), verb__in=REVIEW_STEPS)
        .order_by("-created_at", "-pk")
        .values("verb")[:1]
    )
    mine = Verdict.objects.drafts().filter(author=user).annotate(last_step=Subquery(last_step))
    return mine.filter(last_step=Action.Verb.RETURNED).count()


def awaiting_review() -> QuerySet:
    return _with_claim(Verdict.objects.in_review())


def due_for_recheck() -> QuerySet:
    """Published verdicts whose evidence was last checked long ago, unless a correction of
    them is already under way."""
    return _with_claim(
        Verdict.objects.published()
        .filter(as_of__lt=recheck_cutoff())
        .exclude(revisions__status__in=Verdict.OPEN_STATUSES)
    )


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str
    empty: str
    queryset: Callable[[], QuerySet]
    # Oldest first for work queues; the primary key last makes the order total.
    keyset: Keyset
    # The path from a row to its interview, for the queue's interview filter.
    transcript: str

    def items(self, interview: Transcript | None = None) -> QuerySet:
        """What waits on this tab, in one interview when one is given; without the
        interviews' whole texts, which a queue's rows do not show."""
        rows = self.queryset().defer(f"{self.transcript}__text")
        return rows.filter(**{self.transcript: interview}) if interview else rows


TABS = (
    Tab(
        "quotes",
        "Quotes with no claim",
        "Every quote has a claim.",
        quotes_without_claim,
        Keyset(("transcript_id", "start", "pk")),
        "transcript",
    ),
    Tab(
        "claims",
        "Claims with no verdict",
        "Every claim has a verdict or a draft.",
        claims_without_verdict,
        Keyset(("created_at", "pk")),
        "quote__transcript",
    ),
    Tab(
        "drafts",
        "Drafts",
        "No drafts in progress.",
        drafts,
        Keyset(("-updated_at", "-pk")),
        "claim__quote__transcript",
    ),
    Tab(
        "review",
        "Awaiting review",
        "Nothing is waiting for review.",
        awaiting_review,
        Keyset(("submitted_at", "pk")),
        "claim__quote__transcript",
    ),
    Tab(
        "recheck",
        "Due for re-check",
        "No published verdict is due for a re-check.",
        due_for_recheck,
        Keyset(("as_of", "pk")),
        "claim__quote__transcript",
    ),
)
TABS_BY_SLUG = {tab.slug: tab for tab in TABS}
