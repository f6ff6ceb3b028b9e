"""The data for other newsrooms' tools: the chronology as Knight Lab TimelineJS3 JSON and a
CSV download, every published ClaimReview as one JSON list, and the claims as CSV.

The chronology's exports take the timeline page's filters (reader/filters.py), so a filtered
view of the site exports as exactly what the reader sees. A filter that cannot be applied is
refused with a 400 and a message, rather than silently exporting more than was asked for.
"""

import datetime
import re
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from factcheck.models import Claim
from kit.keyset import BadCursor
from kit.params import query_string, repeatable
from kit.responses import (
    CHUNK_SIZE,
    csv_response,
    csv_text,
    json_error,
    json_response,
    moment,
    next_page,
    refused_filters,
    unknown_parameters,
)
from reader import selectors
from reader.claimreview import claim_reviews
from reader.filters import EventFilterForm
from reader.formats import iso_bound, timelinejs_dates, timelinejs_span
from reader.representations import NESTED_LIMIT
from timeline.dates import end_precisions, parse_edtf
from timeline.models import Era, Event, EventQuerySet

LICENCE = "CC BY 4.0"


def filtered_events(request: HttpRequest) -> tuple[EventFilterForm, EventQuerySet] | HttpResponse:
    """The filters the query string asks for and the events they let through,
    chronologically, or a 400 naming what is wrong (a filter that cannot be applied, or a
    parameter that is no filter)."""
    form = EventFilterForm(request.GET)
    if refusal := unknown_parameters(request.GET, form.fields, repeatable(form.fields)):
        return refusal
    if not form.is_valid():
        return refused_filters(form)
    return form, form.filter(Event.objects.public().chronological())


def _slide(event: Event) -> dict:
    # TimelineJS inserts headline and text as HTML ("HTML markup is OK"): everything from the
    # database is escaped first, so a title such as "<script>" is shown, never run.
    page = settings.SITE_URL + event.get_absolute_url()
    text = linebreaks(event.summary, autoescape=True) if event.summary else ""
    text += f'<p><a href="{escape(page)}">Quotes and verdicts: {escape(settings.SITE_NAME)}</a></p>'
    slide = {
        **timelinejs_dates(event),
        "display_date": escape(event.date_label),
        "text": {"headline": escape(event.title), "text": text},
        "unique_id": event.slug,
    }
    topics = event.listed_topics  # read with the events, in Topic's order (by name)
    if topics:
        slide["group"] = escape(topics[0].name)
    return slide


def _era(era: Era, today: datetime.date) -> dict | None:
    """An era needs both ends (TimelineJS3 docs, "Era objects"). One still running (an open
    end, "2012-11-15/..") runs to today; one whose end is unknown ("2012/") is left out
    rather than given an end it does not have; a single date is an era of that one date."""
    dates = timelinejs_dates(era)
    if "end_date" not in dates:
        if era.edtf.endswith("/.."):
            dates["end_date"] = {"year": today.year, "month": today.month, "day": today.day}
        elif era.is_span:
            return None
        else:
            dates["end_date"] = dates["start_date"]
    return {**dates, "text": {"headline": escape(era.title)}}


# TimelineJS draws every slide in the reader's browser at once, and the JSON would grow with
# the archive: past this many events, timeline.json asks for a narrower chronology.
TIMELINEJS_MAX_EVENTS = 1000


def read_only(view):
    """GET and HEAD only (405 otherwise), and so no CSRF check: a program that POSTs is told
    the method is wrong, not handed the site's HTML page for a form that expired."""
    return csrf_exempt(require_safe(view))


@read_only
def timelinejs(request: HttpRequest) -> HttpResponseBase:
    filtered = filtered_events(request)
    if isinstance(filtered, HttpResponse):
        return filtered
    _, events = filtered
    shown = list(events.with_topics()[: TIMELINEJS_MAX_EVENTS + 1])
    if len(shown) > TIMELINEJS_MAX_EVENTS:
        return json_error(
            f"This chronology has more than {TIMELINEJS_MAX_EVENTS:,} events, more than "
            "timeline.json builds at once. Narrow it with the timeline's filters: dates "
            "(?dates=2012-2016), topic (?topic=south-china-sea), speaker, verdict (?level=) or "
            "words (?q=); events.csv and the API list every event."
        )
    credit = f"<p>Data: {escape(settings.PUBLISHER_NAME)}, {LICENCE}.</p>"
    title_text = (
        "<p>Every dated event in the interviews, with the speaker’s words and what reviewers "
        f"found.</p>{credit}"
    )
    today = timezone.localdate()
    eras = [era for era in (_era(era, today) for era in Era.objects.all()) if era is not None]
    timeline = {
        "title": {"text": {"headline": escape(settings.SITE_NAME), "text": title_text}},
        "events": [_slide(event) for event in shown],
        "scale": "human",
    }
    if not timeline["events"]:
        nothing = _nothing_matched(request, credit)
        timeline["title"] = nothing
        timeline["events"] = [
            {**nothing, **_nothing_matched_date(request), "unique_id": NO_EVENTS_ID}
        ]
    if eras:
        timeline["eras"] = eras
    return json_response(timeline)


# TimelineJS refuses a timeline with no events ("Timeline configuration has no events"), so
# when the filters match nothing the export holds one slide that says so, with the filters
# and a link to the whole chronology; its unique_id tells programs it is no event.
NO_EVENTS_ID = "no-matching-events"


def _nothing_matched(request: HttpRequest, credit: str) -> dict:
    """The filters as the chronology's page names them ("Search: tariff; Dates: 1800"), with
    links to that page so filtered, where a reader can change them, and to the whole
    chronology."""
    form = EventFilterForm(request.GET)
    form.is_valid()  # (they were read: nothing matched them) for an interview's title

    def named(name: str, value: str) -> str:
        """A value as the chronology lists the filters applied: a topic by its name, an
        interview by its title, a claim by its first words."""
        return str(form.labels(name).get(value, value)) if name in form.fields else value

    filters = "; ".join(
        f"{form.fields[name].label if name in form.fields else name}: {named(name, value)}"
        for name, values in request.GET.lists()
        for value in values
    )
    chronology = settings.SITE_URL + reverse("reader:event_list")
    filtered = chronology + query_string(request.GET).removesuffix("?")
    text = (
        f"<p>Filters: {escape(filters)}.</p>"
        f'<p><a href="{escape(filtered)}">Change them on the chronology</a>, or see '
        f'<a href="{escape(chronology)}">the whole chronology</a>.</p>'
        f"{credit}"
    )
    return {"text": {"headline": "No events match these filters", "text": text}}


def _nothing_matched_date(request: HttpRequest) -> dict:
    """The slide's date: where the dates asked for begin, or today."""
    form = EventFilterForm(request.GET)
    asked = form.cleaned_data.get("dates") if form.is_valid() else None
    if asked is not None and asked.lower != datetime.date.min:
        # The reader's own input, parsed as it is read (the filter form parsed it too).
        start = parse_edtf(asked.edtf.split("/")[0] or asked.edtf)
        return timelinejs_span(start.lower, start.upper, *end_precisions(start.edtf))
    today = timezone.localdate()
    return {"start_date": {"year": today.year, "month": today.month, "day": today.day}}


def _event_rows(events: EventQuerySet) -> Iterator[list]:
    for event in events.iterator(chunk_size=CHUNK_SIZE):
        # What was derived when the date was saved: nothing is parsed here.
        yield [
            event.slug,
            csv_text(event.title),
            csv_text(event.summary),
            event.edtf,
            event.date_label,
            iso_bound(event.date_lower) or "",
            iso_bound(event.date_upper) or "",
            event.precision,
            "yes" if "~" in event.edtf or "%" in event.edtf else "no",
            "yes" if "?" in event.edtf or "%" in event.edtf else "no",
            csv_text("; ".join(topic.name for topic in event.listed_topics)),
            csv_text(event.era.title) if event.era else "",
            settings.SITE_URL + event.get_absolute_url(),
            moment(event.updated_at),
            "; ".join(topic.slug for topic in event.listed_topics),
            event.era.slug if event.era else "",
        ]


EVENT_COLUMNS = [
    "slug",
    "title",
    "summary",
    "date_edtf",
    "date_label",
    "date_lower",
    "date_upper",
    "date_precision",
    "date_approximate",
    "date_uncertain",
    "topics",
    "era",
    "url",
    "updated_at",
    # Added after the columns above: the topics and the era as the filters and the API
    # name them, to join on (the columns above name them as readers read them).
    "topic_slugs",
    "era_slug",
]


# A filtered file's name says what it holds, up to this many characters before ".csv".
FILENAME_LENGTH = 80


def filtered_filename(stem: str, form: EventFilterForm) -> str:
    """A download's name with the filters it was asked with, as a reader keeps several
    side by side: "events-south-china-sea-2015-2016.csv", "events-2012-onwards.csv",
    "events-search-taiwan.csv"; "events.csv" unfiltered. In any script (the header says
    it as RFC 6266 asks)."""
    asked = [
        # "2015–2016" and "2015/2016" as "2015-2016", not "20152016"
        slugify(re.sub(r"[\s/\u2010-\u2015-]+", " ", part), allow_unicode=True)
        for part in form.described()
    ]
    name = "-".join(filter(None, [stem, *asked]))
    if len(name) > FILENAME_LENGTH:
        cut = name[:FILENAME_LENGTH]
        # Between words, the end of one cut short dropped; a long word is cut.
        head, _, tail = cut.rpartition("-")
        if name[FILENAME_LENGTH] != "-" and len(tail) < FILENAME_LENGTH // 4:
            cut = head
        name = cut
    return f"{name}.csv"


@read_only
def events_csv(request: HttpRequest) -> HttpResponseBase:
    filtered = filtered_events(request)
    if isinstance(filtered, HttpResponse):
        return filtered
    form, events = filtered
    events = events.select_related("era").with_topics()
    return csv_response(filtered_filename("events", form), EVENT_COLUMNS, _event_rows(events))


@read_only
def claim_review_feed(request: HttpRequest) -> HttpResponseBase:
    """The published ClaimReviews as a JSON list, in the order the claims were first
    published, FEED_PAGE_SIZE a response:
    what fact-check aggregators harvest besides the JSON-LD on each claim page. The Link
    header names the next page (rel="next"), as the API's lists do."""
    if refusal := unknown_parameters(request.GET, ("cursor",)):
        return refusal
    try:
        reviews, next_cursor = claim_reviews(request.GET.get("cursor") or None, request)
    except BadCursor:
        return json_error("The cursor is not valid: follow the Link header's next page as given.")
    return json_response(reviews, headers=next_page(request, next_cursor)[1])


CLAIM_COLUMNS = [
    "slug",
    "claim",
    "quote",
    "speaker",
    "speaker_job_title",
    "interview",
    "interview_url",
    "interview_date",
    "events",
    "verdict_level",
    "verdict_label",
    "verdict_value",
    "verdict_rationale",
    "verdict_as_of",
    "verdict_published_at",
    "first_published_at",
    "url",
    # Added after the columns above: "published", or "withdrawn" (the verdict columns then
    # empty; the claim page says why).
    "status",
    # Where the interview's publisher has it (interview_url is its page on this site, as
    # `url` is the claim's), and the bounds of its date, as events.csv gives an event's.
    "interview_source_url",
    "interview_date_lower",
    "interview_date_upper",
    # How many events the quote mentions (`events` names the first of them), and the
    # events.csv of them all.
    "event_count",
    "events_url",
]


# A claims.csv row names this many of the events its quote mentions (`event_count` says how
# many there are, `events_url` lists them all): a row stays the same size whatever a quote
# mentions.
EVENTS_PER_CLAIM_ROW = NESTED_LIMIT


def _claim_rows() -> Iterator[list]:
    public = selectors.with_event_count(Claim.objects.public().with_current_verdict(listed=True))
    claims = selectors.with_first_events(public, EVENTS_PER_CLAIM_ROW).order_by("pk")
    events_csv = settings.SITE_URL + reverse("reader:events_csv")
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        quote, verdict = claim.quote, claim.published_verdict
        transcript = quote.transcript
        verdict_cells: list = ["", "", "", "", "", ""]
        if verdict is not None:
            verdict_cells = [
                verdict.level.slug,
                csv_text(verdict.level.label),
                verdict.level.value,
                csv_text(verdict.rationale),
                verdict.as_of.isoformat(),
                moment(verdict.published_at) if verdict.published_at else "",
            ]
        yield [
            claim.slug,
            csv_text(claim.text),
            csv_text(quote.exact),
            csv_text(quote.speaker.name),
            csv_text(claim.speaker_title),  # as of that interview
            csv_text(transcript.title),
            settings.SITE_URL + transcript.get_absolute_url(),
            transcript.interview_date,
            "; ".join(claim.first_events[:EVENTS_PER_CLAIM_ROW]),  # chronologically
            *verdict_cells,
            moment(claim.first_published_at),  # public claims
            settings.SITE_URL + claim.get_absolute_url(),
            "published" if verdict is not None else "withdrawn",
            transcript.url,
            iso_bound(transcript.interview_date_lower) or "",
            iso_bound(transcript.interview_date_upper) or "",
            claim.event_count,
            f"{events_csv}?claim={claim.slug}",
        ]


@read_only
def claims_csv(request: HttpRequest) -> HttpResponseBase:
    if refusal := unknown_parameters(request.GET, ()):
        return refusal
    return csv_response("claims.csv", CLAIM_COLUMNS, _claim_rows())
