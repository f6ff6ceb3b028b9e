"""A text search costs the same whatever it matches: a common word (more matches than the
search probes) and a rare one find exactly what a plain reading of the filters finds, in
chronological order, in the same number of queries; the other filters are checked on the
events a search finds, and a claim's public verdict by an index."""

from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Quote, Verdict
from kit.cache import bump_data_version
from kit.keyset import Keyset
from reader import api, selectors
from reader.filters import EventFilterForm
from reader.views import chronology
from tests.factories import (
    make_claim,
    make_editor,
    make_event,
    make_quote,
    make_topic,
    make_transcript,
    make_verdict,
)
from tests.published import mention, published_claim, withdraw
from timeline.models import CHRONOLOGICAL, Event

pytestmark = pytest.mark.django_db

PROBE = 3  # what the tests let a search probe: "summit" finds more, "ruling" fewer


@pytest.fixture
def archive() -> dict[str, list[str]]:
    """Events added out of chronological order: "summit" in nine (seven by their own words,
    one by a quote, one by a withdrawn verdict's claim), "ruling" in two, and the words
    also where readers must not find them. Returns the topics' events by topic slug."""
    sea, cyber, trade = (make_topic(name=name) for name in ("Sea", "Cyber", "Trade"))
    lanes = [[sea], [cyber], [trade], [], [sea, trade], [cyber], [sea]]
    for number in reversed(range(7)):
        make_event(title=f"Summit {number}", edtf=str(2000 + number), topics=lanes[number])
    make_event(title="Island ruling", edtf="2016-07-12", topics=[sea])
    make_event(title="Trade ruling", edtf="1999", topics=[trade], summary="A court ruling.")
    make_event(title="Nothing here", edtf="2003", topics=[sea, cyber])
    transcript = make_transcript(
        text="Q: Where did they meet?\nA: We met at the summit.\n"
        "Q: And before?\nA: There was talk in 2002."
    )
    quoted = make_event(title="Quoted visit", edtf="2004-05", topics=[cyber])
    services.mention_add(quote=make_quote(transcript, exact="We met at the summit."), event=quoted)
    # A claim's words count once its verdict was public, even if withdrawn since...
    claim = published_claim(text="The summit took place in March.")
    mention(claim, title="Withdrawn finding", edtf="2001-03", topics=[sea])
    withdraw(claim)
    # ...and never while it is being checked; nor does an event waiting for review count.
    drafted = make_event(title="Drafted finding", edtf="2002", topics=[sea])
    quote = make_quote(transcript, exact="There was talk in 2002.")
    services.mention_add(quote=quote, event=drafted)
    make_verdict(make_claim(quote, text="A summit in 2002."), status=Verdict.Status.DRAFT)
    pending = make_event(title="Summit pending", edtf="2005")
    Event.objects.filter(pk=pending.pk).update(published_at=None)
    return {
        slug: list(Event.objects.filter(topics__slug=slug).values_list("title", flat=True))
        for slug in ("sea", "cyber", "trade")
    }


SUMMIT = [
    "Summit 0",
    "Summit 1",
    "Withdrawn finding",
    "Summit 2",
    "Summit 3",
    "Summit 4",
    "Quoted visit",
    "Summit 5",
    "Summit 6",
]
RULING = ["Trade ruling", "Island ruling"]


def read(query: str, most: int) -> tuple[list[str], dict | None]:
    form = EventFilterForm(QueryDict(query))
    events, found = form.read(Event.objects.public(), most=most, years=True)
    return list(events.order_by(*CHRONOLOGICAL).values_list("title", flat=True)), found


def years(titles: list[str]) -> Counter:
    return Counter(Event.objects.get(title=title).start_year for title in titles)


@pytest.mark.parametrize(
    ("query", "words", "topics"),
    [
        ("q=summit", SUMMIT, []),
        ("q=summit&topic=sea&topic=cyber", SUMMIT, ["sea", "cyber"]),
        ("q=summit&topic=trade", SUMMIT, ["trade"]),
        ("q=ruling", RULING, []),
        ("q=ruling&topic=sea&topic=cyber", RULING, ["sea", "cyber"]),
        ("q=rulings+court", ["Trade ruling"], []),
    ],
)
def test_a_common_and_a_rare_word_find_what_the_filters_say_in_chronological_order(
    archive, query, words, topics
):
    expected = [title for title in words if not topics or any(title in archive[t] for t in topics)]
    # Read as a search matching more than it probes (the chronology, in order)...
    titles, found = read(query, most=PROBE)
    assert titles == expected
    assert found == (None if len(expected) > PROBE else years(expected))
    # ...and as one within it (every match gathered, then sorted): the same events.
    titles, found = read(query, most=1000)
    assert titles == expected
    assert found == years(expected)


@pytest.mark.parametrize("most", range(1, 17))
def test_pages_read_from_what_the_look_found_and_past_it_miss_nothing_and_repeat_nothing(
    archive, most
):
    """Wherever the look for the matches stops (the events up to there read from its list,
    those after it searched as the chronology is read), page after page of two finds each
    match once, in order: events of the same dates on either side of the stop too, and
    whichever kind of match (an event's own words, or a quote's) the look read in full."""
    for number in range(3):
        make_event(title=f"Summit tie {number}", edtf="2003")  # the dates of "Summit 3"
    # Ten own matches and fourteen through quotes: each kind is the one read in full for
    # some of the looks.
    quote = Quote.objects.get(exact="We met at the summit.")
    for number in range(12):
        quoted = make_event(title=f"Quoted {number}", edtf=str(1995 + number))
        services.mention_add(quote=quote, event=quoted)
    expected = list(search_titles())
    assert len(expected) == len(SUMMIT) + 3 + 12
    form = EventFilterForm(QueryDict("q=summit"))
    events, _ = form.read(Event.objects.public(), most=most, years=False)
    keyset, titles, cursor = Keyset(CHRONOLOGICAL), [], None
    while True:
        page = keyset.page(events, cursor, 2)
        titles += [event.title for event in page.items]
        if not (cursor := page.next_cursor):
            break
    assert titles == expected


def search_titles() -> list[str]:
    """What a plain reading of the search finds, in chronological order."""
    events = selectors.search(Event.objects.public(), "summit")
    return list(events.order_by(*CHRONOLOGICAL).values_list("title", flat=True))


def probes(queries, most: int) -> int:
    return sum(f"LIMIT {most + 1}" in query["sql"] for query in queries.captured_queries)


def test_a_search_probes_once_until_the_data_changes(
    client, archive, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.REMEMBER_SECONDS = 600
    cache.clear()
    monkeypatch.setattr(api, "SEARCH_PROBE", PROBE)
    client.force_login(make_editor())  # fresh pages: only what is remembered is reused
    url = reverse("api:event_list")
    with CaptureQueriesContext(connection) as first:
        page = client.get(url, {"q": "Summit!", "limit": 4}).json()
    assert probes(first, PROBE) == 1
    # The next page, and the same words however they are written: probed already.
    with CaptureQueriesContext(connection) as next_page:
        rest = client.get(page["next"]).json()
    with CaptureQueriesContext(connection) as again:
        same = client.get(url, {"q": "summit", "limit": 4}).json()
    assert probes(next_page, PROBE) == probes(again, PROBE) == 0
    assert [e["title"] for e in page["results"] + rest["results"]][:8] == SUMMIT[:8]
    assert same["results"] == page["results"]
    # Another word, or the same word with another filter, is probed on its own.
    with CaptureQueriesContext(connection) as other:
        client.get(url, {"q": "summit", "topic": "sea"})
    assert probes(other, PROBE) == 1
    # A change readers see is found at once: the probe is made again.
    make_event(title="Summit 7", edtf="1990")
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    with CaptureQueriesContext(connection) as changed:
        after = client.get(url, {"q": "summit", "limit": 4}).json()
    assert probes(changed, PROBE) == 1
    assert after["results"][0]["title"] == "Summit 7"
    cache.clear()


def searched(queries) -> int:
    """How many of the captured queries asked a full-text index (either database's)."""
    return sum("_fts" in query["sql"] or "@@" in query["sql"] for query in queries.captured_queries)


def test_a_few_matches_are_read_from_their_list_until_the_data_changes(
    client, archive, settings, django_capture_on_commit_callbacks
):
    settings.REMEMBER_SECONDS = 600
    cache.clear()
    client.force_login(make_editor())  # fresh pages: only what is remembered is reused
    url = reverse("api:event_list")
    with CaptureQueriesContext(connection) as first:
        page = client.get(url, {"q": "ruling", "limit": 1}).json()
    assert searched(first) == 1  # the look for every match, in one query
    # The next page, and the page again: read from the matches' list, no index asked.
    with CaptureQueriesContext(connection) as after:
        rest = client.get(page["next"]).json()
        again = client.get(url, {"q": "Ruling", "limit": 1}).json()
    assert searched(after) == 0
    assert [e["title"] for e in page["results"] + rest["results"]] == RULING
    assert again["results"] == page["results"] and rest["next"] is None
    # A change readers see is found at once: the matches are looked for again.
    make_event(title="Harbour ruling", edtf="1980")
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    with CaptureQueriesContext(connection) as changed:
        titles = [e["title"] for e in client.get(url, {"q": "ruling"}).json()["results"]]
    assert searched(changed) == 1
    assert titles == ["Harbour ruling", *RULING]
    cache.clear()


def test_the_api_reads_a_common_word_in_as_many_queries_as_a_rare_one(client, archive, monkeypatch):
    monkeypatch.setattr(api, "SEARCH_PROBE", PROBE)
    ran = {}
    for word in ("summit", "ruling"):
        for topics in ([], ["sea", "cyber"]):
            with CaptureQueriesContext(connection) as queries:
                body = client.get(reverse("api:event_list"), {"q": word, "topic": topics}).json()
            ran[word, len(topics)] = len(queries.captured_queries)
            # The probe: at most one more than it counts of each kind of match, one query.
            limit = f"LIMIT {PROBE + 1}"
            probes = [q["sql"] for q in queries.captured_queries if limit in q["sql"]]
            assert len(probes) == 1 and probes[0].count(limit) == 2 and "UNION ALL" in probes[0]
            assert [event["title"] for event in body["results"]] == [
                title
                for title in (SUMMIT if word == "summit" else RULING)
                if not topics or any(title in archive[topic] for topic in topics)
            ]
    assert len(set(ran.values())) == 1, ran


def test_the_timeline_reads_a_common_word_in_as_many_queries_as_a_rare_one(
    client, archive, monkeypatch
):
    monkeypatch.setattr(chronology, "SEARCH_COUNT_LIMIT", PROBE)
    ran = {}
    for word, says in (("summit", f"More than {PROBE} events"), ("ruling", "2 events")):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reader:event_list"), {"q": word})
        assert f"{says} matching these filters." in response.text
        ran[word] = len(queries.captured_queries)
    assert ran["summit"] == ran["ruling"] <= 8


def plan(sql: str, params) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def read_by_a_search(query: str, most: int) -> tuple[dict[str, tuple], tuple]:
    """The SQL of what a search reads: the look for its matches (each part), and the page."""
    form = EventFilterForm(QueryDict(query))
    parts = selectors.search_parts(form._narrowed(Event.objects.public()), form._text())
    events, _ = form.read(Event.objects.public(), most=most, years=False)
    page = events.order_by(*CHRONOLOGICAL)[:51].query.sql_with_params()
    return {kind: part.query.sql_with_params() for kind, part in parts.items()}, page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_search_checks_the_topics_of_the_events_it_finds_not_the_topics_every_event(
    archive,
):
    def checks_each_by_the_index(steps: list[str]) -> None:
        # Each candidate's topics, by the (event, topic) index; never a list of the
        # topics' events gathered first.
        assert any("timeline_event_topics" in s and "event_id=?" in s for s in steps), steps
        assert not any(s.startswith("SCAN") and "timeline_event_topics" in s for s in steps)

    query = "q=summit&topic=sea&topic=cyber"
    # A word matching more than the look reads: the page tests each event it reads.
    parts, page = read_by_a_search(query, PROBE)
    checks_each_by_the_index(plan(*page))
    # Fewer: the look for them tests each, and they are every match: the page reads them
    # by their keys, and searches no more.
    parts, page = read_by_a_search(query, 1000)
    for part in parts.values():
        checks_each_by_the_index(plan(*part))
    steps = plan(*page)
    assert "SEARCH timeline_event USING INTEGER PRIMARY KEY (rowid=?)" in steps, steps
    assert not any("_fts" in step for step in steps), steps
    assert not any("timeline_event_topics" in step for step in steps), steps


def test_whether_a_claim_is_public_is_read_from_its_row_not_from_its_verdicts(archive):
    searches = [selectors.search(Event.objects.public(), "summit")]
    for claims in (Claim.objects.public(), Claim.objects.public().matching("summit"), *searches):
        assert "factcheck_verdict" not in str(claims.query)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_search_reads_the_events_ids_from_the_full_text_index_itself(archive):
    """No match is looked up in the events table to become an id, nor copied into a UNION
    of every match before the page is read."""
    parts, (page, _) = read_by_a_search("q=summit", PROBE)  # more than the look reads
    own, _ = parts[selectors.OWN]  # fewer: the look for the events found by their own words
    for sql in (page, own):
        assert 'SELECT rowid FROM "timeline_event_fts"' in sql
        assert 'FROM "timeline_event" U0' not in sql
