"""Small factories for tests: make_<thing>(**overrides) with sensible defaults."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from factcheck import roles, services
from factcheck.models import (
    Claim,
    Evidence,
    Quote,
    RatingLevel,
    RatingScale,
    Source,
    Speaker,
    Transcript,
    Verdict,
)
from timeline.models import Event, Topic

_numbers = itertools.count(1)

TRANSCRIPT_TEXT = (
    "An introduction to the interview.\n"
    "Q: What happened in 2016?\n"
    "A: The Philippines won its case in 2016. China said it would ignore the award.\n"
    "And four or five months ago, something else happened.\n"
    "What about the Rose Garden?\n"
    "In 2015 Xi Jinping promised President Obama in the Rose Garden that China would stop."
)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_numbers)}"


def make_user(**overrides):
    username = overrides.pop("username", unique("user"))
    return get_user_model().objects.create_user(username=username, password="pw", **overrides)


def _with_role(role: str, **overrides):
    user = make_user(**overrides)
    # The migration's groups are gone after a transactional test flushed the database.
    group = Group.objects.filter(name=role).first() or roles.sync_roles()[role]
    user.groups.add(group)
    return user


def make_editor(**overrides):
    return _with_role(roles.EDITORS, **overrides)


def make_approver(**overrides):
    return _with_role(roles.APPROVERS, **overrides)


def make_speaker(**overrides) -> Speaker:
    name = overrides.pop("name", unique("Speaker"))
    return Speaker.objects.create(**{"name": name, "slug": name.lower(), **overrides})


def make_transcript(**overrides) -> Transcript:
    fields = {
        "slug": unique("interview"),
        "title": "An interview",
        "text": TRANSCRIPT_TEXT,
        "interviewer": overrides.pop("interviewer", None) or make_speaker(name=unique("Asker")),
        "interviewee": overrides.pop("interviewee", None) or make_speaker(name=unique("Answerer")),
        "interview_date": "2024-06",
        **overrides,
    }
    return services.transcript_create(**fields)


def make_topic(**overrides) -> Topic:
    name = overrides.pop("name", unique("Topic"))
    return Topic.objects.create(**{"name": name, "slug": name.lower(), **overrides})


def make_event(**overrides) -> Event:
    topics = overrides.pop("topics", [])
    event = Event.objects.create(
        **{"title": "An event", "slug": unique("event"), "edtf": "2016-07-12", **overrides}
    )
    event.topics.set(topics)
    return event


def make_quote(
    transcript: Transcript | None = None,
    exact: str = "The Philippines won its case in 2016.",
    **overrides,
) -> Quote:
    transcript = transcript or make_transcript()
    return services.quote_create(transcript=transcript, exact=exact, **overrides)


def make_scale(**overrides) -> RatingScale:
    scale = RatingScale.objects.create(
        **{"name": "Accuracy", "slug": unique("scale"), "is_current": True, **overrides}
    )
    for value, label in [(5, "Accurate"), (3, "Needs context"), (1, "Inaccurate")]:
        RatingLevel.objects.create(
            scale=scale,
            slug=label.lower().replace(" ", "-"),
            label=label,
            value=value,
            definition=f"{label}.",
        )
    return scale


def make_level(label: str = "Accurate") -> RatingLevel:
    scale = RatingScale.objects.filter(is_current=True).first() or make_scale()
    return scale.levels.get(label=label)


def make_source(**overrides) -> Source:
    return Source.objects.create(
        **{
            "title": "The award",
            "slug": unique("source"),
            "publisher": "Permanent Court of Arbitration",
            "kind": Source.Kind.COURT_RULING,
            "date": "2016-07-12",
            **overrides,
        }
    )


def make_claim(quote: Quote | None = None, **overrides) -> Claim:
    return Claim.objects.create(
        **{
            "quote": quote or make_quote(),
            "slug": unique("claim"),
            "text": "The Philippines won its case in 2016.",
            **overrides,
        }
    )


def make_verdict(
    claim: Claim | None = None,
    *,
    status: str = Verdict.Status.DRAFT,
    sources: list[Source] | None = None,
    **overrides,
) -> Verdict:
    claim = claim or make_claim()
    published = status in {Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED}
    verdict = Verdict.objects.create(
        **{
            "claim": claim,
            "level": overrides.pop("level", None) or make_level(),
            "rationale": "The award was issued on 12 July 2016.",
            "as_of": datetime.date(2026, 1, 1),
            "status": status,
            "published_at": timezone.now() if published else None,
            **overrides,
        }
    )
    for position, source in enumerate(sources or []):
        Evidence.objects.create(
            verdict=verdict, source=source, stance="supports", position=position
        )
    if status == Verdict.Status.PUBLISHED:
        claim.published_verdict = verdict
        claim.save(update_fields=["published_verdict"])
    return verdict
