"""A chronology big enough that a page listing it would show an N+1 query: the dataset the
reader's pages pin their query counts on."""

from dataclasses import dataclass, field

from factcheck import services
from factcheck.models import (
    Claim,
    Correction,
    Transcript,
    Verdict,
)
from tests.factories import (
    make_claim,
    make_event,
    make_quote,
    make_scale,
    make_source,
    make_topic,
    make_transcript,
    make_verdict,
)
from tests.published import correct
from timeline.models import Event, Topic


@dataclass
class Chronology:
    transcript: Transcript
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


def build_chronology(count: int = 60) -> Chronology:
    """`count` events over 35 years in four topics, each mentioned by its own quote holding
    a claim with a published verdict citing two sources; every fifth claim was corrected
    (a superseded verdict and a Correction), every seventh quote holds a second claim."""
    sentences = [f"Event number {n} happened as the record shows." for n in range(count)]
    text = (
        "An introduction to a long interview.\n"
        "Q: What happened, and when?\n"
        f"A: {' '.join(sentences)}\n"
        "That is the whole story."
    )
    transcript = make_transcript(text=text, title="A long interview")
    scale = make_scale()
    levels = list(scale.levels.all())
    topics = [make_topic(name=f"Lane {n}") for n in range(4)]
    shared = make_source(title="A shared archive")
    chronology = Chronology(transcript, topics=topics)
    for n, sentence in enumerate(sentences):
        year = 1990 + n * 35 // count
        event = make_event(
            title=f"Event number {n}",
            edtf=[f"{year}-{n % 12 + 1:02d}-10", f"{year}-{n % 12 + 1:02d}", f"{year}~"][n % 3],
            topics=[topics[n % 4], topics[(n + 1) % 4]],
            summary=f"The {n}th thing that happened.",
        )
        quote = make_quote(transcript, exact=sentence)
        services.mention_add(quote=quote, event=event, phrase="two days ago" if n % 2 else "")
        claim = make_claim(quote, text=f"Event number {n} happened.")
        sources = [make_source(title=f"Record {n}", url=f"https://example.org/{n}"), shared]
        if n % 5 == 0:
            make_verdict(claim, status=Verdict.Status.PUBLISHED, level=levels[2], sources=sources)
            correct(
                claim,
                level=levels[n % 3].label,
                kind=Correction.Kind.UPDATE,
                note="New records came to light.",
                sources=sources,
            )
        else:
            make_verdict(
                claim, status=Verdict.Status.PUBLISHED, level=levels[n % 3], sources=sources
            )
        if n % 7 == 0:
            second = make_claim(quote, text=f"Event number {n} is on the record.")
            make_verdict(second, status=Verdict.Status.PUBLISHED, level=levels[0], sources=[shared])
            chronology.claims.append(second)
        chronology.events.append(event)
        chronology.claims.append(claim)
    return chronology
