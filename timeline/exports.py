"""The chronology for other newsrooms' tools: Knight Lab TimelineJS3 JSON and a CSV download.

Both take the timeline page's filters (timeline/filters.py), so a filtered view of the site
exports as exactly what the reader sees. A filter that cannot be applied is refused with a
400 and a message, rather than silently exporting more than was asked for.
"""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.views.decorators.http import require_GET

from timeline.filters import EventFilterForm
from timeline.formats import (
    CHUNK_SIZE,
    csv_response,
    csv_text,
    form_errors,
    iso_bound,
    json_error,
    json_response,
    timelinejs_dates,
)
from timeline.models import Era, Event, EventQuerySet

LICENCE = "CC BY 4.0"


def filtered_events(request: HttpRequest) -> EventQuerySet | HttpResponse:
    """The events the query string asks for, chronologically, or a 400 naming what is wrong."""
    form = EventFilterForm(request.GET)
    if not form.is_valid():
        return json_error("Some filters could not be applied.", errors=form_errors(form.errors))
    return form.filter(Event.objects.chronological())


def _slide(event: Event) -> dict:
    # TimelineJS inserts headline and text as HTML ("HTML markup is OK"): everything from the
    # database is escaped first, so a title such as "<script>" is shown, never run.
    page = settings.SITE_URL + event.get_absolute_url()
    text = linebreaks(event.summary, autoescape=True) if event.summary else ""
    text += f'<p><a href="{escape(page)}">Quotes and verdicts: {escape(settings.SITE_NAME)}</a></p>'
    slide = {
        **timelinejs_dates(event.edtf),
        "display_date": escape(event.date_label),
        "text": {"headline": escape(event.title), "text": text},
        "unique_id": event.slug,
    }
    topics = list(event.topics.all())  # prefetched, in Topic's order (by name)
    if topics:
        slide["group"] = escape(topics[0].name)
    return slide


def _era(era: Era, today: datetime.date) -> dict | None:
    """An era needs both ends (TimelineJS3 docs, "Era objects"). One still running (an open
    end, "2012-11-15/..") runs to today; one whose end is unknown ("2012/") is left out
    rather than given an end it does not have; a single date is an era of that one date."""
    dates = timelinejs_dates(era.edtf)
    if "end_date" not in dates:
        if era.edtf.endswith("/.."):
            dates["end_date"] = {"year": today.year, "month": today.month, "day": today.day}
        elif era.fuzzy_date.is_interval:
            return None
        else:
            dates["end_date"] = dates["start_date"]
    return {**dates, "text": {"headline": escape(era.title)}}


@require_GET
def timelinejs(request: HttpRequest) -> HttpResponse:
    events = filtered_events(request)
    if isinstance(events, HttpResponse):
        return events
    events = events.prefetch_related("topics")
    title_text = (
        "<p>Every dated event in the interviews, with the speaker’s words and what reviewers "
        f"found. Data: {escape(settings.PUBLISHER_NAME)}, {LICENCE}.</p>"
    )
    today = timezone.localdate()
    eras = [era for era in (_era(era, today) for era in Era.objects.all()) if era is not None]
    timeline = {
        "title": {"text": {"headline": escape(settings.SITE_NAME), "text": title_text}},
        "events": [_slide(event) for event in events],
        "scale": "human",
    }
    if eras:
        timeline["eras"] = eras
    return json_response(timeline)


def _event_rows(events: EventQuerySet) -> Iterator[list]:
    for event in events.iterator(chunk_size=CHUNK_SIZE):
        fuzzy = event.fuzzy_date
        yield [
            event.slug,
            csv_text(event.title),
            csv_text(event.summary),
            fuzzy.edtf,
            fuzzy.label,
            iso_bound(fuzzy.lower) or "",
            iso_bound(fuzzy.upper) or "",
            fuzzy.precision.value,
            "yes" if fuzzy.approximate else "no",
            "yes" if fuzzy.uncertain else "no",
            "; ".join(topic.name for topic in event.topics.all()),
            event.era.title if event.era else "",
            settings.SITE_URL + event.get_absolute_url(),
            event.updated_at.isoformat(),
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
]


@require_GET
def events_csv(request: HttpRequest) -> HttpResponse:
    events = filtered_events(request)
    if isinstance(events, HttpResponse):
        return events
    events = events.select_related("era").prefetch_related("topics")
    return csv_response("events.csv", EVENT_COLUMNS, _event_rows(events))
