"""A filtered chronology costs the same whatever the filters let through: a topic or an
interview holding thousands of events is read in chronological order and stops at a page
(not gathered and sorted), a few years of it are read in full with each event tested
against the other filters, and the filters' year counts are made once per data version."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kit.cache import bump_data_version
from reader import api, filters
from reader.filters import EventFilterForm
from reader.views import chronology
from tests.factories import make_editor, make_event, make_topic
from tests.published import mention, published_claim
from timeline.models import CHRONOLOGICAL, Event

pytestmark = pytest.mark.django_db

TIMELINE = reverse("reader:event_list")
MOST = 3  # what the tests let the filters find before the chronology is read in order


@pytest.fixture
def sea():
    """A topic of five events, made in reverse chronological order (so that the order they
    were added is not the chronology's), beside events of no topic in the same years."""
    topic = make_topic(name="Sea")
    for year in reversed(range(2010, 2015)):
        make_event(title=f"Sea event {year}", edtf=str(year), topics=[topic])
        make_event(title=f"Elsewhere {year}", edtf=str(year))
    return topic


def titles(html: str) -> list[str]:
    return re.findall(r"(?:Sea event|Elsewhere|Dated event) \d+", html.split('id="results"')[1])


def counts_years(queries) -> bool:
    # The events' own query groups their topics' keys, but counts nothing.
    return any(
        all(part in q["sql"] for part in ("GROUP BY", "COUNT(", "start_year")) for q in queries
    )


def test_a_topic_holding_more_than_is_counted_is_read_in_order_with_its_count_and_strip(
    client, monkeypatch, sea
):
    monkeypatch.setattr(chronology, "SEARCH_COUNT_LIMIT", MOST)
    response = client.get(TIMELINE, {"topic": sea.slug})
    assert response.status_code == 200
    assert titles(response.text) == [f"Sea event {year}" for year in range(2010, 2015)]
    # Unlike a search's, the filters' events are all counted: the total and the strip.
    assert "5 events matching these filters." in response.text
    strip = response.text.split('<nav class="density"')[1].split("</nav>")[0]
    assert 'aria-label="2012: 1 event, on this page"' in strip


def test_the_api_reads_a_large_topic_in_order_a_page_at_a_time(client, monkeypatch, sea):
    monkeypatch.setattr(api, "SEARCH_PROBE", MOST)
    first = client.get(reverse("api:event_list"), {"topic": sea.slug, "limit": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    found = [event["title"] for page in (first, second, third) for event in page["results"]]
    assert found == [f"Sea event {year}" for year in range(2010, 2015)]
    assert third["next"] is None


def test_an_interview_dating_more_than_is_counted_is_read_in_order(client, monkeypatch):
    monkeypatch.setattr(chronology, "SEARCH_COUNT_LIMIT", MOST)
    claim = published_claim()
    for year in reversed(range(2010, 2015)):
        mention(claim, title=f"Dated event {year}", edtf=str(year))
    make_event(title="Elsewhere 2012", edtf="2012")
    response = client.get(TIMELINE, {"interview": claim.quote.transcript.slug})
    assert titles(response.text) == [f"Dated event {year}" for year in range(2010, 2015)]
    assert "5 events matching these filters." in response.text


def test_a_few_years_of_a_topic_are_what_a_plain_reading_finds(
    client, sea, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):  # the timeline's most, nothing remembered
        response = client.get(TIMELINE, {"topic": sea.slug, "dates": "2011-2012"})
    assert titles(response.text) == ["Sea event 2011", "Sea event 2012"]
    assert "2 events matching these filters." in response.text
    wide = client.get(TIMELINE, {"topic": sea.slug, "dates": "2000-2030"})
    assert titles(wide.text) == [f"Sea event {year}" for year in range(2010, 2015)]


@pytest.fixture
def remembering(settings):
    settings.REMEMBER_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_a_filtered_chronologys_years_are_counted_once_until_the_data_changes(
    client, sea, remembering, django_capture_on_commit_callbacks
):
    client.force_login(make_editor())  # fresh pages: only what is remembered is reused
    other = make_topic(name="Trade")
    with CaptureQueriesContext(connection) as first:
        client.get(TIMELINE, {"topic": [sea.slug, other.slug]})
    assert counts_years(first.captured_queries)
    # The same filters, asked in another order: counted already.
    with CaptureQueriesContext(connection) as again:
        response = client.get(TIMELINE, {"topic": [other.slug, sea.slug]})
    assert not counts_years(again.captured_queries)
    assert "5 events matching these filters." in response.text
    # Other filters are counted on their own.
    with CaptureQueriesContext(connection) as narrower:
        client.get(TIMELINE, {"topic": sea.slug, "dates": "2011-2012"})
    assert counts_years(narrower.captured_queries)
    make_event(title="Sea event 2020", edtf="2020", topics=[sea])
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    response = client.get(TIMELINE, {"topic": [sea.slug, other.slug]})
    assert "6 events matching these filters." in response.text
    assert "#year-2020" in response.text


def sqlite_plan(form: EventFilterForm, most: int = MOST) -> list[str]:
    events, _ = form.read(Event.objects.public(), most=most, years=False)
    sql, params = events.order_by(*CHRONOLOGICAL)[:51].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_topic_holding_more_than_is_counted_is_read_in_order_not_sorted(sea):
    many = sqlite_plan(EventFilterForm({"topic": [sea.slug]}))
    assert "SCAN timeline_event USING INDEX event_chronological" in many
    assert "USE TEMP B-TREE FOR ORDER BY" not in many
    # A topic of few events is gathered and sorted, which is cheaper for them.
    few = sqlite_plan(EventFilterForm({"topic": [sea.slug]}), most=10)
    assert "USE TEMP B-TREE FOR ORDER BY" in few


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_an_interview_dating_more_than_is_counted_is_read_in_order_not_sorted():
    claim = published_claim()
    for year in range(2010, 2015):
        mention(claim, title=f"Dated event {year}", edtf=str(year))
    many = sqlite_plan(EventFilterForm({"interview": claim.quote.transcript.slug}))
    assert "SCAN timeline_event USING INDEX event_chronological" in many
    assert "USE TEMP B-TREE FOR ORDER BY" not in many


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_few_years_of_a_topic_are_read_from_the_chronology_not_from_the_topic(sea, monkeypatch):
    monkeypatch.setattr(filters, "WINDOW_READ_IN_FULL", 4)  # two years of ten events: few
    plan = sqlite_plan(EventFilterForm({"topic": [sea.slug], "dates": "2011-2012"}), most=10)
    assert any(
        step.startswith("SEARCH timeline_event USING INDEX event_chronological (date_lower>?")
        for step in plan
    ), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan
    # More years than that, of a topic of few events: the topic's events are gathered.
    wide = sqlite_plan(EventFilterForm({"topic": [sea.slug], "dates": "2010-2014"}), most=10)
    assert "USE TEMP B-TREE FOR ORDER BY" in wide


@pytest.mark.parametrize(
    ("dates", "years"),
    [("until 2011", [2010, 2011]), ("../2011", [2010, 2011]), ("since 2013", [2013, 2014])],
)
def test_an_open_ended_window_is_read_on_every_output(client, sea, dates, years):
    """An open end is FuzzyDate's first or last possible day: read as no bound at all, not
    as a day to count back a year from (which no date can hold)."""
    expected = [f"Sea event {year}" for year in years]
    query = {"topic": sea.slug, "dates": dates}
    assert titles(client.get(TIMELINE, query).text) == expected
    api_events = client.get(reverse("api:event_list"), query).json()["results"]
    assert [event["title"] for event in api_events] == expected
    assert client.get(reverse("reader:timelinejs"), query).status_code == 200
    alone = client.get(TIMELINE, {"dates": dates})
    assert alone.status_code == 200
    assert f"{2 * len(years)} events matching these filters." in alone.text
