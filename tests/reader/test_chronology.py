"""The readers' chronology: the timeline page, its fragments and filters, and event pages."""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.models import Verdict
from reader.views import chronology as chronology_view
from reader.views.chronology import CHRONOLOGY, PAGE_SIZE
from tests import factories
from tests.published import published_claim
from tests.reader_data import build_chronology
from timeline.models import Event

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LIST = reverse("reader:event_list")


@pytest.fixture
def interview():
    """Three events from the factories' transcript, as the timeline's tests need them."""
    sea, cyber, china = (factories.make_topic(name=n) for n in ("Sea", "Cyber", "China"))
    davis, emanuel = factories.make_speaker(name="Davis"), factories.make_speaker(name="Emanuel")
    transcript = factories.make_transcript(interviewer=davis, interviewee=emanuel)
    award = factories.make_event(
        title="Tribunal award", slug="award", edtf="2016-07-12", topics=[sea], summary="Won."
    )
    deal = factories.make_event(
        title="Rose Garden deal", slug="deal", edtf="2015-09-25", topics=[cyber]
    )
    turn = factories.make_event(title="Xi's turn", slug="turn", edtf="2012~", topics=[china])
    disclosure = factories.make_event(title="A disclosure", slug="disclosure", edtf="2023-02-15")
    won = factories.make_quote(transcript)
    services.mention_add(quote=won, event=award, phrase="in 2016")
    rose = factories.make_quote(
        transcript,
        exact="In 2015 Xi Jinping promised President Obama in the Rose Garden that China "
        "would stop.",
    )
    services.mention_add(quote=rose, event=deal)
    months = factories.make_quote(
        transcript, exact="And four or five months ago, something else happened."
    )
    services.mention_add(quote=months, event=disclosure, phrase="four or five months ago")
    claim = factories.make_claim(won, slug="philippines-won", text="The Philippines won in 2016.")
    factories.make_verdict(
        claim, status=Verdict.Status.PUBLISHED, sources=[factories.make_source(title="Award")]
    )
    draft = factories.make_claim(rose, slug="draft-claim", text="A claim still being checked.")
    factories.make_verdict(draft, level=factories.make_level("Inaccurate"))
    return {"award": award, "deal": deal, "turn": turn, "disclosure": disclosure, "claim": claim}


def titles(response) -> list[str]:
    """Event titles in the order the page lists them."""
    return re.findall(r'class="event__title"[^>]*><a href="[^"]+">([^<]+)</a>', response.text)


def item(response, slug: str) -> str:
    """The chronology's item for the event `slug`, from its <li> to its end."""
    start = response.text.rindex("<li", 0, response.text.index(f'id="event-{slug}"'))
    return response.text[start : response.text.index("</li>", start)]


# The timeline, whole page and fragments ---------------------------------------------------


def test_the_timeline_lists_events_in_years_in_order_with_honest_date_labels(client, interview):
    response = client.get(LIST)
    assert response.status_code == 200
    assert "<html" in response.text
    assert titles(response) == [
        "Xi&#x27;s turn",
        "Rose Garden deal",
        "Tribunal award",
        "A disclosure",
    ]
    for year in (2012, 2015, 2016, 2023):
        assert f'id="year-{year}"' in response.text
    assert '<time datetime="2012">c. 2012</time>' in response.text
    assert '<time datetime="2015-09-25">25 Sept 2015</time>' in response.text
    assert "4 events." in response.text


def test_an_event_line_shows_its_topics_and_the_verdicts_of_claims_about_it(client, interview):
    response = client.get(LIST)
    award = response.text.split('id="event-award"')[1].split("</li>\n</ol>")[0]
    assert '<a class="tag" href="/?topic=sea">Sea</a>' in award  # the chronology of its topic
    assert titles(client.get("/?topic=sea")) == ["Tribunal award"]
    assert "verdict--tone-5" in award and "Accurate" in award
    deal = response.text.split('id="event-deal"')[1].split('id="event-award"')[0]
    assert "Inaccurate" not in deal  # a draft verdict is not the reader's


def test_an_event_line_links_to_its_page_and_opens_in_place(client, interview):
    response = client.get(LIST)
    url = interview["award"].get_absolute_url()
    assert f'href="{url}" hx-get="{url}" hx-target="#evidence-{interview["award"].pk}"' in (
        response.text
    )
    assert 'aria-expanded="false"' in response.text


def test_an_htmx_request_gets_only_the_results_with_the_count_out_of_band(client, interview):
    response = client.get(LIST, {"topic": "sea"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="results"')
    assert 'hx-swap-oob="innerHTML:#result-count"' in response.text
    assert "1 event matching these filters." in response.text
    assert titles(response) == ["Tribunal award"]


def test_a_history_restore_gets_the_whole_page(client, interview):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    response = client.get(LIST, {"topic": "sea"}, headers=headers)
    assert "<html" in response.text
    assert "hx-swap-oob" not in response.text


def test_the_timeline_varies_on_the_htmx_headers(client, interview):
    vary = client.get(LIST)["Vary"]
    assert "HX-Request" in vary and "HX-History-Restore-Request" in vary
    assert "HX-Target" in vary  # the next page alone, or the whole results


def test_only_get_is_allowed(client):
    assert client.post(LIST).status_code == 405


# Filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"topic": ["sea", "cyber"]}, ["Rose Garden deal", "Tribunal award"]),
        ({"speaker": "emanuel"}, ["Rose Garden deal", "Tribunal award", "A disclosure"]),
        ({"level": "accurate"}, ["Tribunal award"]),
        ({"dates": "2015-2016"}, ["Rose Garden deal", "Tribunal award"]),
        ({"dates": "2015–2016"}, ["Rose Garden deal", "Tribunal award"]),
        ({"dates": "Sept 2015"}, ["Rose Garden deal"]),
        ({"dates": "2012"}, ["Xi&#x27;s turn"]),
        ({"q": "rose garden"}, ["Rose Garden deal"]),
        ({"q": "won in 2016"}, ["Tribunal award"]),
        ({"topic": ["sea", "cyber"], "dates": "2016"}, ["Tribunal award"]),
    ],
)
def test_filters_narrow_the_chronology_and_keep_its_order(client, interview, query, expected):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_the_form_keeps_the_readers_choices(client, interview):
    response = client.get(LIST, {"topic": ["sea", "cyber"], "dates": "2015-2016", "q": "x"})
    assert re.search(r'<input type="checkbox" name="topic" value="sea"[^>]*checked', response.text)
    assert re.search(
        r'<input type="checkbox" name="topic" value="cyber"[^>]*checked', response.text
    )
    assert not re.search(r'value="china"[^>]*checked', response.text)
    assert 'value="2015-2016"' in response.text


def test_every_filter_input_has_a_label(client, interview):
    response = client.get(LIST)
    for name in ("q", "dates", "speaker"):
        assert f'<label for="id_{name}">' in response.text
    for checkbox in re.findall(r'<input type="checkbox"[^>]*>', response.text):
        assert re.search(r'<label class="chip">' + re.escape(checkbox), response.text)


def test_an_unreadable_date_is_a_400_with_a_message_and_the_other_filters_applied(
    client, interview
):
    response = client.get(LIST, {"dates": "the twelfth of never", "topic": "sea"})
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "the twelfth of never" in response.text
    assert '<a href="#filter-dates">Dates</a>' in response.text
    assert "This filter was left out." in response.text
    assert titles(response) == ["Tribunal award"]


def test_an_unreadable_date_in_an_htmx_request_is_a_400_fragment_with_the_message(
    client, interview
):
    response = client.get(LIST, {"dates": "Sept 45, 2015"}, headers=HTMX)
    assert response.status_code == 400
    assert "<html" not in response.text
    assert "day 45 does not exist" in response.text


def test_an_unreadable_date_in_an_htmx_request_is_shown_beside_its_field(client, interview):
    response = client.get(LIST, {"dates": "Sept 45, 2015"}, headers=HTMX)
    slot = response.text.split('hx-swap-oob="innerHTML:#dates-error"')[1].split("</div>")[0]
    assert '<p class="field-error" id="id_dates_error">' in slot and "day 45" in slot
    fine = client.get(LIST, {"dates": "2015"}, headers=HTMX)
    cleared = fine.text.split('hx-swap-oob="innerHTML:#dates-error"')[1].split("</div>")[0]
    assert cleared == ">"  # the error is taken away once the date can be read


def test_the_active_filters_are_listed_each_with_a_link_without_it(client, interview):
    response = client.get(LIST, {"topic": ["sea", "cyber"], "dates": "2015", "year": "2016"})
    active = response.text.split('class="active-filters"')[1].split("</ul>")[0]
    links = dict(
        (name, href.replace("&amp;", "&"))
        for href, name in re.findall(
            r'<a class="active-filter" href="([^"]+)">(.*?)<span class="active-filter__remove"',
            active,
        )
    )
    assert links == {
        '<span class="active-filter__name">Topics:</span> Sea': "?topic=cyber&dates=2015",
        # Events of either topic: the second is named as the alternative it is.
        '<span class="active-filter__name">or<span class="visually-hidden"> (Topics)</span></span>'
        " Cyber": "?topic=sea&dates=2015",
        '<span class="active-filter__name">Dates:</span> 2015': "?topic=sea&topic=cyber",
    }
    assert "Clear all" in active
    assert "(3 on)" in response.text  # the folded panel says how many are on


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("2012-", "2012 onwards"), ("..2012", "until 2012"), ("  since   2016 ", "2016 onwards")],
)
def test_the_dates_filter_is_named_as_it_was_read_not_as_typed(client, interview, typed, shown):
    active = client.get(LIST, {"dates": typed}).text.split('class="active-filters"')[1]
    assert f'<span class="active-filter__name">Dates:</span> {shown}' in active


def test_without_filters_there_is_no_line_of_active_filters(client, interview):
    assert 'class="active-filters"' not in client.get(LIST).text


@pytest.mark.parametrize(
    "query",
    [{"topic": "atlantis"}, {"speaker": "nobody"}, {"level": "bogus"}, {"q": "x" * 201}],
)
def test_unknown_choices_are_400s_with_a_message_never_500s(client, interview, query):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert "This filter was left out." in response.text
    assert len(titles(response)) == 4


def test_no_match_says_so_and_offers_the_whole_chronology(client, interview):
    response = client.get(LIST, {"q": "nothing like this"})
    assert response.status_code == 200
    assert "No events match these filters." in response.text
    assert 'id="chronology"' not in response.text


# Load more (keyset pages) ---------------------------------------------------------------


@pytest.fixture
def many_events():
    topic = factories.make_topic(name="Lane")
    return [
        factories.make_event(
            title=f"Event {n:02d}", edtf=f"{2000 + n // 10}-{n % 10 + 1:02d}", topics=[topic]
        )
        for n in range(PAGE_SIZE + 5)
    ]


def test_the_first_page_links_to_the_next_with_a_readable_cursor(client, many_events):
    response = client.get(LIST, {"topic": "lane"})
    assert len(titles(response)) == PAGE_SIZE
    cursor = CHRONOLOGY.cursor(many_events[PAGE_SIZE - 1])
    assert f'href="?topic=lane&amp;after={cursor}"' in response.text
    # Loaded when asked, never as the reader scrolls past: the footer stays within reach.
    assert "data-load-more" in response.text
    assert "intersect" not in response.text


def test_the_next_page_without_javascript_is_a_whole_page_that_carries_on(client, many_events):
    cursor = CHRONOLOGY.cursor(many_events[PAGE_SIZE - 1])
    response = client.get(LIST, {"topic": "lane", "after": cursor})
    assert "<html" in response.text
    assert titles(response) == [f"Event {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert "Show the chronology from its start" in response.text
    assert "That is every event matching these filters." in response.text


def test_load_more_with_htmx_gets_the_next_events_and_a_new_load_more(client, many_events):
    cursor = CHRONOLOGY.cursor(many_events[PAGE_SIZE - 1])
    headers = {**HTMX, "HX-Target": "chronology"}
    response = client.get(LIST, {"after": cursor}, headers=headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="results"' not in response.text
    assert response.text.lstrip().startswith('<li class="year')
    assert '<div id="load-more" class="load-more" hx-swap-oob="true">' in response.text
    assert titles(response) == [f"Event {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]


def test_a_page_that_carries_on_a_year_does_not_repeat_its_heading(client, many_events):
    # Events 18 and 19 (the end of page one) and 20.. fall in 2001 and 2002.
    cursor = CHRONOLOGY.cursor(many_events[PAGE_SIZE - 2])
    headers = {**HTMX, "HX-Target": "chronology"}
    response = client.get(LIST, {"after": cursor}, headers=headers)
    assert "2001, continued" in response.text
    assert 'id="year-2001"' not in response.text
    assert 'id="year-2002"' in response.text


def test_a_tampered_cursor_is_a_400_with_a_message_and_the_list_from_the_start(client, many_events):
    response = client.get(LIST, {"after": "2016-07-12_tampered_1"})
    assert response.status_code == 400
    assert "not one this site made" in response.text
    assert titles(response)[0] == "Event 00"


def test_pages_never_use_offset(client, many_events):
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST, {"after": CHRONOLOGY.cursor(many_events[3])})
    assert not [q for q in queries.captured_queries if "OFFSET" in q["sql"].upper()]


# The density strip ----------------------------------------------------------------------


def test_the_strip_counts_events_per_year_and_jumps_there(client, many_events):
    response = client.get(LIST)
    strip = response.text.split('<nav class="density"')[1].split("</nav>")[0]
    assert 'aria-label="Events per year"' in response.text
    assert 'aria-label="2000: 10 events, on this page"' in strip  # where the reader is
    assert 'class="density__link density__link--here" href="#year-2000"' in strip  # an anchor
    assert '<span class="density__count" aria-hidden="true">10</span>' in strip  # the count
    jump = "?year=2002#year-2002"
    assert f'href="{jump}" aria-label="2002: 5 events" hx-get="{jump}"' in strip


def test_a_year_jump_starts_at_that_year_and_offers_the_start(client, many_events):
    response = client.get(LIST, {"year": "2002"})
    assert response.status_code == 200
    assert titles(response) == [f"Event {n:02d}" for n in range(20, 25)]
    assert "shown from 2002 on" in response.text
    assert 'href="?"' in response.text  # back to the start, filters kept (none here)


def test_a_long_span_is_counted_by_decade(client):
    factories.make_event(title="Old", edtf="1950")
    factories.make_event(title="New", edtf="2024-06")
    response = client.get(LIST)
    assert 'aria-label="Events per decade"' in response.text
    assert "1950s" in response.text and "2020s" in response.text


# Event pages ----------------------------------------------------------------------------


def test_the_event_page_shows_the_documented_date_beside_the_spoken_one(client, interview):
    response = client.get(interview["disclosure"].get_absolute_url())
    assert response.status_code == 200
    assert '<time class="dating__date" datetime="2023-02-15">15 Feb 2023</time>' in response.text
    assert '<q class="dating__phrase">four or five months ago</q>' in response.text
    assert "Jan–Feb 2024" in response.text
    assert "Not the documented date" in response.text


def test_a_spoken_date_that_is_a_date_is_checked_against_the_record_too(client, interview):
    response = client.get(interview["award"].get_absolute_url())
    assert '<q class="dating__phrase">in 2016</q>' in response.text
    assert "Consistent with the record" in response.text


def test_the_event_page_shows_quotes_in_context_claims_verdicts_and_sources(client, interview):
    response = client.get(interview["award"].get_absolute_url())
    text = response.text
    assert '<mark class="quote__words">The Philippines won its case in 2016.</mark>' in text
    assert "China said it would ignore the award." in text  # the sentence after
    assert "The Philippines won in 2016." in text
    assert "The award was issued on 12 July 2016." in text  # the rationale
    assert "Sources cited" in text and "Award" in text
    assert f'href="{interview["claim"].get_absolute_url()}"' in text


def test_the_event_page_hides_claims_that_have_no_published_verdict(client, interview):
    response = client.get(interview["deal"].get_absolute_url())
    assert "Rose Garden" in response.text
    assert "A claim still being checked." not in response.text


def test_an_htmx_request_for_an_event_gets_its_evidence_to_open_in_place(client, interview):
    response = client.get(interview["award"].get_absolute_url(), headers=HTMX)
    assert "<html" not in response.text
    assert "The Philippines won its case in 2016." in response.text
    assert "Sources cited" not in response.text
    assert "<h2" not in response.text  # inside a card, headings would break the outline
    assert "The event’s own page" in response.text


def test_an_orphaned_quote_is_flagged_on_the_event_page(client, interview):
    transcript = interview["claim"].quote.transcript
    services.transcript_update_text(
        transcript=transcript, text=transcript.text.replace("won its case", "won the case")
    )
    response = client.get(interview["award"].get_absolute_url())
    assert "These words are no longer in the corrected transcript." in response.text
    assert '<mark class="quote__words">The Philippines won its case' not in response.text


def test_an_unknown_event_is_a_404(client):
    assert client.get(reverse("reader:event_detail", args=["nothing"])).status_code == 404


# Bounded queries, on data big enough to show an N+1 ----------------------------------------


@pytest.fixture
def chronology():
    return build_chronology(60)


def test_the_timeline_page_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    # With nothing cached: the form's choices (one query), the page, its topics, its quotes
    # and verdicts (one query), the rating levels, the count with the strip (one query), and
    # the front page's count of checked claims by verdict (one query).
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert len(titles(response)) == PAGE_SIZE
    # Filtered, the page is about the filter: no summary of the whole record.
    with django_assert_max_num_queries(6):
        client.get(LIST, {"dates": "1990-2030"})


def test_the_front_page_says_what_is_checked_and_how_it_was_rated(client):
    claim = published_claim()
    page = client.get(LIST).content.decode()
    transcript = claim.quote.transcript
    assert f'in <a href="{transcript.get_absolute_url()}">{transcript.title}</a>, in order' in page
    assert f'<a href="{reverse("reader:claim_list")}">1 claim</a> found' in page
    level = claim.published_verdict.level
    assert f'href="{reverse("reader:claim_list")}?level={level.slug}"' in page
    assert "×1" in page.split('class="verdicts front-tally"')[1].split("</ul>")[0]
    assert "front-tally" not in client.get(LIST, {"q": "award"}).content.decode()
    # Filtered through htmx, the page's header is swapped too: it says what a link to the
    # filtered page says (nothing of the whole record), and the summary comes back unfiltered.
    filtered = client.get(LIST, {"q": "award"}, headers=HTMX).content.decode()
    header = filtered[filtered.index('<header id="front-header"') :]
    assert header.startswith('<header id="front-header" class="page-header page-header--compact"')
    assert 'hx-swap-oob="true"' in header.split(">")[0]
    assert "front-tally" not in filtered and "<html" not in filtered
    unfiltered = client.get(LIST, {"q": ""}, headers=HTMX).content.decode()
    assert 'class="verdicts front-tally"' in unfiltered


@pytest.mark.parametrize(
    "filters",
    [
        lambda c: {"interview": c.transcript.slug},
        lambda c: {"speaker": c.claims[0].quote.speaker.slug},
        lambda c: {"claim": c.claims[0].slug},
        lambda c: {"topic": c.topics[0].slug, "dates": "1995-2000"},
        lambda c: {"topic": [c.topics[0].slug, c.topics[1].slug], "level": "accurate"},
    ],
    ids=["interview", "speaker", "claim", "topic and dates", "topics and level"],
)
def test_a_filtered_timeline_costs_at_most_eight_queries_with_nothing_cached(
    client, chronology, filters, django_assert_max_num_queries
):
    # The choices, a check of a named interview's or claim's slug where one is given (the
    # interview's among the choices), the count with the strip (beside a window's size),
    # the page, its topics, its quotes and verdicts, the rating levels.
    with django_assert_max_num_queries(8):
        response = client.get(LIST, filters(chronology))
    assert response.status_code == 200
    assert titles(response)


def test_the_filtered_fragment_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    query = {"topic": ["lane-0", "lane-1"], "level": "accurate", "q": "event"}
    with django_assert_max_num_queries(8):
        response = client.get(LIST, query, headers=HTMX)
    assert titles(response)


def test_a_load_more_page_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    after = CHRONOLOGY.cursor(chronology.events[PAGE_SIZE - 1])
    with django_assert_max_num_queries(7):
        response = client.get(LIST, {"after": after}, headers={**HTMX, "HX-Target": "chronology"})
    assert len(titles(response)) == PAGE_SIZE


def test_the_event_page_costs_the_same_whatever_the_data(
    client, chronology, django_assert_max_num_queries
):
    # The event with its era, its topics, the links to it with their quotes, the claims
    # in those with their verdicts, the evidence with its sources; the verdict tones.
    with django_assert_max_num_queries(6):
        response = client.get(chronology.events[0].get_absolute_url())
    assert response.status_code == 200
    assert "A shared archive" in response.text  # the evidence, with its source


def test_each_verdict_badge_has_its_levels_tone_icon_and_label(client, chronology):
    response = client.get(LIST)
    badges = set(
        re.findall(
            r'verdict--tone-(\d)"><svg class="verdict__icon".*?class="verdict__label">([^<]+)<',
            response.text,
            flags=re.S,
        )
    )
    assert badges == {("5", "Accurate"), ("3", "Needs context"), ("1", "Inaccurate")}


def test_search_never_matches_the_words_of_a_claim_still_being_checked(client):
    event = factories.make_event(title="Tribunal award")
    quote = factories.make_quote()
    services.mention_add(quote=quote, event=event)
    factories.make_claim(quote, text="A confidential zebra draft.")  # no verdict yet
    assert titles(client.get(LIST, {"q": "zebra"})) == []
    for url in (reverse("api:event_list"), reverse("reader:timelinejs")):
        assert "Tribunal award" not in client.get(url, {"q": "zebra"}).text
    published = factories.make_claim(quote, text="A published giraffe finding.")
    factories.make_verdict(published, status=Verdict.Status.PUBLISHED)
    assert titles(client.get(LIST, {"q": "giraffe"})) == ["Tribunal award"]


# Time drawn as time: gaps, spans, how well each date is known ----------------------------


def test_years_without_events_are_marked_between_the_years_that_have_them(client):
    factories.make_event(title="Treaty", edtf="1951-08-30")
    factories.make_event(title="Security treaty", edtf="1960-01-19")
    factories.make_event(title="Next year", edtf="1961")
    response = client.get(LIST)
    text = re.sub(r"\s+", " ", response.text)
    # 1952 to 1959: eight years in which nothing starts, drawn taller than a short gap.
    assert '<p class="year__gap year__gap--2"><span aria-hidden="true">– 8 years –</span>' in text
    assert "8 years in which no event starts" in text
    assert text.count('class="year__gap ') == 1  # none before the first year, none for 1961


def test_a_gap_is_marked_across_load_more_from_the_year_the_last_page_ended_in(client, many_events):
    factories.make_event(title="Much later", edtf="2030-05")
    cursor = CHRONOLOGY.cursor(many_events[-1])
    response = client.get(LIST, {"after": cursor}, headers={**HTMX, "HX-Target": "chronology"})
    assert titles(response) == ["Much later"]
    assert "– 27 years –" in response.text  # 2003 to 2030: 2004..2029 have nothing


def test_a_span_is_a_bar_with_both_ends_labelled(client):
    factories.make_event(title="Clinton years", slug="clinton", edtf="1993-01-20/1998")
    factories.make_event(title="Spring", slug="spring", edtf="2012-04/2012-06")
    response = client.get(LIST)
    clinton = item(response, "clinton")
    assert 'class="event event--year event--span"' in clinton
    # Each end as finely as it is known, in the bar's labels and in words.
    assert (
        '<span class="span__end">20 Jan 1993</span><span class="span__bar span__bar--5"></span>'
        '<span class="span__end">1998</span>' in clinton
    )
    assert "(a span of time, known to the day at its start, to the year at its end)" in clinton
    assert '<time datetime="1993-01-20">20 Jan 1993–1998</time>' in clinton
    spring = item(response, "spring")
    assert '<span class="span__end">Apr 2012</span><span class="span__bar span__bar--2">' in spring


def test_each_date_is_marked_by_how_well_it_is_known_in_shape_and_words(client):
    for slug, edtf in [
        ("day", "2016-07-12"),
        ("month", "2016-08"),
        ("year", "2017"),
        ("approximate", "2012~"),
        ("uncertain", "2013-05?"),
    ]:
        factories.make_event(title=slug, slug=slug, edtf=edtf)
    response = client.get(LIST)
    words = {
        "day": "known to the day",
        "month": "known to the month",
        "year": "known to the year",
        "approximate": "known to the year, approximate",
        "uncertain": "known to the month, uncertain",
    }
    for slug, note in words.items():
        event = item(response, slug)
        assert f'class="event event--{slug}"' in event, slug
        assert f"({note})" in event, slug
        assert "span__bar" not in event
    # The legend names every marker the rail uses.
    for marker in ("day", "month", "year", "approximate", "uncertain", "span"):
        assert f'<span class="marker marker--{marker}" aria-hidden="true">' in response.text


def test_the_strip_marks_the_decades_on_this_page_as_where_the_reader_is(client):
    for year in (1951, 1975, 2001, 2024):
        factories.make_event(title=f"In {year}", edtf=str(year))
    response = client.get(LIST, {"year": "2001"})
    strip = response.text.split('<nav class="density"')[1].split("</nav>")[0]
    assert 'aria-label="2000s: 1 event, on this page" aria-current="location"' in strip
    assert 'aria-label="1950s: 1 event"' in strip  # before this page: a jump, not "here"


def test_a_bar_only_some_of_whose_events_are_on_this_page_says_so(client, monkeypatch):
    monkeypatch.setattr(chronology_view, "PAGE_SIZE", 3)
    for year in (1951, 2001, 2003, 2005, 2007, 2024):
        factories.make_event(title=f"In {year}", edtf=str(year))
    strip = client.get(LIST).text.split('<nav class="density"')[1].split("</nav>")[0]
    assert 'aria-label="1950s: 1 event, on this page"' in strip
    # The page stops at 2003: two of the 2000s' four events are on it.
    assert 'aria-label="2000s: 4 events, some on this page"' in strip
    assert 'aria-label="2020s: 1 event"' in strip


def test_drawing_spans_gaps_and_markers_costs_no_query_per_event(
    client, django_assert_max_num_queries
):
    kinds = ["{y}-03-04", "{y}-05", "{y}", "{y}~", "{y}-02?", "{y}/{z}", "{y}-01-02/{z}-06-07"]
    for n in range(PAGE_SIZE + 10):
        year = 1900 + n * 4
        edtf = kinds[n % len(kinds)].format(y=year, z=year + 3)
        factories.make_event(title=f"Kind {n}", edtf=edtf)
    with django_assert_max_num_queries(8):  # as for any page of the timeline
        response = client.get(LIST)
    assert len(titles(response)) == PAGE_SIZE
    assert response.text.count("span__bar--") >= 5
    assert response.text.count('class="year__gap ') == PAGE_SIZE - 1


def test_an_events_way_back_to_the_chronology_shows_it_however_many_share_its_year(client):
    """Forty events in 2023: the twenty-fifth's "See it on the chronology" opens a page of
    the chronology that holds it, not the year's first twenty."""
    events = [
        factories.make_event(
            title=f"Event {n} of 2023", edtf=f"2023-{1 + n // 4:02d}-{1 + n % 4:02d}"
        )
        for n in range(2 * PAGE_SIZE)
    ]
    target = events[PAGE_SIZE + 4]
    page = client.get(target.get_absolute_url()).content.decode()
    link = re.search(r'<p class="breadcrumb"><a href="([^"]+)">', page)
    assert link, "the event page links back to the chronology"
    url = link[1].replace("&amp;", "&")
    assert url.endswith(f"#event-{target.slug}")
    chronology = client.get(url.split("#")[0])
    assert chronology.status_code == 200
    assert f'id="event-{target.slug}"' in chronology.content.decode()


@pytest.mark.parametrize("query", ["after=9999-01-01_9999-01-01_1", "year=9000"])
def test_a_page_past_the_last_event_says_so_not_that_the_chronology_is_empty(client, query):
    factories.make_event(title="The only event", edtf="2016-07-12")
    text = client.get(f"/?{query}").content.decode()
    assert "Nothing is on the chronology yet" not in text
    assert "the chronology ends before this point" in text
    assert "Show the chronology from its start" in text
    # The count above says the same: none of them is shown from "here" on.
    assert "1 event, none of them this late." in text
    assert "shown from" not in text


def test_a_filtered_chronology_links_to_the_same_events_as_open_data(client):
    factories.make_event(title="The award", edtf="2016-07-12")
    factories.make_event(title="The deal", edtf="2015-09-25")
    text = client.get("/", {"dates": "2016"}).content.decode()
    links = re.findall(r'<p class="downloads">(.*?)</p>', text)[0]
    hrefs = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', links)]
    for href in hrefs[:3]:  # CSV, TimelineJS, the API: the same filters, the same events
        response = client.get(href)
        assert response.status_code == 200, href
        body = b"".join(response) if response.streaming else response.content
        assert b"The award" in body and b"The deal" not in body, href
    assert 'class="downloads"' not in client.get("/").content.decode()  # the data page has it
    unusable = client.get("/", {"dates": "2016", "topic": "gone"}).content.decode()
    assert 'class="downloads"' not in unusable  # the downloads would refuse "gone"


@pytest.fixture
def remembering(settings):
    settings.REMEMBER_SECONDS = 600
    cache.clear()  # nothing another test remembered under the same keys
    yield
    cache.clear()


def test_each_events_topics_are_named_from_those_every_page_keeps(
    superuser_client, remembering, django_capture_on_commit_callbacks
):
    """An event's topics come with its row; the topics themselves are read once until the
    record changes, and an admin's renaming shows on the next page."""
    sea, cyber = factories.make_topic(name="Sea"), factories.make_topic(name="Cyber")
    factories.make_event(title="Both", edtf="2016", topics=[sea, cyber])
    factories.make_event(title="Sea only", edtf="2017", topics=[sea])
    factories.make_event(title="Neither", edtf="2018")
    superuser_client.get(LIST)  # fresh pages: only what is remembered is reused
    with CaptureQueriesContext(connection) as queries:
        page = superuser_client.get(LIST).text
    assert not any('FROM "timeline_topic"' in query["sql"] for query in queries.captured_queries)
    both = page[page.index(">Both<") : page.index(">Sea only<")]
    assert both.index(">Cyber<") < both.index(">Sea<")  # by name
    alone = page[page.index(">Sea only<") : page.index(">Neither<")]
    assert ">Sea<" in alone and ">Cyber<" not in alone
    assert ">Cyber<" not in page[page.index(">Neither<") :]
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:timeline_topic_change", args=[sea.pk]),
            {"name": "Seas", "slug": sea.slug, "description": ""},
        )
    assert response.status_code == 302
    renamed = superuser_client.get(LIST).text
    assert ">Seas<" in renamed and ">Sea<" not in renamed


def test_a_topic_added_since_the_topics_were_kept_is_named_in_its_place(remembering):
    sea = factories.make_topic(name="Sea")
    factories.make_event(title="The award", topics=[sea])
    assert [t.name for t in Event.objects.with_topics().get().listed_topics] == ["Sea"]
    # Written without the change reaching the cache (as in the moment before a commit's
    # bump): the kept topics lack it, and the events' own query names it.
    cyber = factories.make_topic(name="Cyber")
    Event.objects.get().topics.add(cyber)
    event = Event.objects.with_topics().get()
    assert [topic.name for topic in event.listed_topics] == ["Cyber", "Sea"]


def test_an_interview_or_a_claim_filtered_by_is_named_by_its_title_or_words(client):
    """The interview's and the claim's pages link to their events with the slug: the line of
    filters applied names them as a reader knows them, not by the slug in the address."""
    claim = published_claim(text="Japan changed five policies that were seventy years old in all.")
    transcript = claim.quote.transcript
    services.mention_add(quote=claim.quote, event=factories.make_event(title="Policy", edtf="2023"))
    for params, name, shown in [
        ({"interview": transcript.slug}, "Interview", transcript.title),
        (
            {"claim": claim.slug},
            "Claim",
            "“Japan changed five policies that were seventy…”",
        ),
    ]:
        page = client.get(LIST, params).text
        active = page.split('class="active-filters"')[1].split("</ul>")[0]
        assert f'<span class="active-filter__name">{name}:</span> {shown}' in html.unescape(active)


@pytest.mark.parametrize(
    ("name", "asked", "tidied"),
    [
        ("reader:event_list", "?q=&topic=sea&dates=&topic=&speaker=", "?topic=sea"),
        ("reader:event_list", "?q=&dates=", ""),
        ("reader:claim_list", "?source=&q=China&level=&speaker=&topic=", "?q=China"),
        ("reader:source_list", "?q=&kind=", ""),
    ],
)
def test_a_filter_form_sent_without_javascript_goes_on_without_its_empty_fields(
    client, interview, name, asked, tidied
):
    """Without JavaScript a form sends its empty fields too: the address is tidied to the
    filters chosen, as the script tidies it, to share and to cache."""
    response = client.get(reverse(name) + asked)
    assert response.status_code == 302
    assert response["Location"] == reverse(name) + tidied
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse(name) + asked, headers=HTMX).status_code == 200  # htmx: as asked
