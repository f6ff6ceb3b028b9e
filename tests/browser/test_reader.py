"""A reader's flows through the chronology in Chromium, with JavaScript and without, on a
phone and a desktop: filter, load more, open an event, follow a claim, come Back."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import make_event
from tests.reader_data import load_sample_interview
from timeline.models import Topic
from timeline.pagination import PAGE_SIZE

CYBER = "Cyber and intellectual property"
SEA = "South China Sea"
CYBER_OR_SEA = [
    "Xi and Obama pledge to stop cyber theft of trade secrets",
    "Tribunal rules for the Philippines in the South China Sea case",
    "ASML discloses that a former employee in China took its data",
    "Kishida addresses the Philippine Congress",
    "A former Google engineer is charged with stealing AI trade secrets",
    "First Japan–Philippines–U.S. leaders’ summit",
    "Austin speaks at the Shangri-La Dialogue",
]


@pytest.fixture
def sample(transactional_db):
    return load_sample_interview()


@pytest.fixture
def long_chronology(sample):
    """Enough events for three pages of the chronology."""
    archive = Topic.objects.create(name="Archive", slug="archive")
    for n in range(2 * PAGE_SIZE):
        make_event(title=f"Archive entry {n:02d}", edtf=f"{1990 + n // 4}-06", topics=[archive])


@pytest.fixture
def csp_errors(page: Page) -> list[str]:
    """Console messages about the Content-Security-Policy: there must be none."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def checkbox(page: Page, label: str):
    return page.get_by_role("checkbox", name=label, exact=True)


def event_titles(page: Page) -> list[str]:
    return page.locator("#chronology .event__title").all_inner_texts()


def test_filter_by_two_topics_open_an_event_follow_a_claim_and_come_back(
    page: Page, sample, csp_errors
):
    page.goto("/")
    assert_accessible(page)
    checkbox(page, CYBER).check()
    expect(page).to_have_url(re.compile(r"\?topic=cyber$"))
    checkbox(page, SEA).check()
    expect(page).to_have_url(re.compile(r"\?topic=cyber&topic=sea$"))
    expect(page.locator("#result-count")).to_have_text("7 events matching these filters.")
    assert event_titles(page) == CYBER_OR_SEA
    assert_accessible(page)

    asml = page.locator("#event-asml-data-disclosure")
    toggle = asml.get_by_role("link", name=re.compile("What was said"))
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    region = asml.locator(".event__evidence")
    expect(region).to_contain_text("Four or five months ago, it was discovered")
    expect(region).to_contain_text("Tokyo Electron didn’t do that.")  # the sentence after
    expect(toggle).to_be_focused()
    assert_accessible(page)
    screenshot(page, "timeline-filtered-open")
    toggle.click()  # closes without asking the server again
    expect(region).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(region).to_be_visible()

    region.get_by_role("link", name=re.compile("Four or five months before")).click()
    expect(page).to_have_url(re.compile("/claims/asml-theft-discovered-months-ago/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Four or five months")
    assert_accessible(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?topic=cyber&topic=sea$"))
    expect(checkbox(page, CYBER)).to_be_checked()
    expect(checkbox(page, SEA)).to_be_checked()
    assert event_titles(page) == CYBER_OR_SEA

    page.go_back()  # the view with one topic, restored by htmx from the server
    expect(page).to_have_url(re.compile(r"\?topic=cyber$"))
    expect(page.locator("#result-count")).to_have_text("3 events matching these filters.")
    expect(checkbox(page, SEA)).not_to_be_checked()
    assert csp_errors == []


def test_a_date_range_typed_as_a_reader_would_and_a_bad_one(page: Page, sample):
    page.goto("/")
    dates = page.get_by_label("Dates")
    dates.fill("2015–2016")
    dates.press("Enter")
    expect(page).to_have_url(re.compile(r"dates=2015"))
    expect(page.locator("#result-count")).to_have_text("3 events matching these filters.")
    dates.fill("Sept 45, 2015")
    dates.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("day 45 does not exist")
    expect(page.locator("#result-count")).to_have_text("12 events.")
    assert_accessible(page)


def test_load_more_by_click_then_by_scrolling(page: Page, long_chronology):
    page.goto("/?topic=archive")
    assert len(event_titles(page)) == PAGE_SIZE
    page.get_by_role("link", name="Load more events").click()
    expect(page.locator("#chronology .event")).to_have_count(2 * PAGE_SIZE)
    first_new = page.locator("#chronology .event__title a").nth(PAGE_SIZE)
    expect(first_new).to_be_focused()
    expect(page).to_have_url(re.compile(r"/\?topic=archive$"))  # load more is not a new view
    assert event_titles(page) == [f"Archive entry {n:02d}" for n in range(2 * PAGE_SIZE)]
    assert_accessible(page)

    # Unfiltered, the pages carry on by themselves as the reader scrolls to the end.
    page.goto("/")
    page.locator("#load-more").scroll_into_view_if_needed()
    expect(page.locator("#chronology .event")).to_have_count(2 * PAGE_SIZE)
    page.locator("#load-more").scroll_into_view_if_needed()
    expect(page.locator("#chronology .event")).to_have_count(2 * PAGE_SIZE + 12)
    expect(page.locator("#load-more")).to_contain_text("That is every event.")
    assert page.locator("h2#year-2024").count() == 1


def test_the_year_strip_jumps_to_a_year(page: Page, long_chronology):
    page.goto("/")
    page.get_by_role("link", name="2024: 3 events").click()
    expect(page).to_have_url(re.compile(r"after=2024-01-01_0001-01-01_0"))
    expect(page.locator("#year-2024")).to_be_focused()
    assert (
        event_titles(page)[0]
        == "A former Google engineer is charged with stealing AI trade secrets"
    )
    page.get_by_role("link", name="Show the chronology from its start").click()
    expect(page.locator("#chronology .event__title").first).to_have_text("Archive entry 00")


def test_the_interview_toggles_order_and_opens_a_verdict_in_place(page: Page, sample, csp_errors):
    page.goto("/interview/")
    expect(page).to_have_url(re.compile("/interviews/emanuel-2024/$"))
    marked = page.locator("mark.mark--checked", has_text="they won the case")
    expect(marked).to_be_visible()
    assert_accessible(page)

    note = page.locator(".note", has_text="The Philippines won its case against China")
    note.get_by_role("link", name="The evidence").click()
    expect(note.locator(".note__verdict")).to_contain_text("The tribunal ruled largely")
    expect(note.locator(".note__verdict")).to_contain_text("Permanent Court of Arbitration")

    page.get_by_role("link", name="In the order events happened").click()
    expect(page).to_have_url(re.compile(r"\?order=chronological$"))
    current = page.get_by_role("link", name="In the order events happened")
    expect(current).to_have_attribute("aria-current", "true")
    expect(current).to_be_focused()
    titles = page.locator(".chronology--flat .event__title").all_inner_texts()
    assert titles[0] == "Xi Jinping becomes leader of the Chinese Communist Party"
    assert titles[-1] == "Austin speaks at the Shangri-La Dialogue"
    assert_accessible(page)
    page.go_back()
    expect(page.get_by_role("link", name="As the interview ran")).to_have_attribute(
        "aria-current", "true"
    )
    assert csp_errors == []


def test_event_claim_and_sources_pages_read_well_and_pass_axe(page: Page, sample):
    page.goto("/events/kishida-addresses-philippine-congress/")
    expect(page.locator(".dating")).to_contain_text("4 Nov 2023")
    expect(page.locator(".dating")).to_contain_text("four months ago")
    expect(page.locator(".dating")).to_contain_text("Not the documented date")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Fumio Kishida was the first")).first.click()
    expect(page.locator("#corrections")).to_contain_text("seven months before the interview")
    assert_accessible(page)
    page.goto("/sources/")
    page.get_by_label("Kind of source").select_option("court-ruling")
    expect(page).to_have_url(re.compile(r"\?kind=court-ruling$"))
    expect(page.locator("#source-count")).to_have_text("1 source of this kind.")
    assert_accessible(page)


def test_without_javascript_every_flow_still_works(nojs_page: Page, page: Page, long_chronology):
    visited = []
    nojs_page.on("framenavigated", lambda frame: visited.append(frame.url))
    reader = nojs_page
    reader.goto("/")
    checkbox(reader, CYBER).check()
    checkbox(reader, SEA).check()
    reader.get_by_role("button", name="Show events").click()
    expect(reader).to_have_url(re.compile(r"topic=cyber&topic=sea"))
    assert event_titles(reader) == CYBER_OR_SEA

    # "What was said" is the event's own page.
    reader.locator("#event-asml-data-disclosure").get_by_role(
        "link", name=re.compile("What was said")
    ).click()
    expect(reader).to_have_url(re.compile("/events/asml-data-disclosure/$"))
    expect(reader.locator(".quote")).to_contain_text("Tokyo Electron didn’t do that.")
    reader.get_by_role("link", name=re.compile("Four or five months before")).first.click()
    expect(reader).to_have_url(re.compile("/claims/asml-theft-discovered-months-ago/$"))
    reader.go_back()
    reader.go_back()
    expect(reader).to_have_url(re.compile(r"topic=cyber&topic=sea"))
    expect(checkbox(reader, SEA)).to_be_checked()
    assert event_titles(reader) == CYBER_OR_SEA

    # Load more is a link to the next page.
    reader.goto("/?topic=archive")
    reader.get_by_role("link", name="Load more events").click()
    expect(reader).to_have_url(re.compile(r"topic=archive&after="))
    assert event_titles(reader) == [
        f"Archive entry {n:02d}" for n in range(PAGE_SIZE, 2 * PAGE_SIZE)
    ]

    reader.goto("/interviews/emanuel-2024/")
    reader.get_by_role("link", name="In the order events happened").click()
    expect(reader).to_have_url(re.compile(r"\?order=chronological$"))
    expect(reader.locator(".chronology--flat .event").first).to_contain_text("Xi Jinping")

    # axe-core runs as a script, which this page cannot: check the same pages in a browser
    # that loads none of the site's scripts, which is what this reader sees.
    page.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
    for url in dict.fromkeys(visited):
        page.goto(url)
        assert page.evaluate("typeof window.htmx") == "undefined"
        assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?topic=sea&dates=2016",
        "/events/asml-data-disclosure/",
        "/claims/kishida-first-to-address-philippine-congress/",
        "/interviews/emanuel-2024/",
        "/interviews/emanuel-2024/?order=chronological",
        "/sources/",
    ],
)
def test_on_a_phone_nothing_overflows_sideways(phone_page: Page, sample, path):
    phone_page.goto(path)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
    name = "phone" + re.sub(r"[^a-z0-9]+", "-", path).rstrip("-")
    screenshot(phone_page, name)
