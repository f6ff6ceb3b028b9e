"""Small factories for tests: make_<thing>(**overrides) with sensible defaults."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from factcheck import models, roles, services
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


def _one_a_test(username: str, make):
    """The user of that name, made on first use: helpers that need someone to act (an
    author for a draft, two people for a correction) reuse the same people in a test."""
    return get_user_model().objects.filter(username=username).first() or make(username=username)


def newsroom() -> tuple:
    """An editor and an approver, the same two throughout a test."""
    editor = _one_a_test("newsroom-editor", make_editor)
    return editor, _one_a_test("newsroom-approver", make_approver)


def make_speaker(**overrides) -> models.Speaker:
    name = overrides.pop("name", unique("Speaker"))
    return models.Speaker.objects.create(**{"name": name, "slug": name.lower(), **overrides})


def make_transcript(**overrides) -> models.Transcript:
    fields = {
        "slug": unique("interview"),
        "title": "An interview",
        # Each its own text: the same text is not imported twice.
        "text": f"{TRANSCRIPT_TEXT}\n[Editor's note: recording {next(_numbers)}.]",
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
    transcript: models.Transcript | None = None,
    exact: str = "The Philippines won its case in 2016.",
    **overrides,
) -> models.Quote:
    transcript = transcript or make_transcript()
    return services.quote_create(transcript=transcript, exact=exact, **overrides)


def make_scale(**overrides) -> models.RatingScale:
    scale = models.RatingScale.objects.create(
        **{"name": "Accuracy", "slug": unique("scale"), "is_current": True, **overrides}
    )
    for value, label in [(5, "Accurate"), (3, "Needs context"), (1, "Inaccurate")]:
        models.RatingLevel.objects.create(
            scale=scale,
            slug=label.lower().replace(" ", "-"),
            label=label,
            value=value,
            definition=f"{label}.",
        )
    return scale


def make_level(label: str = "Accurate") -> models.RatingLevel:
    scale = models.RatingScale.objects.filter(is_current=True).first() or make_scale()
    return scale.levels.get(label=label)


def make_source(**overrides) -> models.Source:
    return services.source_create(
        **{
            "title": "The award",
            "slug": unique("source"),
            "publisher": "Permanent Court of Arbitration",
            "kind": models.Source.Kind.COURT_RULING,
            "date": "2016-07-12",
            **overrides,
        }
    )


def make_claim(
    quote: models.Quote | None = None,
    *,
    text: str = "The Philippines won its case in 2016.",
    slug: str | None = None,
) -> models.Claim:
    """A claim as a curated dataset brings one: made by no editor."""
    return services.claim_import(
        quote=quote or make_quote(), text=text, slug=slug or unique("claim")
    )


def make_verdict(
    claim: models.Claim | None = None,
    *,
    status: str = models.Verdict.Status.DRAFT,
    sources: list[models.Source] | None = None,
    author=None,
    level: models.RatingLevel | None = None,
    **values,
) -> models.Verdict:
    """A verdict made as the services make one: a draft by `author` (the newsroom's editor
    unless given), that draft submitted for review, or a verdict published as the curated dataset
    publishes one. A verdict in review or published cites `sources`, a new source unless
    given. Corrections and withdrawals are in tests/published.py."""
    claim = claim or make_claim()
    values = {
        "level": level or make_level(),
        "rationale": "The award was issued on 12 July 2016.",
        "analysis": "",
        "as_of": datetime.date(2026, 1, 1),
        **values,
    }
    if status != models.Verdict.Status.DRAFT and not sources:
        sources = [make_source()]
    evidence = [services.EvidenceItem(source=source, stance="supports") for source in sources or []]
    if status == models.Verdict.Status.PUBLISHED:
        if author is not None:
            raise TypeError("A published verdict is imported: it has no author.")
        return services.verdict_import(claim=claim, evidence=evidence, **values)
    if status not in {models.Verdict.Status.DRAFT, models.Verdict.Status.IN_REVIEW}:
        raise ValueError(f"Make a {status} verdict with tests.published, as the desk does.")
    return services.verdict_draft(
        claim=claim,
        evidence=evidence,
        submit=status == models.Verdict.Status.IN_REVIEW,
        by=author or newsroom()[0],
        **values,
    )


def edit_verdict(verdict: models.Verdict, by, **changes) -> models.Verdict:
    """Save a draft as `by`, through verdict_update, from the version the object holds
    (unless `version` is given): the level, rationale, analysis, as-of date and evidence
    as they stand, but for `changes`."""
    values = {
        "version": verdict.version,
        "level": verdict.level,
        "rationale": verdict.rationale,
        "analysis": verdict.analysis,
        "as_of": verdict.as_of,
        "evidence": [
            services.EvidenceItem(source=row.source, stance=row.stance, note=row.note)
            for row in verdict.evidence.all()
        ],
    }
    return services.verdict_update(verdict=verdict, by=by, **{**values, **changes})
