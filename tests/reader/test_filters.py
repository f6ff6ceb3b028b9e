"""The chronology's filters: each narrows the events, bad input is named and ignored."""

import html

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from factcheck import services
from factcheck.models import Transcript, Verdict
from reader import selectors
from reader.filters import EventFilterForm
from tests.factories import (
    make_claim,
    make_event,
    make_level,
    make_quote,
    make_speaker,
    make_topic,
    make_transcript,
    make_verdict,
)
from timeline.models import Event, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    cyber, sea = make_topic(name="Cyber"), make_topic(name="Sea")
    davis = make_speaker(name="Davis")
    transcript = make_transcript(interviewer=davis, interviewee=make_speaker(name="Emanuel"))
    award = make_event(title="Tribunal award", edtf="2016-07-12", topics=[sea])
    deal = make_event(title="Rose Garden deal", edtf="2015-09-25", topics=[cyber])
    turn = make_event(title="Xi's turn", edtf="2012~", topics=[])
    answer = make_quote(transcript)
    services.mention_add(quote=answer, event=award)
    question = make_quote(transcript, exact="What about the Rose Garden?")
    services.mention_add(quote=question, event=deal)
    make_verdict(make_claim(answer), status=Verdict.Status.PUBLISHED, level=make_level())
    return {"award": award, "deal": deal, "turn": turn}


def filtered(query: str) -> tuple[list[str], EventFilterForm]:
    form = EventFilterForm(QueryDict(query))
    titles = list(form.filter(Event.objects.chronological()).values_list("title", flat=True))
    return titles, form


def test_no_filters_keep_every_event_in_chronological_order(events):
    assert filtered("")[0] == ["Xi's turn", "Rose Garden deal", "Tribunal award"]


def test_two_topics_keep_events_in_either(events):
    assert filtered("topic=cyber&topic=sea")[0] == ["Rose Garden deal", "Tribunal award"]


def test_speaker_keeps_events_that_speaker_mentions(events):
    assert filtered("speaker=davis")[0] == ["Rose Garden deal"]


def test_verdict_level_keeps_events_with_a_claim_at_that_level(events):
    assert filtered("level=accurate")[0] == ["Tribunal award"]


@pytest.mark.parametrize(
    ("dates", "titles"),
    [
        ("2016", ["Tribunal award"]),
        ("2015-2016", ["Rose Garden deal", "Tribunal award"]),
        ("Sept 2015", ["Rose Garden deal"]),
        ("2012", ["Xi's turn"]),
    ],
)
def test_date_range_keeps_events_overlapping_it(events, dates, titles):
    assert filtered(f"dates={dates}")[0] == titles


@pytest.mark.parametrize(
    ("dates", "titles", "shown"),
    [
        ("2015-16", ["Rose Garden deal", "Tribunal award"], "2015–2016"),
        ("2015–16", ["Rose Garden deal", "Tribunal award"], "2015–2016"),
        ("2016-21", ["Tribunal award"], "2016–2021"),
    ],
)
def test_a_span_of_years_written_short_is_read_as_years(client, events, dates, titles, shown):
    """ "2015-16" is 2015 to 2016, and "2016-21" 2016 to 2021 (not EDTF's spring 2016), on
    the chronology and in the API alike."""
    assert filtered(f"dates={dates}")[0] == titles
    assert f"Dates:</span> {shown}" in client.get("/", {"dates": dates}).content.decode()
    found = client.get("/api/events/", {"dates": dates}).json()["results"]
    assert [event["title"] for event in found] == titles


def test_search_reaches_titles_quotes_and_claims(events):
    assert filtered("q=rose garden")[0] == ["Rose Garden deal"]
    assert filtered("q=won its case")[0] == ["Tribunal award"]


def test_an_unreadable_date_is_named_and_ignored(events):
    titles, form = filtered("dates=the+twelfth+of+never&topic=sea")
    assert "twelfth of never" in str(form.errors["dates"])
    assert titles == ["Tribunal award"]


@pytest.mark.parametrize("text", ['"', "*", "-", "' --", "!?", "💩"])
def test_a_search_of_punctuation_alone_is_an_error_not_everything(client, events, text):
    titles, form = filtered(f"q={text}&topic=sea")
    assert "Search for a word: punctuation or symbols alone" in str(form.errors["q"])
    assert titles == ["Tribunal award"]  # the topic still applies; the search is left out
    page = client.get("/", {"q": text})
    assert page.status_code == 400 and "Search for a word" in page.text
    for api in ("/api/events/", "/api/claims/"):
        refused = client.get(api, {"q": text})
        assert refused.status_code == 400 and "Search for a word" in str(refused.json())


@pytest.mark.parametrize("query", ["topic=", "level=", "topic=&level=&topic=+", "speaker="])
def test_an_empty_choice_is_no_filter_not_an_error(client, events, query):
    """A form sent with nothing chosen, or a link ending in ?topic=: everything, as for an
    empty search, not "Select a valid choice.  is not one of the available choices"."""
    titles, form = filtered(query)
    assert form.is_valid() and titles == ["Xi's turn", "Rose Garden deal", "Tribunal award"]
    for url in ("/", "/api/events/", "/timeline.json", "/downloads/events.csv"):
        # (The page is sent on to its address without the empty fields first.)
        assert client.get(f"{url}?{query}", follow=True).status_code == 200, url


def test_a_topic_it_does_not_know_is_named_and_the_others_still_apply(client, events):
    """A shared link naming a topic since renamed, beside one that still exists: the page
    keeps the known topic and says which one it could not use; a program is told (400)."""
    titles, form = filtered("topic=gone&topic=sea")
    assert titles == ["Tribunal award"]
    assert "“gone” is not one of the topics here; the others were used." in str(form.errors)
    page = client.get("/?topic=gone&topic=sea")
    text = page.content.decode()
    assert page.status_code == 400 and "Tribunal award" in text and "Rose Garden" not in text
    assert "the others were used." in text and "This filter was left out" not in text
    assert "Topics:</span> Sea" in text
    refused = client.get("/api/events/?topic=gone&topic=sea")
    assert refused.status_code == 400 and "“gone” is not one of the topics" in str(refused.json())


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/?speaker=nobody", "“nobody” is not one of the speakers here."),
        ("/claims/?topic=atlantis", "“atlantis” is not one of the topics here."),
        ("/claims/?speaker=nobody", "“nobody” is not one of the speakers here."),
        ("/claims/?interview=nope", "“nope” is not one of the interviews here."),
        ("/claims/?level=bogus", "“bogus” is not one of the verdicts here."),
        ("/sources/?kind=scroll", "“scroll” is not one of the kinds of source here."),
        (f"/claims/?topic={'x' * 300}", f"“{'x' * 40}” is not one of the topics here."),
        (
            "/api/verdicts/?status=draft",
            "“draft” is not one of the statuses here: published, superseded, withdrawn.",
        ),
        ("/api/sources/?kind=scroll", "“scroll” is not one of the kinds of source here: "),
    ],
)
def test_a_value_a_filter_does_not_offer_is_named_with_what_it_chooses_among(
    client, events, url, said
):
    response = client.get(url)
    assert response.status_code == 400
    text = str(response.json()) if url.startswith("/api/") else html.unescape(response.text)
    assert said in text
    assert "Select a valid choice" not in text


@pytest.mark.parametrize("query", ["topic=nonexistent", "speaker=nobody", "level=bogus"])
def test_unknown_choices_are_errors_not_crashes(events, query):
    titles, form = filtered(query)
    assert not form.is_valid()
    assert len(titles) == 3


def test_choices_offer_only_speakers_and_levels_found_on_events(events):
    form = EventFilterForm()
    assert [slug for slug, _ in form.fields["speaker"].choices] == ["", "davis", "emanuel"]
    assert [slug for slug, _ in form.fields["level"].choices] == ["accurate"]


def test_every_choice_of_the_chronology_comes_in_one_query(events):
    with CaptureQueriesContext(connection) as queries:
        choices = selectors.chronology_choices()
    assert len(queries.captured_queries) == 1
    assert choices["level"] == [("accurate", "Accurate")]
    assert [slug for slug, _ in choices["speaker"]] == ["davis", "emanuel"]
    assert [name for _, name in choices["topic"]] == sorted(
        Topic.objects.values_list("name", flat=True)
    )
    assert [slug for slug, _ in choices["interview"]] == list(
        Transcript.objects.published().values_list("slug", flat=True)
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_verdict_and_speaker_choices_look_up_links_by_their_index_not_every_link(events):
    with CaptureQueriesContext(connection) as queries:
        selectors.chronology_choices()
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
        steps = [row[-1] for row in cursor.fetchall()]
    # Each claim's links by an index on the quote (the foreign key's, or the chronological
    # one, which holds all the lookup tests); only the small tables are read through.
    assert any("INDEX" in step and "mention" in step and "(quote_id=?)" in step for step in steps)
    large = ("mention", "claim", "quote", "verdict", "event")
    assert not any(
        step.startswith("SCAN") and any(table in step for table in large) for step in steps
    ), steps
