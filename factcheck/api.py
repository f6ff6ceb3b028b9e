"""A read-only JSON API for events, claims, verdicts and sources.

Plain views returning JSON: four read-only resources do not need a framework. Field names are
part of the contract (documented in the README, "Open data and API"): add fields, never rename
or remove one. Dates are EDTF with their bounds. Lists are paginated by keyset: each page
carries a `next` link with a signed cursor holding the last row's ordering key, so a page costs
the same however deep it is and rows added meanwhile are neither skipped nor repeated.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from factcheck.claimreview import interview_url, with_text_fragment
from factcheck.models import (
    Claim,
    Correction,
    Evidence,
    Mention,
    Quote,
    RatingLevel,
    Source,
    Speaker,
    Transcript,
    Verdict,
)
from timeline.exports import LICENCE
from timeline.filters import EventFilterForm
from timeline.formats import date_json, form_errors, json_error, json_response
from timeline.models import Event

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class BadRequest(Exception):
    def __init__(self, message: str, errors: dict | None = None) -> None:
        super().__init__(message)
        self.message, self.errors = message, errors


# --------------------------------------------------------------------------------------------
# Keyset pagination


@dataclass(frozen=True)
class Keyset:
    """An ordering by `fields` (all ascending, the last one unique) that pages can resume from.

    The cursor is the last row's values for those fields, signed with the endpoint's name, so
    a cursor that was edited, truncated or taken from another endpoint is refused (400)."""

    endpoint: str
    fields: tuple[str, ...]
    decoders: tuple[Callable[[Any], Any], ...]

    @property
    def signer(self) -> signing.Signer:
        return signing.Signer(salt=f"factcheck.api.cursor.{self.endpoint}")

    def cursor(self, row: Any) -> str:
        values = [getattr(row, field) for field in self.fields]
        return self.signer.sign_object(
            [v.isoformat() if isinstance(v, date) else v for v in values]
        )

    def values(self, cursor: str) -> list[Any]:
        try:
            raw = self.signer.unsign_object(cursor)
            if not isinstance(raw, list) or len(raw) != len(self.fields):
                raise ValueError
            return [decode(value) for decode, value in zip(self.decoders, raw, strict=True)]
        except (signing.BadSignature, ValueError, TypeError):
            raise BadRequest(
                "The cursor is not valid: follow the `next` link of a page as it was given."
            ) from None

    def after(self, queryset: QuerySet, values: list[Any]) -> QuerySet:
        """Rows strictly after `values` in this ordering: (a, b, c) > (x, y, z)."""
        condition = Q()
        for position, field in enumerate(self.fields):
            equal = dict(zip(self.fields[:position], values[:position], strict=True))
            condition |= Q(**equal, **{f"{field}__gt": values[position]})
        return queryset.filter(condition)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value


EVENTS = Keyset(
    "events", ("date_lower", "date_upper", "pk"), (date.fromisoformat, date.fromisoformat, _integer)
)
CLAIMS = Keyset("claims", ("pk",), (_integer,))
VERDICTS = Keyset("verdicts", ("pk",), (_integer,))
SOURCES = Keyset("sources", ("pk",), (_integer,))


def _limit(request: HttpRequest) -> int:
    text = request.GET.get("limit", "")
    if not text:
        return PAGE_SIZE
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not re.fullmatch(r"[0-9]{1,4}", text) or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise BadRequest(f"`limit` must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    return int(text)


def _page(
    request: HttpRequest,
    queryset: QuerySet,
    keyset: Keyset,
    serialize: Callable[[list], list[dict]],
) -> HttpResponse:
    limit = _limit(request)
    if cursor := request.GET.get("cursor"):
        queryset = keyset.after(queryset, keyset.values(cursor))
    rows = list(queryset.order_by(*keyset.fields)[: limit + 1])
    headers, next_url = {}, None
    if len(rows) > limit:
        rows = rows[:limit]
        params = request.GET.copy()
        params["cursor"] = keyset.cursor(rows[-1])
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        headers["Link"] = f'<{next_url}>; rel="next"'
    return json_response({"results": serialize(rows), "next": next_url}, headers=headers)


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET only; a BadRequest becomes a 400 with its message."""

    @require_GET
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return json_error(error.message, errors=error.errors)

    return wrapper


def _valid(form: forms.Form) -> dict:
    if not form.is_valid():
        raise BadRequest("Some filters could not be applied.", form_errors(form.errors))
    return form.cleaned_data


def _not_found(what: str) -> HttpResponse:
    return json_error(f"No such {what}.", status=404)


# --------------------------------------------------------------------------------------------
# Representations. Keys are the API's contract.


def _api(request: HttpRequest, name: str, key: Any) -> str:
    arg = "pk" if isinstance(key, int) else "slug"
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs={arg: key}))


def _page_url(instance: Any) -> str:
    return settings.SITE_URL + instance.get_absolute_url()


def _speaker(speaker: Speaker) -> dict:
    return {"slug": speaker.slug, "name": speaker.name, "job_title": speaker.job_title}


def _transcript(transcript: Transcript) -> dict:
    return {
        "slug": transcript.slug,
        "title": transcript.title,
        "publisher": transcript.publisher,
        "url": transcript.url or None,
        "interview_date": date_json(transcript.interview_date),
        "published": date_json(transcript.published) if transcript.published else None,
    }


def _quote(quote: Quote) -> dict:
    """The words and their W3C Web Annotation selectors (TextQuote + TextPosition)."""
    return {
        "exact": quote.exact,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
        "start": quote.start,
        "end": quote.end,
        "anchor_status": quote.anchor_status,
        "speaker": _speaker(quote.speaker),
        "transcript": _transcript(quote.transcript),
        "appearance": with_text_fragment(interview_url(quote.transcript), quote.exact),
    }


def _level(level: RatingLevel) -> dict:
    return {"slug": level.slug, "label": level.label, "value": level.value}


def _link(request: HttpRequest, name: str, key: Any, **extra: Any) -> dict:
    return {
        "slug" if isinstance(key, str) else "id": key,
        **extra,
        "api_url": _api(request, name, key),
    }


def _verdict_summary(request: HttpRequest, verdict: Verdict | None) -> dict | None:
    if verdict is None:
        return None
    return {
        "id": verdict.pk,
        "level": _level(verdict.level),
        "rationale": verdict.rationale,
        "as_of": verdict.as_of,
        "published_at": verdict.published_at,
        "api_url": _api(request, "verdict_detail", verdict.pk),
    }


def _event(request: HttpRequest, event: Event, claims: list[str]) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "date": date_json(event.edtf),
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in event.topics.all()],
        "era": (
            {"slug": event.era.slug, "title": event.era.title, "date": date_json(event.era.edtf)}
            if event.era
            else None
        ),
        "claims": [_link(request, "claim_detail", slug) for slug in claims],
        "url": _page_url(event),
        "api_url": _api(request, "event_detail", event.slug),
        "updated_at": event.updated_at,
    }


def _claim(request: HttpRequest, claim: Claim) -> dict:
    return {
        "slug": claim.slug,
        "text": claim.text,
        "quote": _quote(claim.quote),
        "events": [
            _link(request, "event_detail", event.slug) for event in claim.quote.events.all()
        ],
        "verdict": _verdict_summary(request, claim.published_verdict),
        "url": _page_url(claim),
        "api_url": _api(request, "claim_detail", claim.slug),
    }


def _evidence(request: HttpRequest, item: Evidence) -> dict:
    source = item.source
    return {
        "source": _link(request, "source_detail", source.slug, title=source.title),
        "stance": item.stance,
        "note": item.note,
    }


def _correction(correction: Correction | None) -> dict | None:
    if correction is None:
        return None
    return {
        "kind": correction.kind,
        "note": correction.note,
        "published_at": correction.published_at,
        "previous": correction.previous_id,
        "revision": correction.revision_id,
    }


def _correction_of(verdict: Verdict) -> Correction | None:
    """The correction that published this verdict as a revision, if it is one."""
    try:
        return verdict.correction
    except Correction.DoesNotExist:
        return None


def _verdict(request: HttpRequest, verdict: Verdict) -> dict:
    return {
        "id": verdict.pk,
        "claim": _link(request, "claim_detail", verdict.claim.slug),
        "status": verdict.status,
        "level": _level(verdict.level),
        "rationale": verdict.rationale,
        "analysis": verdict.analysis,
        "as_of": verdict.as_of,
        "published_at": verdict.published_at,
        "revises": verdict.revises_id,
        "correction": _correction(_correction_of(verdict)),
        "evidence": [_evidence(request, item) for item in verdict.evidence.all()],
        "api_url": _api(request, "verdict_detail", verdict.pk),
    }


def _source(request: HttpRequest, source: Source) -> dict:
    return {
        "slug": source.slug,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "kind": source.kind,
        "date": date_json(source.date) if source.date else None,
        "url": source.url or None,
        "archived_url": source.archived_url or None,
        "api_url": _api(request, "source_detail", source.slug),
    }


# --------------------------------------------------------------------------------------------
# What readers may see


def public_claims() -> QuerySet[Claim]:
    """Claims with a verdict readers can see, including one since withdrawn: its record
    stays public (IFCN principle 5)."""
    return Claim.objects.filter(pk__in=Verdict.objects.public().values("claim"))


def cited_sources() -> QuerySet[Source]:
    """Sources cited by a verdict readers can see; a source cited only in a draft is not."""
    return Source.objects.filter(
        pk__in=Evidence.objects.filter(verdict__in=Verdict.objects.public()).values("source")
    )


def _claims_by_event(events: list[Event]) -> dict[int, list[str]]:
    """{event id: [slug of each public claim about it]}, in one query."""
    rows = (
        public_claims()
        .filter(quote__mentions__event__in=events)
        .values_list("quote__mentions__event", "slug")
        .order_by("pk")
    )
    found: dict[int, list[str]] = {}
    for event_id, slug in rows:
        found.setdefault(event_id, []).append(slug)
    return found


# --------------------------------------------------------------------------------------------
# Views


@api_view
def index(request: HttpRequest) -> HttpResponse:
    """The endpoints, and the values the events filters accept."""
    form = EventFilterForm()
    endpoint = {
        name: request.build_absolute_uri(reverse(f"api:{name}_list"))
        for name in ("event", "claim", "verdict", "source")
    }
    return json_response(
        {
            "events": endpoint["event"],
            "claims": endpoint["claim"],
            "verdicts": endpoint["verdict"],
            "sources": endpoint["source"],
            "filters": {
                "topic": [slug for slug, _ in form.fields["topic"].choices],
                "speaker": [slug for slug, _ in form.fields["speaker"].choices if slug],
                "level": [slug for slug, _ in form.fields["level"].choices],
            },
            "licence": LICENCE,
        }
    )


@api_view
def event_list(request: HttpRequest) -> HttpResponse:
    """Events in chronological order, with the timeline's filters."""
    form = EventFilterForm(request.GET)
    _valid(form)
    events = form.filter(Event.objects.all()).select_related("era").prefetch_related("topics")

    def serialize(rows: list[Event]) -> list[dict]:
        claims = _claims_by_event(rows)
        return [_event(request, event, claims.get(event.pk, [])) for event in rows]

    return _page(request, events, EVENTS, serialize)


@api_view
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.select_related("era").prefetch_related("topics").filter(slug=slug).first()
    if event is None:
        return _not_found("event")
    mentions = (
        Mention.objects.filter(event=event)
        .select_related("quote__speaker", "quote__transcript")
        .order_by("quote__transcript", "quote__start")
    )
    body = _event(request, event, _claims_by_event([event]).get(event.pk, []))
    body["mentions"] = [
        {
            "quote": _quote(mention.quote),
            "phrase": mention.phrase,
            "spoken_date": date_json(mention.spoken_edtf) if mention.spoken_edtf else None,
        }
        for mention in mentions
    ]
    return json_response(body)


class SlugFilterForm(forms.Form):
    """Filters naming things by slug: a slug that names nothing is an error, not an empty
    list, so a typo is caught rather than mistaken for "no results"."""

    def known(self, field: str, queryset: QuerySet, what: str) -> str:
        slug = self.cleaned_data[field]
        if slug and not queryset.filter(slug=slug).exists():
            raise forms.ValidationError(f"No {what} has the slug “{slug}”.", code="unknown")
        return slug


class ClaimFilterForm(SlugFilterForm):
    speaker = forms.SlugField(required=False)
    level = forms.SlugField(required=False)
    event = forms.SlugField(required=False)
    q = forms.CharField(required=False, max_length=200)

    def clean_speaker(self) -> str:
        return self.known("speaker", Speaker.objects.all(), "speaker")

    def clean_level(self) -> str:
        return self.known("level", RatingLevel.objects.all(), "rating level")

    def clean_event(self) -> str:
        return self.known("event", Event.objects.all(), "event")


@api_view
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims with a public verdict, oldest first, each with its current verdict."""
    data = _valid(ClaimFilterForm(request.GET))
    claims = public_claims()
    if data["speaker"]:
        claims = claims.filter(quote__speaker__slug=data["speaker"])
    if data["level"]:
        claims = claims.filter(published_verdict__level__slug=data["level"])
    if data["event"]:
        claims = claims.filter(
            pk__in=Claim.objects.filter(quote__mentions__event__slug=data["event"]).values("pk")
        )
    if data["q"].strip():
        text = data["q"].strip()
        claims = claims.filter(Q(text__icontains=text) | Q(quote__exact__icontains=text))
    claims = claims.with_current_verdict().prefetch_related("quote__events")
    return _page(request, claims, CLAIMS, lambda rows: [_claim(request, c) for c in rows])


@api_view
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = (
        public_claims()
        .with_current_verdict()
        .prefetch_related("quote__events")
        .filter(slug=slug)
        .first()
    )
    if claim is None:
        return _not_found("claim")
    verdicts = _verdicts_with_details().filter(claim=claim).order_by("published_at", "pk")
    corrections = claim.corrections.order_by("published_at", "pk")
    body = _claim(request, claim)
    body["verdicts"] = [_verdict(request, verdict) for verdict in verdicts]
    body["corrections"] = [_correction(correction) for correction in corrections]
    return json_response(body)


PUBLIC_STATUSES = (Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED, Verdict.Status.WITHDRAWN)


class VerdictFilterForm(SlugFilterForm):
    claim = forms.SlugField(required=False)
    level = forms.SlugField(required=False)
    status = forms.ChoiceField(
        required=False, choices=[("", "Any"), *[(s.value, s.label) for s in PUBLIC_STATUSES]]
    )

    def clean_claim(self) -> str:
        return self.known("claim", public_claims(), "claim")

    def clean_level(self) -> str:
        return self.known("level", RatingLevel.objects.all(), "rating level")


def _verdicts_with_details() -> QuerySet[Verdict]:
    return (
        Verdict.objects.public()
        .select_related("level", "claim", "correction")
        .prefetch_related(Prefetch("evidence", Evidence.objects.select_related("source")))
    )


@api_view
def verdict_list(request: HttpRequest) -> HttpResponse:
    """Every public verdict (published, superseded by a correction, or withdrawn), oldest
    first, with its evidence."""
    data = _valid(VerdictFilterForm(request.GET))
    verdicts = _verdicts_with_details()
    if data["claim"]:
        verdicts = verdicts.filter(claim__slug=data["claim"])
    if data["level"]:
        verdicts = verdicts.filter(level__slug=data["level"])
    if data["status"]:
        verdicts = verdicts.filter(status=data["status"])
    return _page(request, verdicts, VERDICTS, lambda rows: [_verdict(request, v) for v in rows])


@api_view
def verdict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = _verdicts_with_details().filter(pk=pk).first()
    if verdict is None:
        return _not_found("verdict")
    return json_response(_verdict(request, verdict))


class SourceFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "Any"), *Source.Kind.choices])


@api_view
def source_list(request: HttpRequest) -> HttpResponse:
    """Sources cited by public verdicts, oldest first."""
    data = _valid(SourceFilterForm(request.GET))
    sources = cited_sources()
    if data["kind"]:
        sources = sources.filter(kind=data["kind"])
    return _page(request, sources, SOURCES, lambda rows: [_source(request, s) for s in rows])


@api_view
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = cited_sources().filter(slug=slug).first()
    if source is None:
        return _not_found("source")
    citations = (
        Evidence.objects.filter(source=source, verdict__in=Verdict.objects.public())
        .select_related("verdict__claim")
        .order_by("verdict__pk")
    )
    body = _source(request, source)
    body["cited_by"] = [
        {
            "verdict": _link(request, "verdict_detail", item.verdict.pk),
            "claim": _link(request, "claim_detail", item.verdict.claim.slug),
            "stance": item.stance,
            "note": item.note,
        }
        for item in citations
    ]
    return json_response(body)
