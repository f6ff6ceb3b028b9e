"""The chronology's vocabulary on the database: which events a date window holds, read from
the chronological index from just before the window, not from the archive's start."""

import datetime

import pytest
from django.db import connection

from tests.factories import make_event
from timeline.models import Event

pytestmark = pytest.mark.django_db

WINDOW = (datetime.date(2012, 1, 1), datetime.date(2016, 12, 31))


def in_window() -> list[str]:
    return [event.title for event in Event.objects.between(*WINDOW).chronological()]


def test_a_window_holds_every_event_overlapping_it_in_chronological_order():
    make_event(title="Long before", edtf="1990-05-01")
    make_event(title="Ends just before", edtf="2011-12-31")
    make_event(title="Under way when it opens", edtf="2011-06-01/2012-02-01")
    make_event(title="Inside", edtf="2014-03")
    make_event(title="A decade", edtf="201X")
    make_event(title="Open start", edtf="../2013")
    make_event(title="Years long", edtf="1999/2015")
    make_event(title="Opens as it ends", edtf="2016-12-31/2020")
    make_event(title="After", edtf="2017-01-01")
    assert in_window() == [
        "Open start",
        "Years long",
        "A decade",
        "Under way when it opens",
        "Inside",
        "Opens as it ends",
    ]


def test_a_long_event_is_marked_when_saved_and_a_short_one_is_not():
    assert make_event(edtf="199X").long_span
    assert make_event(edtf="../2013").long_span
    assert make_event(edtf="2010/2012").long_span
    assert not make_event(edtf="2016").long_span
    assert not make_event(edtf="2016-02-29~").long_span


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_window_reads_the_chronological_index_between_two_bounds():
    # Bounded on both sides, the planner reads the index from just before the window and
    # never from the archive's first event, whatever its size.
    steps = plan(Event.objects.between(*WINDOW).chronological()[:21])
    assert (
        "SEARCH timeline_event USING INDEX event_chronological (date_lower>? AND date_lower<?)"
        in steps
    )
    assert not any("TEMP B-TREE" in step for step in steps)  # read in order, never sorted
    assert any("USING INDEX event_long_span" in step for step in steps)


def plan(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def test_events_among_many_ids_keep_their_order_and_all_of_them():
    for year in (2016, 2012, 2014):
        make_event(title=f"In {year}", edtf=str(year))
    make_event(title="Not among them", edtf="2013")
    ids = Event.objects.exclude(title="Not among them").values("pk")
    for many in (False, True):
        listed = Event.objects.among(ids, many=many).chronological()
        assert [event.title for event in listed] == ["In 2012", "In 2014", "In 2016"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_page_of_many_ids_is_read_in_chronological_order_not_sorted():
    # Thousands of ids (a common word): reading the chronology in order stops at a page;
    # gathering the ids and sorting them all would cost as much as there are.
    ids = Event.objects.values("pk")
    steps = plan(Event.objects.among(ids, many=True).chronological()[:21])
    assert "SCAN timeline_event USING INDEX event_chronological" in steps
    assert not any("TEMP B-TREE" in step for step in steps)
