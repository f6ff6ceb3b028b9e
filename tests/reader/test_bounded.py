"""No response grows with the archive: what a page or a JSON document could list without end
is capped, with a link to the rest."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.models import Mention, Source
from reader import api, exports, representations, selectors
from reader.filters import EventFilterForm
from reader.representations import NESTED_LIMIT
from reader.views import chronology, interviews, sources
from tests.factories import (
    make_claim,
    make_event,
    make_quote,
    make_source,
    make_transcript,
    make_verdict,
    newsroom,
)
from tests.published import published_claim
from timeline.models import CHRONOLOGICAL, Event

pytestmark = pytest.mark.django_db


def quote_dating(count: int):
    """A published claim whose quote mentions `count` events."""
    claim = published_claim()
    for number in range(count):
        services.mention_add(
            quote=claim.quote, event=make_event(title=f"Dated event {number}", edtf="2016")
        )
    return claim


def test_timeline_json_past_its_limit_asks_for_a_narrower_chronology(client, monkeypatch):
    monkeypatch.setattr(exports, "TIMELINEJS_MAX_EVENTS", 3)
    for number in range(4):
        make_event(title=f"Event {number}", edtf=f"{2010 + number}")
    response = client.get(reverse("reader:timelinejs"))
    assert response.status_code == 400
    assert "more than 3 events" in response.json()["error"]
    assert "?dates=" in response.json()["error"]
    narrowed = client.get(reverse("reader:timelinejs"), {"dates": "2010–2012"})
    assert narrowed.status_code == 200
    assert len(narrowed.json()["events"]) == 3


def test_a_claims_events_in_the_api_stop_at_the_limit_and_link_to_the_rest(client):
    claim = quote_dating(NESTED_LIMIT + 5)
    body = client.get(reverse("api:claim_detail", args=[claim.slug])).json()
    assert len(body["events"]) == NESTED_LIMIT
    rest = client.get(body["events_more"]).json()
    assert len(rest["results"]) == NESTED_LIMIT + 5
    listed = client.get(reverse("api:claim_list")).json()["results"][0]
    assert len(listed["events"]) == NESTED_LIMIT and listed["events_more"]


def test_a_claim_with_few_events_lists_them_all_without_a_link(client):
    claim = quote_dating(3)
    body = client.get(reverse("api:claim_detail", args=[claim.slug])).json()
    assert len(body["events"]) == 3
    assert "events_more" not in body


def test_the_api_refuses_an_events_filter_naming_no_public_claim(client):
    response = client.get(reverse("api:event_list"), {"claim": "no-such-claim"})
    assert response.status_code == 400


def test_the_interview_page_is_bounded_by_its_transcript_not_by_the_events(client):
    claim = quote_dating(15)
    page = claim.quote.transcript.get_absolute_url()
    small = client.get(page)
    for number in range(15, 60):
        services.mention_add(
            quote=claim.quote, event=make_event(title=f"Dated event {number}", edtf="2016")
        )
    large = client.get(page)
    assert abs(len(large.content) - len(small.content)) < 200  # the counts' digits differ
    assert "55 more events: all 60 these words mention, on the chronology" in large.text
    assert f"?claim={claim.slug}" in large.text  # the quote's events, the claim's filter
    chronological = client.get(page, {"order": "chronological"})
    assert "All 60 events this interview mentions" not in chronological.text  # all shown


def test_each_quote_names_its_first_events_readers_see_in_the_order_recorded(client):
    claim = quote_dating(0)
    other = make_quote(claim.quote.transcript, exact="China said it would ignore the award.")
    for number in range(8):
        event = make_event(title=f"Dated event {number}", edtf="2016")
        mention = services.mention_add(quote=claim.quote, event=event)
        if number == 1:  # a link no approver has published yet
            Mention.objects.filter(pk=mention.pk).update(published_at=None)
        if number == 2:  # an event that is not public
            Event.objects.filter(pk=event.pk).update(published_at=None)
    services.mention_add(quote=other, event=make_event(title="The other quote's event"))
    response = client.get(claim.quote.transcript.get_absolute_url())
    named = re.findall(r"Dated event (\d)</a>", response.text)
    assert named == ["0", "3", "4", "5", "6"]  # five, skipping what readers cannot see
    assert "1 more event: all 6 these words mention" in response.text
    assert "The other quote&#x27;s event</a>" in response.text


def test_beside_a_checked_claim_the_dates_its_words_mention_fold_into_one_line(client):
    """So that a passage's margin notes are no taller than the passage; a quote that is
    only dated (no claim) lists its events as they are."""
    claim = quote_dating(3)
    dated = make_quote(claim.quote.transcript, exact="China said it would ignore the award.")
    services.mention_add(quote=dated, event=make_event(title="The other quote's event"))
    page = client.get(claim.quote.transcript.get_absolute_url()).text
    folded = page.split("<summary>The dates these words mention (3)</summary>")[1]
    assert "Dated event 0</a>" in folded.split("</details>")[0]
    assert page.count("<details>") == 1  # the dated-only quote's event is not folded
    assert "The other quote&#x27;s event</a>" in page


def test_the_interview_in_chronological_order_shows_its_first_events_by_date(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(interviews, "EVENTS_IN_ORDER", 5)
    claim = published_claim()
    for year in (2019, 2012, 2024, 2015, 2010, 2021, 2016):  # recorded out of order
        services.mention_add(
            quote=claim.quote, event=make_event(title=f"Happened in {year}", edtf=str(year))
        )
    with django_assert_max_num_queries(8):
        response = client.get(claim.quote.transcript.get_absolute_url(), {"order": "chronological"})
    shown = re.findall(r"Happened in (\d{4})</a></h3>", response.text)
    assert shown == ["2010", "2012", "2015", "2016", "2019"]
    assert "All 7 events this interview mentions, on the chronology" in response.text


def test_the_chronology_filters_by_interview(client):
    claim = quote_dating(2)
    make_event(title="Not in this interview")
    response = client.get(reverse("reader:event_list"), {"interview": claim.quote.transcript.slug})
    assert "Dated event 0" in response.text and "Dated event 1" in response.text
    assert "Not in this interview" not in response.text
    unknown = client.get(reverse("reader:event_list"), {"interview": "nothing-here"})
    assert unknown.status_code == 400
    assert "No interview has the slug" in unknown.text


def test_a_claim_page_names_its_first_events_and_links_to_the_rest(client):
    claim = quote_dating(25)
    page = client.get(claim.get_absolute_url()).text
    assert page.count("Dated event ") == 20
    link = f"{reverse('reader:event_list')}?claim={claim.slug}"
    assert f'href="{link}"' in page
    assert "25 events" in client.get(link).text


def test_a_claim_and_its_interview_link_to_their_events_on_the_chronology_however_few(client):
    claim = quote_dating(2)
    page = client.get(claim.get_absolute_url()).text
    by_claim = f"{reverse('reader:event_list')}?claim={claim.slug}"
    assert f'<a href="{by_claim}">See them on the chronology</a>' in page
    interview = client.get(claim.quote.transcript.get_absolute_url()).text
    by_interview = f"{reverse('reader:event_list')}?interview={claim.quote.transcript.slug}"
    assert f'<a href="{by_interview}"><strong>2</strong> dated events' in interview
    assert "2 events" in client.get(by_interview).text


def searchable(count: int) -> list:
    """`count` events holding the word "summit", each a year after the last, made in
    reverse so that the order they were added is not the chronology's."""
    return [
        make_event(title=f"Summit {number}", edtf=str(2000 + number))
        for number in reversed(range(count))
    ]


def test_a_search_matching_more_than_it_counts_says_more_than_and_keeps_the_order(
    client, monkeypatch
):
    monkeypatch.setattr(chronology, "SEARCH_COUNT_LIMIT", 3)
    searchable(5)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reader:event_list"), {"q": "summit"})
    assert response.status_code == 200
    assert "More than 3 events matching these filters." in response.text
    assert "5 events" not in response.text
    assert '<nav class="density"' not in response.text  # no strip drawn from a partial count
    assert "add a word, a topic or dates to narrow the search" in response.text
    titles = re.findall(r"Summit \d", response.text.split('id="results"')[1])
    assert titles == [f"Summit {number}" for number in range(5)]
    # The count read at most one more match than it shows, whatever the number of matches.
    assert any("LIMIT 4" in query["sql"] for query in queries.captured_queries)


def test_a_search_within_what_it_counts_gives_the_count_and_the_strip(client, monkeypatch):
    monkeypatch.setattr(chronology, "SEARCH_COUNT_LIMIT", 3)
    searchable(3)
    make_event(title="Not found", edtf="2001")
    response = client.get(reverse("reader:event_list"), {"q": "summit"})
    assert "3 events matching these filters." in response.text
    assert "More than" not in response.text
    strip = response.text.split('<nav class="density"')[1].split("</nav>")[0]
    assert 'aria-label="2001: 1 event, on this page"' in strip  # "Not found" is not counted


def test_the_api_reads_a_search_matching_more_than_it_probes_in_order(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(api, "SEARCH_PROBE", 3)
    searchable(5)
    make_event(title="Not found", edtf="2001")
    url = reverse("api:event_list")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url, {"q": "summit", "limit": 2}).json()
    assert any("LIMIT 4" in query["sql"] for query in queries.captured_queries)  # the probe
    ran = len(queries.captured_queries)
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    titles = [event["title"] for page in (first, second, third) for event in page["results"]]
    assert titles == [f"Summit {number}" for number in range(5)] and third["next"] is None
    with django_assert_max_num_queries(ran):
        client.get(url, {"q": "summit"})  # every match on one page: no more queries


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_search_matching_more_than_its_probe_reads_the_chronology_not_a_sort():
    def plan(form: EventFilterForm, most: int = 3) -> list[str]:
        events, _ = form.read(Event.objects.public(), most=most, years=False)
        sql, params = events.order_by(*CHRONOLOGICAL)[:51].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]

    searchable(5)
    many = plan(EventFilterForm({"q": "summit"}))
    assert "SCAN timeline_event USING INDEX event_chronological" in many
    assert "USE TEMP B-TREE FOR ORDER BY" not in many
    # Few matches are all known from the look for them: the page is read by their keys,
    # with no full-text index asked again.
    few = plan(EventFilterForm({"q": "summit"}), most=5)
    assert "SEARCH timeline_event USING INTEGER PRIMARY KEY (rowid=?)" in few
    assert not any("_fts" in step for step in few), few


def claims_csv(client) -> dict[str, dict]:
    response = client.get(reverse("reader:claims_csv"))
    text = b"".join(response.streaming_content).decode("utf-8")
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


def test_a_claims_csv_row_names_its_first_events_and_says_how_many_there_are(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exports, "EVENTS_PER_CLAIM_ROW", 3)
    many = quote_dating(5)
    with django_assert_max_num_queries(3):  # with the rating levels, remembered when serving
        row = claims_csv(client)[many.slug]
    named = row["events"].split("; ")
    slugs = list(many.quote.events.order_by(*CHRONOLOGICAL).values_list("slug", flat=True))
    # Slugs only, the first by date, each a cell's item as the filters and the API take.
    assert named == slugs[:3]
    assert row["event_count"] == "5"
    everything = f"/downloads/events.csv?claim={many.slug}"
    assert row["events_url"] == settings.SITE_URL + everything
    listed = client.get(everything)
    listed_text = b"".join(listed.streaming_content).decode()
    assert [row["slug"] for row in csv.DictReader(io.StringIO(listed_text))] == slugs
    monkeypatch.setattr(exports, "EVENTS_PER_CLAIM_ROW", 5)
    assert claims_csv(client)[many.slug]["events"].split("; ") == slugs


def test_claims_csv_reads_each_claims_first_events_in_the_claims_own_query(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 4)
    claims = [quote_dating(number % 3) for number in range(10)]
    # The rating levels (remembered when serving), then the claims, read 4 at a time: no
    # query more for a chunk.
    with django_assert_num_queries(1 + 1):
        rows = claims_csv(client)
    for claim in claims:
        named = rows[claim.slug]["events"]
        assert set(filter(None, named.split("; "))) == set(
            claim.quote.events.values_list("slug", flat=True)
        )


def test_an_events_page_shows_what_was_said_a_page_at_a_time_oldest_interview_first(
    client, monkeypatch
):
    monkeypatch.setattr(chronology, "QUOTES_PER_PAGE", 2)
    event = make_event(title="The award")
    for year in (2019, 2015, 2023, 2017, 2021):  # added out of order
        transcript = make_transcript(title=f"The {year} interview", interview_date=str(year))
        services.mention_add(quote=make_quote(transcript), event=event)

    def interviews(html: str) -> list[str]:
        return re.findall(r"<cite>The (\d{4}) interview</cite>", html)

    def more(html: str) -> str:
        (link,) = re.findall(r'<a href="([^"]+)" hx-get="([^"]+)"[^>]*>More of what was said', html)
        assert link[0] == link[1] and link[0].startswith(event.get_absolute_url() + "?after=")
        return link[0].replace("&amp;", "&")

    first = client.get(event.get_absolute_url())
    assert interviews(first.text) == ["2015", "2017"]
    # Opened in place on the chronology, its link goes on from the event's own address.
    in_place = client.get(event.get_absolute_url(), headers={"HX-Request": "true"})
    assert interviews(in_place.text) == ["2015", "2017"] and more(in_place.text) == more(first.text)
    second = client.get(more(first.text))
    # Without JavaScript, the next quotes as a page of their own, with the way back.
    assert interviews(second.text) == ["2019", "2021"]
    assert "From the first quote" in second.text and "<h1>The award</h1>" in second.text
    # With htmx, the next quotes alone, to follow the ones shown, and a link to the rest.
    fragment = client.get(more(second.text), headers={"HX-Request": "true"})
    assert interviews(fragment.text) == ["2023"]
    assert "<h1>" not in fragment.text and "More of what was said" not in fragment.text


def test_an_events_page_costs_the_same_however_many_quote_it(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(chronology, "QUOTES_PER_PAGE", 2)
    event = make_event(title="The award")
    for year in range(2010, 2016):
        services.mention_add(
            quote=make_quote(make_transcript(interview_date=str(year))), event=event
        )
    # The event with its era and topics, a page of the links with their quotes and
    # interviews, the claims in those with verdicts, the evidence with its sources.
    with django_assert_max_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert response.text.count('class="mention"') == 2


def test_a_place_in_an_events_quotes_this_site_did_not_make_is_a_400(client):
    event = make_event(title="The award")
    services.mention_add(quote=make_quote(), event=event)
    before = client.get(event.get_absolute_url()).text
    for cursor in ("nonsense", "2024-06-01_x_1_2", "9999-99-99_1_1_1", "a" * 500):
        response = client.get(event.get_absolute_url(), {"after": cursor})
        assert response.status_code == 400
        assert "not one this site made" in response.text
        assert 'class="mention"' not in response.text
    assert client.get(event.get_absolute_url()).text == before


def test_an_events_claims_in_the_api_stop_at_the_limit_and_link_to_the_rest(client, monkeypatch):
    monkeypatch.setattr(representations, "NESTED_LIMIT", 3)
    event, few = make_event(title="The award"), make_event(title="The summit")
    claims = [published_claim(text=f"Claim {number}.") for number in range(5)]
    for claim in reversed(claims):  # linked newest first: listed oldest first all the same
        services.mention_add(quote=claim.quote, event=event)
    # Claims on the same words are claims about the same events: another quote's one.
    other = make_quote(claims[0].quote.transcript, exact="China said it would ignore the award.")
    make_verdict(make_claim(other, text="China said so."), status="published")
    services.mention_add(quote=other, event=few)
    body = client.get(reverse("api:event_detail", args=[event.slug])).json()
    assert [link["slug"] for link in body["claims"]] == [claim.slug for claim in claims[:3]]
    rest = client.get(body["claims_more"]).json()["results"]
    assert [claim["slug"] for claim in rest] == [claim.slug for claim in claims]
    listed = {
        entry["slug"]: entry for entry in client.get(reverse("api:event_list")).json()["results"]
    }
    assert len(listed[event.slug]["claims"]) == 3 and listed[event.slug]["claims_more"]
    assert len(listed[few.slug]["claims"]) == 1 and "claims_more" not in listed[few.slug]
    # Read with the event: as many as shown and one more, no further.
    read = selectors.with_first_claims(Event.objects.filter(pk=event.pk), 2).get()
    assert read.first_claims == [claim.slug for claim in claims[:3]]


def test_the_quotes_about_an_event_in_the_api_come_a_page_at_a_time(client, monkeypatch):
    monkeypatch.setattr(representations, "NESTED_LIMIT", 2)
    event = make_event(title="The award")
    for year in (2019, 2015, 2023, 2017, 2021):
        transcript = make_transcript(title=f"The {year} interview", interview_date=str(year))
        services.mention_add(quote=make_quote(transcript), event=event)
    url, pages = reverse("api:event_detail", args=[event.slug]), []
    while url:
        body = client.get(url).json()
        pages.append([mention["quote"]["transcript"]["title"][4:8] for mention in body["mentions"]])
        url = body.get("mentions_more")
    assert pages == [["2015", "2017"], ["2019", "2021"], ["2023"]]
    refused = client.get(reverse("api:event_detail", args=[event.slug]), {"mentions_cursor": "x"})
    assert refused.status_code == 400 and "mentions_more" in refused.json()["error"]


def test_a_sources_citations_in_the_api_stop_at_the_limit_and_link_to_the_rest(client, monkeypatch):
    monkeypatch.setattr(representations, "NESTED_LIMIT", 3)
    source = make_source(title="The award's text")
    verdicts = [
        make_verdict(make_claim(text=f"Claim {n}."), status="published", sources=[source])
        for n in range(5)
    ]
    make_verdict(status="published")  # citing another source
    body = client.get(reverse("api:source_detail", args=[source.slug])).json()
    assert [item["verdict"]["id"] for item in body["cited_by"]] == [v.pk for v in verdicts[:3]]
    rest = client.get(body["cited_by_more"]).json()["results"]
    assert [verdict["id"] for verdict in rest] == [verdict.pk for verdict in verdicts]
    unknown = client.get(reverse("api:verdict_list"), {"source": "no-such-source"})
    assert unknown.status_code == 400


def test_a_source_cited_by_many_lists_its_first_verdicts_and_links_to_the_claims(
    client, monkeypatch
):
    monkeypatch.setattr(sources, "CITATIONS_SHOWN", 3)
    statute = make_source(title="The statute")
    claims = [make_claim(text=f"Claim {n} on the statute.") for n in range(5)]
    for claim in claims:
        make_verdict(claim, status="published", sources=[statute])
    make_verdict(make_claim(text="A claim on a report."), status="published")
    page = client.get(reverse("reader:source_list")).text
    assert page.count("on the statute.</a>") == 3
    assert "Cited by 5 verdicts in all" in page
    (link,) = re.findall(r'href="([^"]+)">The claims whose verdict cites it', page)
    assert link == f"{reverse('reader:claim_list')}?source={statute.slug}"  # the report's: none
    listed = client.get(link)
    assert sorted(re.findall(r"Claim (\d) on the statute.</a>", listed.text)) == list("01234")
    assert "A claim on a report." not in listed.text
    assert "Claims whose verdict cites" in listed.text and "The statute</a></cite>" in listed.text
    # The other filters keep it: the form carries it along.
    assert f'<input type="hidden" name="source" value="{statute.slug}"' in listed.text


def test_the_sources_page_and_its_search_cost_the_same_however_many_sources_are_cited(
    client, monkeypatch
):
    monkeypatch.setattr(sources, "PAGE_SIZE", 4)

    def cite(count: int) -> None:
        for _ in range(count):
            number = Source.objects.count()
            source = make_source(
                title=f"Report {number}", url=f"https://www.state.gov/report-{number}"
            )
            make_verdict(make_claim(text=f"Claim {number}."), status="published", sources=[source])

    def cost(query: dict) -> tuple[int, int]:
        client.get(reverse("reader:source_list"), query)  # what pages share, remembered
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reader:source_list"), query)
        assert response.status_code == 200
        return len(queries), response.text.count('class="source"')

    cite(2)
    few = {name: cost(query) for name, query in (("all", {}), ("search", {"q": "state.gov"}))}
    cite(30)
    many = {name: cost(query) for name, query in (("all", {}), ("search", {"q": "state.gov"}))}
    assert [count for count, _ in many.values()] == [count for count, _ in few.values()], few
    assert all(count > 0 for count, _ in few.values())  # built, not a cached page
    assert [shown for _, shown in few.values()] == [2, 2]
    assert [shown for _, shown in many.values()] == [4, 4]  # a page, and a link to the next


def test_a_claims_source_filter_naming_no_cited_source_is_a_400_with_every_claim(client):
    make_verdict(make_claim(text="A claim on a report."), status="published")
    response = client.get(reverse("reader:claim_list"), {"source": "no-such-source"})
    assert response.status_code == 400
    assert "No cited source has the slug “no-such-source”." in response.text
    assert "A claim on a report." in response.text


@pytest.mark.parametrize(
    "page",
    [
        "interviews",
        "API interviews",
        "API interview",
        "speaker",
        "API speaker",
        "event",
        "API event",
        "desk: quotes",
        "desk: claims",
        "desk: drafts",
        "claim",
    ],
)
def test_lists_of_interviews_or_of_their_quotes_never_read_an_interviews_whole_text(client, page):
    """A list shows an interview's title, dates and cast, never its text, tens of kilobytes
    each: read again for each row, a page of them would read megabytes. An event's page and
    a claim's read the text around each quote for its context, not the whole (up to two
    megabytes)."""
    claim = published_claim()
    transcript, speaker = claim.quote.transcript, claim.quote.transcript.interviewee
    event = make_event(title="Dated event", edtf="2016")
    services.mention_add(quote=claim.quote, event=event)
    make_claim(
        make_quote(transcript, exact="And four or five months ago, something else happened.")
    )
    make_quote(transcript, exact="In 2015 Xi Jinping promised President Obama")
    make_verdict(make_claim(claim.quote, text="A claim in draft."))
    desk = reverse("desk:queue")
    url, shown = {
        "interviews": (reverse("reader:interview_list"), transcript.title),
        "API interviews": (reverse("api:interview_list"), transcript.slug),
        "API interview": (reverse("api:interview_detail", args=[transcript.slug]), transcript.slug),
        "speaker": (speaker.get_absolute_url(), transcript.title),
        "API speaker": (reverse("api:speaker_detail", args=[speaker.slug]), transcript.slug),
        "event": (event.get_absolute_url(), 'class="quote__context"'),
        "claim": (claim.get_absolute_url(), 'class="quote__context"'),
        "API event": (reverse("api:event_detail", args=[event.slug]), transcript.slug),
        "desk: quotes": (f"{desk}?tab=quotes", transcript.title),
        "desk: claims": (f"{desk}?tab=claims", transcript.title),
        "desk: drafts": (f"{desk}?tab=drafts", transcript.title),
    }[page]
    if page.startswith("desk"):
        client.force_login(newsroom()[0])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and shown in response.content.decode()
    # A part of it cut in the query (SUBSTR(text, ...)) is not the whole.
    whole = [re.sub(r'SUBSTR(ING)?\("factcheck_transcript"\."text"', "", q["sql"]) for q in queries]
    assert not [sql for sql in whole if '"factcheck_transcript"."text"' in sql]


@pytest.mark.parametrize(
    "page", ["claims", "speaker", "API claims", "API claim", "claims.csv", "claimreview.json"]
)
def test_lists_of_claims_never_read_a_verdicts_analysis_or_what_no_list_shows(client, page):
    """A list of claims shows each one's verdict, its finding and who said it where: its
    query reads not the verdict's analysis (pages of it, on the claim's own page), the
    speaker's biography, or when each row was filed and reviewed, for every row of every
    page; nor does the page read any of them afterwards, one claim at a time (as many
    queries for three claims as for one). (A claim in the API lists its verdicts, analysis
    and all, from a query of its own.)"""
    claim = published_claim(text="A claim with a long analysis.")
    speaker = claim.quote.speaker
    url = {
        "claims": reverse("reader:claim_list"),
        "speaker": speaker.get_absolute_url(),
        "API claims": reverse("api:claim_list"),
        "API claim": reverse("api:claim_detail", args=[claim.slug]),
        "claims.csv": reverse("reader:claims_csv"),
        "claimreview.json": reverse("reader:claimreview_feed"),
    }[page]

    def read() -> tuple[bytes, list[str]]:
        for _ in range(2):  # the first remembers what pages share; the second is counted
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                body = b"".join(response) if response.streaming else response.content
        assert response.status_code == 200
        return body, [query["sql"] for query in queries]

    body, one = read()
    assert claim.slug.encode() in body
    unlisted = [
        '"factcheck_verdict"."analysis"',
        '"factcheck_verdict"."submitted_at"',
        '"factcheck_speaker"."description"',
        '"factcheck_claim"."created_at"',
        '"factcheck_quote"."created_at"',
        '"factcheck_transcript"."updated_at"',
    ]
    claims = [sql for sql in one if 'FROM "factcheck_claim"' in sql]
    assert claims and not [column for sql in claims for column in unlisted if column in sql]
    for number in (2, 3):
        published_claim(
            text=f"Claim {number} on the same words.", transcript=claim.quote.transcript
        )
    body, three = read()
    assert b"Claim 3 on the same words." in body or page == "API claim"
    assert len(three) == len(one)
