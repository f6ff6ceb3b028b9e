"""Keyset pages: every row once, in order, whatever the ties; cursors that read back as the
same position, and refusals of any that are not one."""

import datetime

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from factcheck.models import Quote, Source
from kit.keyset import BadCursor, Keyset
from tests.factories import make_event, make_quote, make_source, make_transcript
from timeline.models import CHRONOLOGICAL, Event

CHRONOLOGY = Keyset(CHRONOLOGICAL)


def read_all(keyset: Keyset, queryset, size: int) -> list:
    seen, cursor = [], None
    while True:
        page = keyset.page(queryset, cursor, size)
        seen += page.items
        if not page.has_next:
            assert page.next_cursor is None
            return seen
        assert page.next_cursor == keyset.cursor(page.items[-1])
        cursor = page.next_cursor


def test_a_cursor_reads_back_as_the_same_position():
    event = Event(date_lower=datetime.date(2016, 7, 12), date_upper=datetime.date(2016, 12, 31))
    event.pk = 42
    cursor = CHRONOLOGY.cursor(event)
    assert cursor == "2016-07-12_2016-12-31_42"
    assert CHRONOLOGY.values(Event, cursor) == {
        "date_lower": datetime.date(2016, 7, 12),
        "date_upper": datetime.date(2016, 12, 31),
        "pk": 42,
    }


@pytest.mark.parametrize(
    "text",
    ["2016-07-12", "2016-07-12_2016-07-12", "2016-13-01_2016-07-12_1", "a_b_c",
     "2016-07-12_2016-07-12_x", "2016-07-12_2016-07-12_1_2", "99999-01-01_2016-07-12_1",
     "2016-07-12_2016-07-12_²", "2016-07-12_2016-07-12_" + "9" * 30, "x" * 500],
)  # fmt: skip
def test_a_tampered_cursor_is_refused_with_a_message(text):
    with pytest.raises(BadCursor, match="not one this site made"):
        CHRONOLOGY.values(Event, text)


@pytest.mark.parametrize("raw", ["abc", "1.5", "9" * 30, "²", "-3", "-0x1"])
def test_a_cursor_that_is_not_a_row_number_is_refused(raw):
    with pytest.raises(BadCursor):
        Keyset(("pk",)).values(Source, raw)


def test_a_signed_cursor_is_refused_edited_or_from_another_list():
    events = Keyset(CHRONOLOGICAL, signed_as="events")
    event = Event(date_lower=datetime.date(2016, 7, 12), date_upper=datetime.date(2016, 7, 12))
    event.pk = 7
    cursor = events.cursor(event)
    assert events.values(Event, cursor)["pk"] == 7
    for bad in [cursor.replace("_7", "_8"), cursor[:-3], "2016-07-12_2016-07-12_7"]:
        with pytest.raises(BadCursor):
            events.values(Event, bad)
    with pytest.raises(BadCursor):
        Keyset(CHRONOLOGICAL, signed_as="claims").values(Event, cursor)


def test_an_ordering_without_the_primary_key_last_is_a_programming_error():
    with pytest.raises(ValueError, match="primary key"):
        Keyset(("title",))


@pytest.mark.django_db
def test_pages_hold_every_event_once_in_chronological_order():
    for n in range(7):
        make_event(title=f"Same day {n}", edtf="2016-07-12")  # ties broken by pk
    make_event(title="Whole year", edtf="2016")
    make_event(title="Earlier", edtf="2015-09-25")
    assert read_all(CHRONOLOGY, Event.objects.all(), 3) == list(Event.objects.chronological())


@pytest.mark.django_db
@pytest.mark.parametrize("keyset", [CHRONOLOGY, Keyset(("-date_lower", "-pk"))])
def test_a_page_can_start_at_any_row_ties_included(keyset):
    for n in range(4):
        make_event(title=f"Same day {n}", edtf="2016-07-12")
    make_event(title="Earlier", edtf="2015-09-25")
    make_event(title="Later", edtf="2017")
    ordered = list(Event.objects.order_by(*keyset.ordering))
    for place, event in enumerate(ordered):
        page = keyset.page(Event.objects.all(), keyset.cursor_at(event), 2)
        assert page.items == ordered[place : place + 2]


@pytest.mark.django_db
def test_pages_follow_a_mixed_ordering_with_ties_without_gaps_or_repeats():
    for title in ["b", "a", "b", "c", "a", "b"]:
        make_source(title=title)
    expected = list(Source.objects.order_by("-title", "pk"))
    assert read_all(Keyset(("-title", "pk")), Source.objects.all(), 2) == expected


@pytest.mark.django_db
def test_pages_follow_a_descending_datetime_ordering():
    for title in ["a", "b", "c", "d", "e"]:
        make_source(title=title)
    newest_first = Keyset(("-created_at", "-pk"))
    expected = list(Source.objects.order_by("-created_at", "-pk"))
    assert read_all(newest_first, Source.objects.all(), 2) == expected


@pytest.mark.django_db
def test_pages_follow_an_ordering_through_related_rows():
    for year in (2019, 2015, 2017, 2017):
        make_quote(make_transcript(interview_date=str(year)))
    newest_interview_first = Keyset(("-transcript__interview_date_lower", "transcript_id", "pk"))
    quotes = Quote.objects.select_related("transcript")
    expected = list(quotes.order_by(*newest_interview_first.ordering))
    assert [quote.transcript.interview_date for quote in expected] == [
        "2019", "2017", "2017", "2015"
    ]  # fmt: skip
    assert read_all(newest_interview_first, quotes, 1) == expected
    cursor = newest_interview_first.cursor(expected[0])
    assert newest_interview_first.values(Quote, cursor) == {
        "transcript__interview_date_lower": datetime.date(2019, 1, 1),
        "transcript_id": expected[0].transcript_id,
        "pk": expected[0].pk,
    }


@pytest.mark.django_db
def test_the_last_page_says_there_is_no_next():
    make_event()
    assert CHRONOLOGY.page(Event.objects.all(), None, 1).next_cursor is None


@pytest.mark.django_db
def test_a_year_starts_at_the_first_event_of_that_year():
    make_event(title="2015", edtf="2015-12-31")
    make_event(title="Whole 2016", edtf="2016")
    make_event(title="Later 2016", edtf="2016-03")
    page = CHRONOLOGY.page(Event.objects.from_year(2016), None, 20)
    assert [event.title for event in page.items] == ["Whole 2016", "Later 2016"]


@pytest.mark.django_db
def test_a_page_deep_in_the_list_starts_reading_the_index_at_its_place():
    for year in range(1900, 1960):
        make_event(title=str(year), edtf=str(year))
    place = Event.objects.get(title="1950")
    after = CHRONOLOGY.after(CHRONOLOGY.values(Event, CHRONOLOGY.cursor(place)))
    page = Event.objects.filter(after).order_by(*CHRONOLOGICAL)[:5]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a table this small is read whole otherwise
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = page.explain()
    # The index is searched from the place (a bound on its first column), not read from its
    # start with every row before the place discarded: page 1,000 costs what page 1 does.
    if connection.vendor == "postgresql":
        assert "Index Cond: (date_lower >=" in plan, plan
    else:
        assert "SEARCH timeline_event USING INDEX event_chronological (date_lower>?)" in plan
        # One range of the index, in its order: not each disjunct searched, then sorted.
        assert "MULTI-INDEX OR" not in plan and "TEMP B-TREE" not in plan, plan
    assert [event.title for event in page] == ["1951", "1952", "1953", "1954", "1955"]


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
        assert read_all(CHRONOLOGY, Event.objects.all(), size) == list(
            Event.objects.chronological()
        )
