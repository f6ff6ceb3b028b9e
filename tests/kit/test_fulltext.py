"""Text search uses an index on whichever database runs, and finds what a reader means."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.state import ProjectState
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from factcheck import services
from factcheck.models import Mention, Source, Transcript
from kit import checks, fulltext
from kit.fulltext import address_search, address_words
from reader import selectors
from tests.factories import make_event, make_quote, make_source
from tests.published import published_claim
from timeline.models import Event

pytestmark = pytest.mark.django_db


def titles(queryset) -> list[str]:
    return [event.title for event in queryset]


def test_every_word_must_be_there_in_any_order():
    make_event(title="Rose Garden cyber deal", summary="Xi and Obama agree.")
    make_event(title="Garden party")
    assert titles(Event.objects.matching("deal rose")) == ["Rose Garden cyber deal"]
    assert titles(Event.objects.matching("obama garden")) == ["Rose Garden cyber deal"]


def test_a_word_being_typed_finds_the_longer_words_it_starts():
    make_event(title="China's coast guard")
    assert titles(Event.objects.matching("chin")) == ["China's coast guard"]


def test_forms_of_a_word_find_each_other():
    make_event(title="The tribunal ruled against the claims")
    assert titles(Event.objects.matching("claim ruling")) == [
        "The tribunal ruled against the claims"
    ]


def test_operators_and_punctuation_are_only_words():
    make_event(title="AND OR NOT NEAR")
    assert titles(Event.objects.matching('"and" (or) -not* near:')) == ["AND OR NOT NEAR"]
    assert titles(Event.objects.matching("!!! ''")) == ["AND OR NOT NEAR"]  # no words: all


def test_an_abbreviation_is_found_with_its_points_or_without_and_written_out():
    for title in [
        "U.S. and Japan sign a pact",
        "US troops arrive in Manila",
        "The U.S.A. objects",
        "United States forces in Japan",
        "The states united",
        "Useless talks",
        "Ukraine is invaded",
        "A UK minister visits",
        "Talks under way at the U.N.",
        "The UN Convention on the Law of the Sea",
        "China starts using coercion",
        "We use the channel",
        "Tell us more",
        "The U. S. and the United-States_Navy",
    ]:
        make_event(title=title)
    assert fulltext.words("The U.S.-Japan alliance, the alliance") == ["u.s", "japan", "alliance"]
    assert fulltext.words("United States forces") == ["united states", "forces"]

    def found(text: str) -> list[str]:
        return sorted(titles(Event.objects.matching(text)))

    dotted = ["The U.S.A. objects", "U.S. and Japan sign a pact"]
    written_out = "United States forces in Japan"
    # Typed without points, a known abbreviation is that word, never the start of another
    # ("useless"), and with its points, and what it stands for.
    # Typed so, "US" is the word "us" too, whole; not "use" nor "using", which SQLite's
    # stemmer reads as "us" (each row it finds so is checked for the family's words).
    spaced = "The U. S. and the United-States_Navy"
    assert found("US") == sorted(
        [*dotted, "US troops arrive in Manila", "Tell us more", spaced, written_out]
    )
    # The others of the family do not find "US" without points, which is "us" too.
    assert found("U.S.") == sorted([*dotted, spaced, written_out])
    assert found("United States") == sorted([*dotted, spaced, written_out])
    # A name's words in that order, as typed: not with words between them.
    assert fulltext.words("United for the States") == ["united", "states"]
    assert found("US Japan") == sorted(["U.S. and Japan sign a pact", written_out])
    assert found("u.s.-japan") == sorted(["U.S. and Japan sign a pact", written_out])
    the_us = sorted([*dotted, spaced, written_out])
    assert found("USA") == the_us  # the US by another name
    assert found("U.S.A.") == the_us
    if connection.vendor == "postgresql":  # one word to its parser; letters to FTS5's
        make_event(title="The U.S.S.R. collapses")
        assert "The U.S.S.R. collapses" not in found("U.S.")
    else:  # and "U. S." two letters to PostgreSQL, as "U.S." is to FTS5
        make_event(title="The U. S. Navy")
        assert "The U. S. Navy" in found("US") and "The U. S. Navy" in found("U.S.")
    assert found("UK") == ["A UK minister visits"]  # not Ukraine
    un = ["Talks under way at the U.N.", "The UN Convention on the Law of the Sea"]
    assert found("UN") == found("U.N.") == found("United Nations") == un  # not "under"
    assert found("ukr") == ["Ukraine is invaded"]  # a word being typed
    # Written out, the name is its words in that order; in another, two words.
    assert "The states united" not in found("United States")
    assert found("states united") == sorted(["The states united", spaced, written_out])
    # Other short words are words: "id" is not "I'd" (SQLite would read "i d").
    make_event(title="I'd say so")
    make_event(title="The id of the ship")
    assert found("id") == ["The id of the ship"]
    # A number is whole: "2%" is not the start of every year in 2000-2999.
    make_event(title="Defence at 2% of GDP")
    make_event(title="The 2012 turn")
    assert found("2%") == ["Defence at 2% of GDP"]
    assert found("2012") == ["The 2012 turn"]
    make_event(title="Reform in the 1990s")
    make_event(title="Japan buys F-35s")
    make_event(title="The 19905 census")
    assert found("1990") == ["Reform in the 1990s"]  # and its plural, on both databases
    assert found("1990s") == ["Reform in the 1990s"]  # typed so, no longer number's start
    assert found("35") == ["Japan buys F-35s"]


def test_a_search_reads_each_word_once_and_refuses_more_than_it_reads(client):
    make_event(title="Japan and China")
    assert fulltext.words("japan JAPAN Japan china") == ["japan", "china"]
    many = " ".join(["japan"] * 12 + [f"word{number}" for number in range(12)])
    assert not fulltext.too_many_words("japan " * 30)
    assert fulltext.too_many_words(many)
    response = client.get(reverse("api:event_list"), {"q": many})
    assert response.status_code == 400
    assert response.json()["errors"]["q"] == [
        f"Search for at most {fulltext.MOST_WORDS} words: the ones that say what you are "
        "looking for."
    ]


@given(st.text(alphabet="aU.S-\"*():^ '&|!", max_size=20))
def test_any_search_text_is_read_as_words_never_as_syntax(text):
    list(Event.objects.matching(text))  # no error from either database's query parser


def test_words_too_common_to_find_anything_by_are_left_out_on_either_database():
    make_event(title="The summit in Manila")
    make_event(title="Theory of the case")
    assert fulltext.words("The summit, and then?") == ["summit"]
    assert titles(Event.objects.matching("the summit")) == ["The summit in Manila"]
    assert titles(Event.objects.matching("summit of the")) == ["The summit in Manila"]
    # Where no form refuses it first (the desk's search for an event), such a search finds
    # nothing, not everything.
    assert titles(Event.objects.matching("who is it")) == []
    assert fulltext.too_common("The, and then?")
    assert not fulltext.too_common("!!!") and not fulltext.too_common("the theory")


@pytest.mark.parametrize("name", ["reader:event_list", "reader:claim_list", "api:event_list"])
def test_a_search_for_common_words_alone_is_refused_saying_why(client, name):
    make_event(title="The summit in Manila")
    response = client.get(reverse(name), {"q": "The"})
    assert response.status_code == 400
    said = "Words as common as “The” are left out of a search: add one that says what"
    if name.startswith("api"):
        assert response.json()["errors"]["q"] == [f"{said} you are looking for."]
    else:
        assert said in response.content.decode()


def test_an_edit_or_a_deletion_is_searched_at_once():
    event = make_event(title="The old title")
    event.title = "The arbitral award"
    event.save()
    assert titles(Event.objects.matching("arbitral")) == ["The arbitral award"]
    assert titles(Event.objects.matching("old")) == []
    event.delete()
    assert titles(Event.objects.matching("arbitral")) == []


def test_an_update_of_its_words_alone_is_indexed_again():
    event = make_event(title="The old title")
    Event.objects.filter(pk=event.pk).update(summary="The arbitral award")
    assert titles(Event.objects.matching("arbitral")) == ["The old title"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's index is the table's")
def test_an_update_of_other_columns_leaves_the_index_alone():
    """Publishing events, checking sources' links: an update of what is not searched writes
    no index entry (SQLite counts the rows its triggers change too)."""
    event = make_event(title="The arbitral award")
    source = make_source(title="The award")
    sqlite = connection.connection
    before = sqlite.total_changes
    Event.objects.filter(pk=event.pk).update(published_at=None)
    Source.objects.filter(pk=source.pk).update(link_status=404)
    assert sqlite.total_changes - before == 2  # the two rows: no index entry
    Event.objects.filter(pk=event.pk).update(title="The tribunal's award")
    assert sqlite.total_changes - before > 3  # the row, its entry out and in again
    assert titles(Event.objects.matching("tribunal")) == ["The tribunal's award"]
    # Every index's update trigger, as the last migration made it, watches exactly the
    # columns the index holds.
    for table in checks.FULL_TEXT_TABLES:
        with connection.cursor() as cursor:
            cursor.execute(f'PRAGMA table_info("{table}_fts")')
            indexed = ", ".join(f'"{row[1]}"' for row in cursor.fetchall())
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [f"{table}_fts_au"])
            assert f" AFTER UPDATE OF {indexed} ON " in cursor.fetchone()[0], table


@pytest.mark.skipif(connection.vendor != "sqlite", reason="no trigger on PostgreSQL")
def test_a_database_made_before_has_its_update_trigger_made_narrow():
    """What factcheck 0027 and timeline 0011 do to a database whose triggers fired on any
    update of a row."""
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "timeline_event_fts_au"')
        cursor.execute(
            'CREATE TRIGGER "timeline_event_fts_au" AFTER UPDATE ON "timeline_event" BEGIN '
            "SELECT 1; END"
        )
    operation = fulltext.NarrowFullTextUpdateTrigger("event", ["title", "summary"])
    state = ProjectState.from_apps(apps)
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    operation.database_forwards("timeline", editor, state, state)
    event = make_event(title="The old title")
    Event.objects.filter(pk=event.pk).update(title="The arbitral award")
    assert titles(Event.objects.matching("arbitral")) == ["The arbitral award"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'timeline_event_fts_au'")
        assert ' AFTER UPDATE OF "title", "summary" ON ' in cursor.fetchone()[0]


def assert_answered_from_the_index(queryset, table: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
        assert fulltext.index_name(table) in queryset.explain()
    else:
        assert f'FROM "{table}_fts" WHERE "{table}_fts" MATCH' in str(queryset.query)
    assert " LIKE " not in str(queryset.query)


def test_the_search_is_answered_from_the_index():
    assert_answered_from_the_index(Event.objects.matching("award"), "timeline_event")


def test_the_timeline_search_keeps_chronological_order(client):
    for year in (2016, 2012, 2024):
        make_event(title=f"Sea ruling of {year}", edtf=str(year))
    make_event(title="Something else", edtf="2013")
    response = client.get(reverse("reader:event_list"), {"q": "sea ruling"})
    found = [line for line in response.text.split("\n") if "Sea ruling of" in line]
    years = [int(line.split("Sea ruling of ")[1][:4]) for line in found]
    assert years == sorted(years) and set(years) == {2012, 2016, 2024}


def test_the_timeline_search_finds_events_by_their_quotes_and_public_claims(client):
    claim = published_claim(text="The tribunal sided with Manila.")
    event = make_event(title="The award")
    services.mention_add(quote=claim.quote, event=event)
    by_quote = client.get(reverse("reader:event_list"), {"q": "philippines won"})
    by_claim = client.get(reverse("reader:event_list"), {"q": "manila tribunal"})
    assert "The award" in by_quote.text and "The award" in by_claim.text


def test_an_event_is_found_by_its_quote_alone_or_its_claim_alone_never_by_a_pending_link(
    client,
):
    claim = published_claim(text="The tribunal sided with Manila.")
    rose_garden = make_quote(
        claim.quote.transcript,
        exact="In 2015 Xi Jinping promised President Obama in the Rose Garden",
    )
    by_quote, by_claim, pending = (
        make_event(title=title) for title in ("Cyber deal", "The award", "Not yet linked")
    )
    services.mention_add(quote=rose_garden, event=by_quote)
    services.mention_add(quote=claim.quote, event=by_claim)
    for quote in (rose_garden, claim.quote):
        services.mention_add(quote=quote, event=pending)
    # Links placed at the desk wait for an approver: readers do not see them.
    Mention.objects.filter(event=pending).update(published_at=None)
    for words, found in (("jinping", "Cyber deal"), ("manila", "The award")):
        assert titles(selectors.search(Event.objects.public(), words)) == [found]
        listed = client.get(reverse("api:event_list"), {"q": words}).json()["results"]
        assert [event["title"] for event in listed] == [found]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_quotes_and_claims_found_drive_the_lookup_of_their_links():
    sql, params = selectors.search(Event.objects.all(), "award").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[-1] for row in cursor.fetchall()]
    # Each quote's links by an index on the quote (the foreign key's, or the chronological
    # one, which holds all the lookup tests).
    assert any("INDEX" in step and "mention" in step and "(quote_id=?)" in step for step in steps)
    assert not any(step.startswith("SCAN W") or "SCAN factcheck_mention" in step for step in steps)


# Sources: searched by their title, publisher, author and the words of their address.


def source_titles(query: str) -> list[str]:
    return [source.title for source in Source.objects.search(query)]


def test_a_source_is_found_by_a_word_of_its_address_as_on_either_database():
    make_source(title="Press statement", url="https://www.state.gov/briefings/south-china-sea")
    make_source(title="Arbitration ruling", url="https://pca-cpa.org/en/cases/7/")
    make_source(title="Statecraft", url="https://example.org/interview")
    assert source_titles("state") == ["Press statement", "Statecraft"]  # words they start
    assert source_titles("state.gov") == ["Press statement"]
    assert source_titles("briefing china") == ["Press statement"]
    assert source_titles("cpa cases") == ["Arbitration ruling"]
    assert source_titles("hina") == []  # inside a word: no
    # Neither "https" nor "www" is a word of any address, nor an address with nothing in it.
    assert source_titles("https") == [] and source_titles("www") == []
    assert source_titles("https://") == [] and source_titles("www.") == []


def test_a_site_named_is_looked_for_in_the_addresses_not_in_every_title_with_its_words():
    make_source(title="Press statement", url="https://www.state.gov/briefings/south-china-sea")
    make_source(title="United States Government report", publisher="GAO")
    make_source(title="Congress biography", url="https://bioguide.congress.gov/search/bio")
    make_source(title="Kyodo report", url="https://english.kyodonews.net/news/2024/06/x.html")
    assert source_titles("state gov") == ["Press statement", "United States Government report"]
    assert source_titles("state.gov") == ["Press statement"]
    assert source_titles("STATE.GOV briefings") == ["Press statement"]
    # A site is found by the sites it is part of, not by a part of its name.
    assert source_titles("congress.gov") == ["Congress biography"]
    assert source_titles("kyodonews.net") == source_titles("english.kyodonews.net")
    assert source_titles("kyodonews.net") == ["Kyodo report"]
    assert source_titles("news.net") == []
    # Words with dots that name no site are words.
    assert source_titles("U.S. government") == ["United States Government report"]


def test_a_site_named_in_a_title_is_found_as_the_site_and_by_its_words():
    make_source(title="Amazon.com annual report", url="https://ir.aboutamazon.com/annual")
    make_source(title="Booking report", publisher="Booking.com, Inc.")
    assert source_titles("Amazon.com") == source_titles("amazon report")
    assert source_titles("Amazon.com") == ["Amazon.com annual report"]
    assert source_titles("booking.com") == ["Booking report"]


def test_a_pasted_address_with_a_query_finds_that_page_not_every_page_of_the_site():
    make_source(title="The interview", url="https://www.youtube.com/watch?v=abc123")
    make_source(title="Another video", url="https://www.youtube.com/watch?v=xyz789")
    assert source_titles("https://www.youtube.com/watch?v=abc123") == ["The interview"]
    assert source_titles("youtube.com") == ["Another video", "The interview"]


def test_a_pasted_address_finds_the_source_at_it():
    make_source(title="Press statement", url="https://www.state.gov/briefings/south-china-sea")
    make_source(title="Other briefing", url="https://www.state.gov/briefings/other")
    for pasted in (
        "https://www.state.gov/briefings/south-china-sea",
        "http://state.gov/briefings/south-china-sea",
        "www.state.gov/briefings/south-china-sea",
    ):
        assert source_titles(pasted) == ["Press statement"], pasted


def test_a_source_is_found_by_its_author_and_publisher_and_by_title_in_order():
    make_source(title="Zeta report", author="Bonnie Glaser", publisher="GMF")
    make_source(title="Alpha report", author="Ely Ratner", publisher="CNAS")
    make_source(title="Beta report", author="Bonnie Glaser", publisher="CNAS")
    assert source_titles("glaser") == ["Beta report", "Zeta report"]
    assert source_titles("cnas report") == ["Alpha report", "Beta report"]


def test_a_changed_address_is_searched_by_its_new_words_at_once():
    source = make_source(title="Moved page", url="https://old.example/page")
    source.url = "https://new.example/page"
    source.save(update_fields=["url"])  # the words go with the address that they come from
    assert source_titles("new") == ["Moved page"] and source_titles("old") == []
    source.url = ""
    source.save()
    assert source_titles("example") == []


def test_the_search_for_sources_or_interviews_is_answered_from_the_index():
    assert_answered_from_the_index(Source.objects.search("award"), "factcheck_source")
    assert_answered_from_the_index(Transcript.objects.matching("china"), "factcheck_transcript")


def test_sources_saved_before_their_address_words_get_them_from_the_migration():
    migration = importlib.import_module("factcheck.migrations.0026_search_sources_and_interviews")
    source = make_source(title="Older source", url="https://www.mofa.go.jp/fp/nsp/page.html")
    Source.objects.filter(pk=source.pk).update(address_words="")  # as the column came
    migration.derive(apps, None)
    source.refresh_from_db()
    assert source.address_words == "mofagojp gojp mofa go jp fp nsp page html"
    assert source_titles("mofa") == ["Older source"]


@given(urls())
def test_every_address_pasted_finds_its_own_words(url):
    stored = address_words(url).lower().split()
    for word in fulltext.words(address_search(url)):
        assert any(token.startswith(word) for token in stored), (word, stored)
