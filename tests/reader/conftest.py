"""Data the reader's tests share."""

import pytest

from factcheck.models import Transcript, Verdict
from tests.factories import (
    make_claim,
    make_level,
    make_quote,
    make_speaker,
    make_transcript,
    make_verdict,
    newsroom,
)

INTERVIEWS = 23  # more than a page of the list (20)


def checked(transcript: Transcript, *levels: str) -> None:
    """A quote in `transcript` and a claim on it with a published verdict at each level."""
    quote = make_quote(transcript)
    for number, label in enumerate(levels):
        claim = make_claim(quote, text=f"Claim {number} in {transcript.title}")
        make_verdict(claim, status=Verdict.Status.PUBLISHED, level=make_level(label))


@pytest.fixture
def interviews() -> list[Transcript]:
    """Published interviews a year apart, oldest first, each with one quote and three
    checked claims (two accurate, one inaccurate); and one interview not yet published."""
    guest = make_speaker(name="Guest", slug="guest", job_title="Ambassador now")
    made = []
    for year in range(2000, 2000 + INTERVIEWS):
        transcript = make_transcript(
            title=f"Interview {year}", interview_date=f"{year}-06-03", interviewee=guest
        )
        transcript.appearances.filter(speaker=guest).update(job_title=f"Envoy in {year}")
        checked(transcript, "Accurate", "Accurate", "Inaccurate")
        made.append(transcript)
    editor, _ = newsroom()
    make_transcript(title="Not yet public", interview_date="2030-01-01", by=editor)
    return made
