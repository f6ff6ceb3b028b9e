"""Published fact-checks as readers see them: a claim with its published verdict and
evidence, a public correction of it, a withdrawal.

Made as the newsroom makes them, through the services: a verdict published with a curated
dataset (verdict_import), a correction drafted, submitted and published by two people
(verdict_correct, verdict_update, verdict_submit, verdict_publish), a withdrawal by an
approver (verdict_withdraw). Only the clock is set by hand (`at`), for tests about dates.
"""

import datetime

from django.utils import timezone

from factcheck import services
from factcheck.models import Claim, Correction, Transcript, Verdict
from tests.factories import (
    make_claim,
    make_event,
    make_level,
    make_quote,
    make_source,
    make_transcript,
    make_verdict,
    newsroom,
)

QUOTE = "The Philippines won its case in 2016."


def published_claim(
    *, text: str = QUOTE, level: str = "Accurate", transcript=None, **claim
) -> Claim:
    """A claim on the factories' interview quote with a published verdict citing one source."""
    # One interview from that address: a text or URL is imported once.
    url = "https://example.org/interview"
    transcript = (
        transcript
        or Transcript.objects.filter(url=url).first()
        or make_transcript(url=url, publisher="Example Press")
    )
    quote = make_quote(transcript, exact=QUOTE)
    claim = make_claim(quote, text=text, **claim)
    make_verdict(
        claim,
        status=Verdict.Status.PUBLISHED,
        level=make_level(level),
        sources=[make_source()],
        published_at=timezone.now() - datetime.timedelta(days=10),
    )
    claim.refresh_from_db()
    return claim


def correct(
    claim: Claim,
    *,
    level: str = "Needs context",
    kind: str = "update",
    note: str = "Updated with newer records.",
    rationale: str = "New records show more context.",
    sources: list | None = None,
    at: datetime.datetime | None = None,
) -> Verdict:
    """Replace the claim's published verdict with a revision citing `sources` (a new source
    unless given): the newsroom's editor corrects it, its approver publishes it with a public
    correction (at `at`, if given)."""
    editor, approver = newsroom()
    revision = services.verdict_correct(verdict=claim.published_verdict, note=note, by=editor)
    revision = services.verdict_update(
        verdict=revision,
        version=revision.version,
        level=make_level(level),
        rationale=rationale,
        as_of=revision.as_of,
        evidence=[
            services.EvidenceItem(source=source, stance="supports")
            for source in sources or [make_source()]
        ],
        submit=True,
        by=editor,
    )
    revision = services.verdict_publish(
        verdict=revision, by=approver, correction_kind=kind, correction_note=note
    )
    if at is not None:
        Verdict.objects.filter(pk=revision.pk).update(published_at=at)
        Correction.objects.filter(revision=revision).update(published_at=at)
        revision.refresh_from_db()
    claim.refresh_from_db()
    return revision


def withdraw(
    claim: Claim, *, note: str = "Misattributed.", at: datetime.datetime | None = None
) -> Correction:
    """Withdraw the claim's published verdict, with a public note (at `at`, if given)."""
    correction = services.verdict_withdraw(
        verdict=claim.published_verdict, note=note, by=newsroom()[1]
    )
    if at is not None:
        Correction.objects.filter(pk=correction.pk).update(published_at=at)
        correction.refresh_from_db()
    claim.refresh_from_db()
    return correction


def mention(claim: Claim, **event) -> None:
    """Say that the claim's quote mentions a new event."""
    services.mention_add(quote=claim.quote, event=make_event(**event))
