"""Writes that touch several models. Each validates before it saves and runs atomically."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck import anchoring
from factcheck.anchoring import AnchorStatus
from factcheck.models import (
    Action,
    Claim,
    Evidence,
    Mention,
    Passage,
    Quote,
    RatingLevel,
    Source,
    Speaker,
    Transcript,
    Verdict,
)
from factcheck.transcripts import ParsedPassage, Role, TranscriptFormatError, parse_transcript
from timeline.dates import DateParseError, resolve_relative
from timeline.models import Event

SPEAKING_ROLES = {Role.QUESTION: "interviewer", Role.ANSWER: "interviewee"}


def _passages_for(transcript: Transcript, parsed: Sequence[ParsedPassage]) -> list[Passage]:
    return [
        Passage(
            transcript=transcript,
            position=number,
            kind=item.role.value,
            speaker=getattr(transcript, SPEAKING_ROLES[item.role])
            if item.role in SPEAKING_ROLES
            else None,
            start=item.start,
            end=item.end,
        )
        for number, item in enumerate(parsed, start=1)
    ]


@transaction.atomic
def transcript_create(
    *,
    slug: str,
    title: str,
    text: str,
    interviewer: Speaker,
    interviewee: Speaker,
    interview_date: str,
    publisher: str = "",
    url: str = "",
    published: str = "",
    interviewer_paragraphs: Iterable[str] | None = None,
    closing_paragraphs: Iterable[str] = (),
) -> Transcript:
    """Create a transcript and its passages. Raises ValidationError (nothing written) when
    the metadata or the text's shape is wrong."""
    try:
        parsed = parse_transcript(
            text,
            interviewer_paragraphs=interviewer_paragraphs,
            closing_paragraphs=closing_paragraphs,
        )
    except TranscriptFormatError as error:
        raise ValidationError({"text": str(error)}) from error
    transcript = Transcript(
        slug=slug,
        title=title,
        text=text,
        interviewer=interviewer,
        interviewee=interviewee,
        interview_date=interview_date,
        publisher=publisher,
        url=url,
        published=published,
    )
    transcript.full_clean()
    transcript.save()
    Passage.objects.bulk_create(_passages_for(transcript, parsed))
    return transcript


@dataclass(frozen=True)
class ReanchorReport:
    anchored: int
    moved: int
    orphaned: list[Quote]


@transaction.atomic
def transcript_update_text(*, transcript: Transcript, text: str) -> ReanchorReport:
    """Correct a transcript's text: passages are re-split (keeping who said what) and every
    quote is re-anchored and marked anchored, moved or orphaned. A change to the number of
    paragraphs is refused: who said which paragraph would be guesswork."""
    old_passages = list(transcript.passages.order_by("position"))
    try:
        parsed = parse_transcript(text, interviewer_paragraphs=[])
    except TranscriptFormatError as error:
        raise ValidationError({"text": str(error)}) from error
    if len(parsed) != len(old_passages):
        raise ValidationError(
            {
                "text": (
                    f"The corrected text has {len(parsed)} passages where the transcript had "
                    f"{len(old_passages)}. Correct words within paragraphs, or import it as a new "
                    "transcript."
                )
            }
        )
    transcript.text = text
    transcript.full_clean()
    transcript.save()
    for passage, item in zip(old_passages, parsed, strict=True):
        passage.start, passage.end = item.start, item.end
    Passage.objects.bulk_update(old_passages, ["start", "end"])

    counts = {AnchorStatus.ANCHORED: 0, AnchorStatus.MOVED: 0}
    orphaned: list[Quote] = []
    quotes = list(transcript.quotes.all())
    for quote in quotes:
        result = anchoring.reanchor(text, quote.anchor)
        quote.anchor_status = result.status
        if result.anchor is None:
            orphaned.append(quote)
            continue
        counts[result.status] += 1
        quote.prefix, quote.suffix = result.anchor.prefix, result.anchor.suffix
        quote.start, quote.end = result.anchor.start, result.anchor.end
    # Orphans keep their old offsets and words: they are flagged, never re-pointed.
    Quote.objects.bulk_update(quotes, ["anchor_status", "prefix", "suffix", "start", "end"])
    return ReanchorReport(counts[AnchorStatus.ANCHORED], counts[AnchorStatus.MOVED], orphaned)


def speaker_at(transcript: Transcript, offset: int) -> Speaker:
    """Who is speaking at `offset`: the speaker of the passage that contains it."""
    passage = (
        transcript.passages.filter(start__lte=offset, end__gt=offset)
        .select_related("speaker")
        .first()
    )
    if passage is None or passage.speaker is None:
        raise ValidationError("Those words are not in a question or an answer of the transcript.")
    return passage.speaker


@transaction.atomic
def quote_create(
    *,
    transcript: Transcript,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    speaker: Speaker | None = None,
    by: AbstractBaseUser | None = None,
) -> Quote:
    """Anchor `exact` in the transcript and store it (or return the quote already there)."""
    try:
        found = anchoring.anchor(transcript.text, exact, prefix=prefix, suffix=suffix, hint=hint)
    except anchoring.AnchorError as error:
        raise ValidationError({"exact": str(error)}) from error
    existing = transcript.quotes.filter(start=found.start, end=found.end).first()
    if existing:
        return existing
    passage = transcript.passages.filter(start__lte=found.start, end__gte=found.end).first()
    if passage is None:
        raise ValidationError({"exact": "A quote must lie within one paragraph."})
    quote = Quote(
        transcript=transcript,
        speaker=speaker or speaker_at(transcript, found.start),
        exact=found.exact,
        prefix=found.prefix,
        suffix=found.suffix,
        start=found.start,
        end=found.end,
        anchor_status=AnchorStatus.ANCHORED,
        created_by=by,
    )
    quote.full_clean()
    quote.save()
    return quote


@transaction.atomic
def mention_add(*, quote: Quote, event: Event, phrase: str = "") -> Mention:
    """Link a quote to an event it mentions. A relative phrase ("two days ago") is resolved
    against the interview date and kept as spoken beside the resolved range."""
    spoken_edtf = ""
    if phrase:
        try:
            spoken_edtf = resolve_relative(phrase, quote.transcript.interview_date).resolved.edtf
        except DateParseError:
            spoken_edtf = ""  # an absolute phrase ("in 2016"): the event's own date applies
    mention, _ = Mention.objects.update_or_create(
        quote=quote, event=event, defaults={"phrase": phrase, "spoken_edtf": spoken_edtf}
    )
    mention.full_clean()
    return mention


@dataclass(frozen=True)
class EvidenceItem:
    source: Source
    stance: str
    note: str = ""


@transaction.atomic
def verdict_import(
    *,
    claim: Claim,
    level: RatingLevel,
    rationale: str,
    analysis: str,
    as_of: datetime.date,
    evidence: Sequence[EvidenceItem],
    published_at: datetime.datetime | None = None,
) -> Verdict:
    """Record a verdict that was reviewed before it reached this site (a curated dataset)
    as published. Refuses a claim that already has one: published verdicts change only
    by correction."""
    if claim.published_verdict_id is not None:
        raise ValidationError("This claim already has a published verdict; correct it instead.")
    if not evidence:
        raise ValidationError("A published verdict cites at least one source.")
    verdict = Verdict(
        claim=claim,
        level=level,
        rationale=rationale,
        analysis=analysis,
        as_of=as_of,
        status=Verdict.Status.PUBLISHED,
        published_at=published_at or timezone.now(),
    )
    verdict.full_clean()
    verdict.save()
    for position, item in enumerate(evidence):
        row = Evidence(
            verdict=verdict,
            source=item.source,
            stance=item.stance,
            note=item.note,
            position=position,
        )
        row.full_clean()
        row.save()
    claim.published_verdict = verdict
    claim.save(update_fields=["published_verdict"])
    Action.objects.create(
        verb=Action.Verb.IMPORTED,
        claim=claim,
        verdict=verdict,
        note="Published with the interview’s curated dataset.",
    )
    return verdict
