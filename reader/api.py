"""A read-only JSON API for events, claims, verdicts, sources, interviews and speakers.

Plain views returning JSON: four read-only resources do not need a framework. Field names are
part of the contract (documented in the README, "Open data and API"): add fields, never rename
or remove one. Dates are EDTF with their bounds. Lists are paginated by keyset: each page
carries a `next` link with a signed cursor holding the last row's ordering key, so a page costs
the same however deep it is and rows added meanwhile are neither skipped nor repeated.
"""

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from factcheck import scales
from factcheck.models import (
    MENTIONS_BY_INTERVIEW,
    Appearance,
    Claim,
    Evidence,
    Mention,
    Source,
    Speaker,
    Transcript,
    Verdict,
    VerdictQuerySet,
    title_held,
)
from kit.keyset import BadCursor, Keyset
from kit.params import bounded_int, repeatable
from kit.responses import (
    json_error,
    json_response,
    next_page,
    refused_filters,
    unknown_parameters,
)
from reader import representations as represent
from reader import selectors
from reader.exports import LICENCE
from reader.filters import (
    ClaimFilterForm,
    EventFilterForm,
    InterviewFilterForm,
    SourceKindFilterForm,
    SpeakerFilterForm,
    VerdictFilterForm,
    offered,
)
from reader.formats import date_json
from timeline.models import CHRONOLOGICAL, Event

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# A text search matching more events than this reads them in chronological order, stopping
# at the page, rather than gathering and sorting every match (EventFilterForm.read).
SEARCH_PROBE = 1000


class BadRequest(Exception):
    def __init__(self, message: str, errors: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


class Refused(Exception):
    """Stops a view with a response already made (a 400 from kit.responses)."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("Refused.")
        self.response = response


class FiltersRefused(Exception):
    def __init__(self, form: forms.Form) -> None:
        super().__init__("Some filters could not be applied.")
        self.form = form


# Keyset pagination: each list's cursor is signed with the list's name, so a cursor that was
# edited, truncated or taken from another list is refused (400).
EVENTS = Keyset(CHRONOLOGICAL, signed_as="api.events")
CLAIMS = Keyset(("pk",), signed_as="api.claims")
VERDICTS = Keyset(("pk",), signed_as="api.verdicts")
SOURCES = Keyset(("pk",), signed_as="api.sources")
INTERVIEWS = Keyset(("pk",), signed_as="api.interviews")
SPEAKERS = Keyset(("pk",), signed_as="api.speakers")
# The quotes that mention an event, as its page orders them.
EVENT_MENTIONS = Keyset(MENTIONS_BY_INTERVIEW, signed_as="api.event-mentions")

# What every list takes besides its filters.
PAGING = ("limit", "cursor")


def _only(request: HttpRequest, known: tuple[str, ...] = (), several: Iterable[str] = ()) -> None:
    """Refuse a query parameter that is not `known` (400), naming it and those that are, or
    one given twice that does not take `several` values."""
    if refusal := unknown_parameters(request.GET, known, several):
        raise Refused(refusal)


def _limit(request: HttpRequest) -> int:
    text = request.GET.get("limit", "")
    if not text:
        return PAGE_SIZE
    limit = bounded_int(text, high=MAX_PAGE_SIZE)
    if limit is None:
        raise BadRequest(f"`limit` must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    return limit


def _page(
    request: HttpRequest,
    queryset: QuerySet,
    keyset: Keyset,
    serialize: Callable[[list], list[dict]],
) -> HttpResponse:
    limit = _limit(request)
    try:
        page = keyset.page(queryset, request.GET.get("cursor"), limit)
    except BadCursor:
        raise BadRequest(
            "The cursor is not valid: follow the `next` link of a page as it was given."
        ) from None
    next_url, headers = next_page(request, page.next_cursor or "")
    return json_response({"results": serialize(page.items), "next": next_url}, headers=headers)


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD only; a BadRequest becomes a 400 with its message."""

    # Nothing here changes anything (GET and HEAD only), so no CSRF check: a POST is told
    # 405 by the API, in JSON, not refused with the site's HTML page for a form that expired.
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            refusal = json_error(
                f"The API is read-only: {request.method} is not allowed, only GET and HEAD.",
                status=405,
            )
            refusal["Allow"] = "GET, HEAD"
            return refusal
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return json_error(error.message, errors=error.errors)
        except Refused as refused:
            return refused.response
        except FiltersRefused as refused:
            return refused_filters(refused.form)

    return wrapper


FilterForm = TypeVar("FilterForm", bound=forms.Form)


def _valid(request: HttpRequest, form: FilterForm) -> FilterForm:
    """A list's filter form, once every parameter is one it knows (its filters and paging)
    and every filter could be read; else the one refusal (a 400)."""
    _only(request, (*form.fields, *PAGING), repeatable(form.fields))
    if not form.is_valid():
        raise FiltersRefused(form)
    return form


def _not_found(what: str) -> HttpResponse:
    return json_error(f"No such {what}.", status=404)


@api_view
def unknown(request: HttpRequest) -> HttpResponse:
    """Any address under /api/ that names nothing: a 404 in the API's own form, pointing
    to the index of what there is."""
    index = settings.SITE_URL + reverse("api:index")
    return json_error(f"Nothing is at this address. What the API has: {index}", status=404)


# --------------------------------------------------------------------------------------------
# Views


@api_view
def index(request: HttpRequest) -> HttpResponse:
    """The endpoints, and the values the events filters accept."""
    _only(request)
    form = EventFilterForm()
    endpoint = {
        name: settings.SITE_URL + reverse(f"api:{name}_list")
        for name in ("event", "claim", "verdict", "source", "interview", "speaker")
    }
    return json_response(
        {
            "events": endpoint["event"],
            "claims": endpoint["claim"],
            "verdicts": endpoint["verdict"],
            "sources": endpoint["source"],
            "interviews": endpoint["interview"],
            "speakers": endpoint["speaker"],
            "schema": settings.SITE_URL + reverse("api:schema"),
            "filters": {
                "topic": offered(form, "topic"),
                "speaker": offered(form, "speaker"),
                "level": offered(form, "level"),
            },
            "licence": LICENCE,
        }
    )


@api_view
def event_list(request: HttpRequest) -> HttpResponse:
    """Events in chronological order, with the timeline's filters."""
    form = _valid(request, EventFilterForm(request.GET))
    events, _ = form.read(Event.objects.public(), most=SEARCH_PROBE, years=False)
    events = events.select_related("era").with_topics()
    events = selectors.with_first_claims(events, represent.NESTED_LIMIT)

    def serialize(rows: list[Event]) -> list[dict]:
        return [represent.event(request, event) for event in rows]

    return _page(request, events, EVENTS, serialize)


@api_view
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One event, with its first claims (`claims_more` lists them all) and the quotes that
    mention it, NESTED_LIMIT at a time, by interview date (`mentions_more` goes on)."""
    _only(request, ("mentions_cursor",))
    events = Event.objects.public().select_related("era").with_topics().filter(slug=slug)
    event = selectors.with_first_claims(events, represent.NESTED_LIMIT).first()
    if event is None:
        return _not_found("event")
    mentions = (
        Mention.objects.public()
        .filter(event=event)
        .select_related("quote__speaker", "quote__transcript")
        .defer("quote__transcript__text")
        .annotate(speaker_title=title_held())
    )
    try:
        page = EVENT_MENTIONS.page(
            mentions, request.GET.get("mentions_cursor"), represent.NESTED_LIMIT
        )
    except BadCursor:
        raise BadRequest(
            "The cursor is not valid: follow the `mentions_more` link as it was given."
        ) from None
    body = represent.event(request, event)
    body["mentions"] = [
        {
            "quote": represent.quote(request, mention.quote, speaker_title=mention.speaker_title),
            "phrase": mention.phrase,
            "spoken_date": date_json(spoken) if (spoken := mention.spoken_date) else None,
        }
        for mention in page.items
    ]
    if page.next_cursor:
        query = urlencode({"mentions_cursor": page.next_cursor})
        body["mentions_more"] = f"{represent.api(request, 'event_detail', event.slug)}?{query}"
    return json_response(body)


@api_view
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims with a public verdict, oldest first, each with its current verdict."""
    claims = _valid(request, ClaimFilterForm(request.GET)).filter(Claim.objects.public())
    claims = claims.with_current_verdict(listed=True, levels=scales.levels(request).by_id)
    return _page(
        request,
        selectors.with_first_events(claims, represent.NESTED_LIMIT),
        CLAIMS,
        lambda rows: [represent.claim(request, claim) for claim in rows],
    )


@api_view
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _only(request)
    levels = scales.levels(request).by_id
    # Read as a list reads it (represent.claim), its verdicts in full below.
    claims = Claim.objects.public().with_current_verdict(listed=True, levels=levels)
    claims = claims.filter(slug=slug)
    claim = selectors.with_first_events(claims, represent.NESTED_LIMIT).first()
    if claim is None:
        return _not_found("claim")
    verdicts = _verdicts_with_details(request).filter(claim=claim).order_by("published_at", "pk")
    corrections = claim.corrections.order_by("published_at", "pk")
    body = represent.claim(request, claim)
    body["verdicts"] = [represent.verdict(request, verdict) for verdict in verdicts]
    body["corrections"] = [represent.correction(correction) for correction in corrections]
    return json_response(body)


def _verdicts_with_details(request: HttpRequest) -> VerdictQuerySet:
    levels = scales.levels(request).by_id
    return (
        Verdict.objects.public()
        .select_related("claim", "correction")
        .with_levels("", levels=levels)
        .prefetch_related(Prefetch("evidence", Evidence.objects.select_related("source")))
    )


@api_view
def verdict_list(request: HttpRequest) -> HttpResponse:
    """Every public verdict (published, superseded by a correction, or withdrawn), oldest
    first, with its evidence."""
    verdicts = _valid(request, VerdictFilterForm(request.GET)).filter(
        _verdicts_with_details(request)
    )
    return _page(
        request, verdicts, VERDICTS, lambda rows: [represent.verdict(request, v) for v in rows]
    )


@api_view
def verdict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _only(request)
    verdict = _verdicts_with_details(request).filter(pk=pk).first()
    if verdict is None:
        return _not_found("verdict")
    return json_response(represent.verdict(request, verdict))


@api_view
def source_list(request: HttpRequest) -> HttpResponse:
    """Sources cited by public verdicts, oldest first."""
    sources = _valid(request, SourceKindFilterForm(request.GET)).filter(Source.objects.cited())
    return _page(
        request, sources, SOURCES, lambda rows: [represent.source(request, s) for s in rows]
    )


@api_view
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _only(request)
    source = Source.objects.cited().filter(slug=slug).first()
    if source is None:
        return _not_found("source")
    citations = list(
        Evidence.objects.public()
        .filter(source=source)
        .select_related("verdict__claim")
        .order_by("verdict__pk")[: represent.NESTED_LIMIT + 1]
    )
    body = represent.source(request, source)
    body["cited_by"] = [
        {
            "verdict": represent.link(request, "verdict_detail", item.verdict.pk),
            "claim": represent.link(request, "claim_detail", item.verdict.claim.slug),
            "stance": item.stance,
            "note": item.note,
        }
        for item in citations[: represent.NESTED_LIMIT]
    ]
    if len(citations) > represent.NESTED_LIMIT:
        body["cited_by_more"] = represent.listed(request, "verdict_list", source=source.slug)
    return json_response(body)


def _serialize_interviews(request: HttpRequest, rows: list[Transcript]) -> list[dict]:
    selectors.for_the_interview_list(rows, scales.levels(request).by_id)
    return [represent.interview(request, row) for row in rows]


@api_view
def interview_list(request: HttpRequest) -> HttpResponse:
    """Published interviews, oldest first (filter: speaker), each with its cast, the title
    each held then, and the counts and verdicts of what was checked in it."""
    interviews = _valid(request, InterviewFilterForm(request.GET)).filter(
        selectors.listed_interviews()
    )
    return _page(request, interviews, INTERVIEWS, lambda rows: _serialize_interviews(request, rows))


@api_view
def interview_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _only(request)
    interview = selectors.listed_interviews().filter(slug=slug).first()
    if interview is None:
        return _not_found("interview")
    return json_response(_serialize_interviews(request, [interview])[0])


def _speakers() -> QuerySet[Speaker]:
    return Speaker.objects.public().prefetch_related("aliases")


@api_view
def speaker_list(request: HttpRequest) -> HttpResponse:
    """Everyone who speaks in a published interview, oldest first (filter: interview)."""
    speakers = _valid(request, SpeakerFilterForm(request.GET)).filter(_speakers())
    return _page(
        request,
        speakers,
        SPEAKERS,
        lambda rows: [represent.speaker_entry(request, row) for row in rows],
    )


@api_view
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A speaker, with their first interviews (newest first) and the title held in each;
    `appearances_more` lists them all."""
    _only(request)
    speaker = _speakers().filter(slug=slug).first()
    if speaker is None:
        return _not_found("speaker")
    appearances = list(
        Appearance.objects.filter(speaker=speaker, transcript__site_published_at__isnull=False)
        .select_related("speaker", "transcript")
        .defer("transcript__text")
        .order_by("-transcript__interview_date_lower", "-transcript__pk")[
            : represent.NESTED_LIMIT + 1
        ]
    )
    body = represent.speaker_entry(request, speaker)
    body["appearances"] = [
        {
            "interview": represent.link(
                request, "interview_detail", each.transcript.slug, title=each.transcript.title
            ),
            "role": each.role,
            "job_title": each.job_title,
        }
        for each in appearances[: represent.NESTED_LIMIT]
    ]
    if len(appearances) > represent.NESTED_LIMIT:
        body["appearances_more"] = body["interviews"]
    return json_response(body)
