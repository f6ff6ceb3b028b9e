"""Keyset pages of the chronology: every event once, in order, whatever the ties."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import make_event
from timeline.models import Event
from timeline.pagination import Cursor, InvalidCursor, page_after


def test_a_cursor_reads_back_as_the_same_position():
    cursor = Cursor(datetime.date(2016, 7, 12), datetime.date(2016, 12, 31), 42)
    assert str(cursor) == "2016-07-12_2016-12-31_42"
    assert Cursor.parse(str(cursor)) == cursor


@pytest.mark.parametrize(
    "text",
    ["", "2016-07-12", "2016-07-12_2016-07-12", "2016-13-01_2016-07-12_1", "a_b_c",
     "2016-07-12_2016-07-12_x", "2016-07-12_2016-07-12_-1", "2016-07-12_2016-07-12_1_2",
     "99999-01-01_2016-07-12_1"],
)  # fmt: skip
def test_a_tampered_cursor_is_refused_with_a_message(text):
    with pytest.raises(InvalidCursor, match="chronology"):
        Cursor.parse(text)


@pytest.mark.django_db
def test_pages_hold_every_event_once_in_chronological_order():
    for n in range(7):
        make_event(title=f"Same day {n}", edtf="2016-07-12")  # ties broken by pk
    make_event(title="Whole year", edtf="2016")
    make_event(title="Earlier", edtf="2015-09-25")
    seen, cursor = [], None
    while True:
        page = page_after(Event.objects.all(), cursor, size=3)
        seen += page.events
        if page.next_cursor is None:
            break
        assert page.next_cursor == Cursor.of(page.events[-1])
        cursor = page.next_cursor
    assert seen == list(Event.objects.chronological())


@pytest.mark.django_db
def test_a_year_cursor_starts_at_the_first_event_of_that_year():
    make_event(title="2015", edtf="2015-12-31")
    make_event(title="Whole 2016", edtf="2016")
    make_event(title="Later 2016", edtf="2016-03")
    page = page_after(Event.objects.all(), Cursor.before_year(2016))
    assert [event.title for event in page.events] == ["Whole 2016", "Later 2016"]


@pytest.mark.django_db
def test_the_last_page_says_there_is_no_next():
    make_event()
    assert page_after(Event.objects.all(), None, size=1).next_cursor is None


# Ties on both bounds are common: several events on one day, or in one year.
FUZZY_DATES = ["2012~", "2015", "2015-09", "2015-09-25", "2016-07-12", "2024-01/2024-02"]


class TestKeysetProperty(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(
        dates=st.lists(st.sampled_from(FUZZY_DATES), min_size=1, max_size=12),
        size=st.integers(1, 5),
    )
    def test_paging_in_any_size_reads_the_chronology_in_full(self, dates, size):
        for n, edtf in enumerate(dates):
            make_event(title=str(n), edtf=edtf)
        seen, cursor = [], None
        while True:
            page = page_after(Event.objects.all(), cursor, size=size)
            seen += page.events
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert seen == list(Event.objects.chronological())
