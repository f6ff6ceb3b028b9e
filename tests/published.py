"""Published fact-checks as readers see them, for the open-data tests: a claim with its
published verdict and evidence, and a public correction of it.

Built from the factories; a correction is written as the desk records one (the old verdict
superseded, the revision published, a Correction linking them), without going through the
desk's forms.
"""

import datetime

from django.utils import timezone

from factcheck import services
from factcheck.models import Claim, Correction, Verdict
from tests.factories import (
    make_approver,
    make_claim,
    make_event,
    make_level,
    make_quote,
    make_source,
    make_transcript,
    make_verdict,
)

QUOTE = "The Philippines won its case in 2016."


def published_claim(
    *, text: str = QUOTE, level: str = "Accurate", transcript=None, **claim
) -> Claim:
    """A claim on the factories' interview quote with a published verdict citing one source."""
    transcript = transcript or make_transcript(
        url="https://example.org/interview", publisher="Example Press"
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


def correct(claim: Claim, *, level: str = "Needs context", kind: str = "update") -> Verdict:
    """Replace the claim's published verdict with a revision, recorded as a public correction."""
    previous = claim.published_verdict
    previous.status = Verdict.Status.SUPERSEDED
    previous.save(update_fields=["status"])
    revision = make_verdict(
        claim,
        status=Verdict.Status.PUBLISHED,
        level=make_level(level),
        rationale="New records show more context.",
        revises=previous,
        sources=[make_source()],
    )
    Correction.objects.create(
        claim=claim,
        previous=previous,
        revision=revision,
        kind=kind,
        note="Updated with newer records.",
        published_at=revision.published_at,
    )
    claim.refresh_from_db()
    return revision


def mention(claim: Claim, **event) -> None:
    """Say that the claim's quote mentions a new event."""
    services.mention_add(quote=claim.quote, event=make_event(**event))


def withdraw(claim: Claim, note: str = "We could not stand behind it.") -> Correction:
    """Withdraw the claim's published verdict, as an approver does on the desk."""
    return services.verdict_withdraw(verdict=claim.published_verdict, note=note, by=make_approver())
