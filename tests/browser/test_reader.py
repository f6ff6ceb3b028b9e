"""A reader's flows through the interview's chronology in Chromium, with JavaScript and
without, on a desktop and a phone: filter, load more, open an event, follow a claim, come
Back. Run on the bundled dataset; what each page should list is read from the database, so
the tests follow the dataset when its curators add to it."""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck import services
from factcheck.models import Claim, Source, Transcript
from reader.views import chronology
from reader.views.chronology import PAGE_SIZE
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    STEP_TIMEOUT_MS,
    assert_accessible,
    screenshot,
)
from tests.factories import edit_verdict, make_approver, make_editor
from timeline.models import Event, Topic

TWO_TOPICS = ["cyber-and-ip", "taiwan"]


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


def checkbox(page: Page, slug: str):
    return page.get_by_role("checkbox", name=Topic.objects.get(slug=slug).name, exact=True)


def event_titles(page: Page) -> list[str]:
    return page.locator("#chronology .event__title").all_inner_texts()


def titles(events) -> list[str]:
    return [event.title for event in events]


def checked_event(events) -> tuple[Event, Claim]:
    """The first of `events` with a published claim about it, and that claim."""
    for event in events:
        claim = (
            Claim.objects.published().filter(quote__mentions__event=event).order_by("pk").first()
        )
        if claim:
            return event, claim
    raise AssertionError("the dataset has no checked event among these")


def test_filter_by_two_topics_open_an_event_follow_a_claim_and_come_back(
    page: Page, interview, csp_errors
):
    both = list(Event.objects.in_topics(TWO_TOPICS).chronological()[:PAGE_SIZE])
    first = Event.objects.in_topics(TWO_TOPICS[:1]).count()
    event, claim = checked_event(both)

    page.goto("/")
    assert_accessible(page)
    checkbox(page, TWO_TOPICS[0]).check()
    expect(page).to_have_url(re.compile(rf"/\?topic={TWO_TOPICS[0]}$"))
    checkbox(page, TWO_TOPICS[1]).check()
    expect(page).to_have_url(re.compile(rf"\?topic={TWO_TOPICS[0]}&topic={TWO_TOPICS[1]}$"))
    expect(page.locator("#result-count")).to_have_text(
        re.compile(rf"^{Event.objects.in_topics(TWO_TOPICS).count()} events matching")
    )
    assert event_titles(page) == titles(both)
    assert_accessible(page)

    line = page.locator(f"#event-{event.slug}")
    toggle = line.get_by_role("link", name=re.compile("What was said"))
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    region = line.locator(".event__evidence")
    expect(region).to_contain_text(claim.quote.exact[:40])
    expect(region.locator(".verdict").first).to_contain_text(claim.published_verdict.level.label)
    expect(toggle).to_be_focused()
    assert_accessible(page)
    screenshot(page, "timeline-two-topics-event-open")
    toggle.click()  # closes without asking the server again
    expect(region).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(region).to_be_visible()

    region.locator(f'a[href="{claim.get_absolute_url()}"]').first.click()
    expect(page).to_have_url(re.compile(f"{claim.get_absolute_url()}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.text)
    assert_accessible(page)

    page.go_back()
    expect(page).to_have_url(re.compile(rf"\?topic={TWO_TOPICS[0]}&topic={TWO_TOPICS[1]}$"))
    expect(checkbox(page, TWO_TOPICS[0])).to_be_checked()
    expect(checkbox(page, TWO_TOPICS[1])).to_be_checked()
    assert event_titles(page) == titles(both)

    page.go_back()  # the one-topic view, which htmx restores from the server
    expect(page).to_have_url(re.compile(rf"/\?topic={TWO_TOPICS[0]}$"))
    expect(page.locator("#result-count")).to_have_text(re.compile(rf"^{first} events matching"))
    expect(checkbox(page, TWO_TOPICS[1])).not_to_be_checked()
    assert csp_errors == []


def test_a_date_range_typed_as_a_reader_would_and_a_bad_one(page: Page, interview):
    in_range = Event.objects.between(datetime.date(2015, 1, 1), datetime.date(2016, 12, 31))
    page.goto("/")
    dates = page.get_by_label("Dates")
    dates.fill("2015–2016")
    dates.press("Enter")
    expect(page).to_have_url(re.compile(r"\?dates=2015"))
    expect(page.locator("#result-count")).to_have_text(
        f"{in_range.count()} events matching these filters."
    )
    assert event_titles(page) == titles(in_range.chronological())
    dates.fill("Sept 45, 2015")
    dates.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("day 45 does not exist")
    expect(page.locator("#result-count")).to_have_text(f"{Event.objects.count()} events.")
    assert_accessible(page)


def test_a_refused_filter_is_said_in_place_of_the_claims_and_again_on_coming_back(
    page: Page, interview
):
    """A filter no list can read is answered 400 with why, in place of the list: on the
    claims as on the timeline. Back to such an address says it again, rather than leave
    the list that was there under it."""
    page.goto("/claims/")
    box = page.get_by_label("Search")
    box.fill("china")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=china$"))
    box.fill("the")
    box.press("Enter")
    expect(page.locator("#claim-results .problems")).to_contain_text("“the” are left out")
    expect(page).to_have_url(re.compile(r"\?q=the$"))
    page.goto("/")
    dates = page.get_by_label("Dates")
    dates.fill("2012-2010")
    dates.press("Enter")
    expect(page.locator("#dates-error .field-error")).to_be_visible()
    dates.fill("2010-2012")
    dates.press("Enter")
    expect(page).to_have_url(re.compile(r"\?dates=2010-2012$"))
    expect(page.locator("#dates-error .field-error")).to_have_count(0)
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?dates=2012-2010$"))
    expect(page.locator("#dates-error .field-error")).to_be_visible()
    expect(page.get_by_label("Dates")).to_have_value("2012-2010")


def test_a_search_refused_unread_is_said_in_the_form_and_the_next_one_still_works(
    page: Page, interview
):
    """A NUL in the words is refused before any view (a sentence, not the results' fragment):
    it must not take the place of the results, or no later filter could show any."""
    page.goto("/sources/")
    box = page.get_by_label("Search")
    box.fill("chin\x00a")
    box.press("Enter")
    alert = page.locator("[data-refused-unread][role=alert]")
    expect(alert).to_have_text("The address holds a NUL character, which no page accepts.")
    expect(page.locator("#source-results")).to_have_count(1)
    box.fill("china")
    box.press("Enter")
    expect(page.locator("#source-count")).to_contain_text("sources matching")
    expect(alert).to_have_count(0)


def test_back_from_an_event_keeps_the_events_loaded_before(
    browser: Browser, live_server, interview
):
    """ "Load more" changes no address, so Back from an event page must return to the very
    page left, its loaded events and place kept: the browsers' back-forward cache does it,
    for a page it may keep (no unload handler, no "no-store"). Playwright turns that cache
    off; this browser has it on, as a reader's does."""
    reader = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    try:
        page = reader.new_page(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto("/")
        page.get_by_role("link", name="Load more events").click()
        expect(page.locator("#chronology .event")).to_have_count(2 * PAGE_SIZE)
        further = page.locator("#chronology .event__title a").nth(PAGE_SIZE + 5)
        further.scroll_into_view_if_needed()
        left_at = page.evaluate("window.scrollY")
        further.click()
        page.wait_for_url(re.compile("/events/"))
        page.go_back(wait_until="commit")
        expect(page.locator("#chronology .event")).to_have_count(2 * PAGE_SIZE)
        assert page.evaluate("window.scrollY") == pytest.approx(left_at, abs=200)
    finally:
        reader.close()


def test_load_more_from_the_keyboard_then_by_clicking_never_by_scrolling(page: Page, interview):
    every = titles(Event.objects.chronological())
    assert len(every) > 2 * PAGE_SIZE, "the dataset is big enough to page"
    page.goto("/")
    assert event_titles(page) == every[:PAGE_SIZE]
    # From the keyboard, where moving focus matters.
    page.get_by_role("link", name="Load more events").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#chronology .event")).to_have_count(2 * PAGE_SIZE)
    expect(page.locator("#chronology .event__title a").nth(PAGE_SIZE)).to_be_focused()
    expect(page).to_have_url(re.compile(r"/$"))  # more of the same view, not a new one
    assert_accessible(page)

    while page.locator("[data-load-more]").count():
        shown = page.locator("#chronology .event").count()
        # Scrolled into view, it waits to be asked: the footer below stays within reach.
        page.locator("#load-more").scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        expect(page.locator("#chronology .event")).to_have_count(shown)
        page.get_by_role("link", name="Load more events").click()
        expect(page.locator("#chronology .event")).not_to_have_count(shown)
    expect(page.locator("#load-more")).to_have_text("That is every event.")
    assert event_titles(page) == every
    years = page.locator("#chronology h2[id]").all_inner_texts()
    assert len(years) == len(set(years)), "a year carried onto the next page is not repeated"


def test_more_after_typing_a_search_adds_the_next_page_of_what_was_found(page: Page, interview):
    """The words typed are sent as typed; leaving the box for "More" sends nothing again,
    so the next page is added to what was found, not replaced by its first page again."""
    found = Source.objects.cited().search("chin").count()
    assert found > 25, "the search finds more than a page"
    page.goto("/sources/")
    box = page.get_by_label("Search")
    box.press_sequentially("chin")
    expect(page.locator("#source-count")).to_contain_text(f"{found} sources matching")
    expect(page.locator(".source")).to_have_count(25)
    page.get_by_role("link", name="More sources").click()
    expect(page.locator(".source")).to_have_count(found)
    page.wait_for_timeout(700)  # past the typing pause: nothing else comes
    expect(page.locator(".source")).to_have_count(found)


def test_more_of_what_was_said_about_an_event_is_added_in_place_with_the_focus(
    page: Page, interview, monkeypatch
):
    monkeypatch.setattr(chronology, "QUOTES_PER_PAGE", 1)
    event = next(e for e in Event.objects.public() if e.mentions.count() >= 2)
    page.goto(event.get_absolute_url())
    expect(page.locator(".mention")).to_have_count(1)
    page.get_by_role("link", name="More of what was said").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".mention")).to_have_count(2)
    expect(page.locator(".mention").nth(1)).to_be_focused()  # reading carries on there
    expect(page).to_have_url(re.compile(re.escape(event.get_absolute_url()) + "$"))
    assert_accessible(page)


def test_the_strip_jumps_to_a_decade_and_back_to_the_start(page: Page, interview):
    later = Event.objects.filter(date_lower__year__gte=2020).chronological()
    page.goto("/")
    page.get_by_role("link", name=f"2020s: {later.count()} events").click()
    expect(page).to_have_url(re.compile(r"\?year=2020#year-2020$"))
    expect(page.locator(f"#year-{later.first().date_lower.year}")).to_be_focused()
    assert event_titles(page) == titles(later[:PAGE_SIZE])
    page.get_by_role("link", name="Show the chronology from its start").click()
    expect(page.locator("#chronology .event__title").first).to_have_text(
        Event.objects.chronological().first().title
    )


def test_the_interview_toggles_order_and_opens_a_verdict_in_place(
    page: Page, interview, csp_errors
):
    transcript = Transcript.objects.get()
    claim = Claim.objects.published().order_by("quote__start").first()
    page.goto("/interview/")
    expect(page).to_have_url(re.compile(f"{transcript.get_absolute_url()}$"))
    expect(page.locator(f"#quote-{claim.quote_id}")).to_have_class(re.compile("mark--checked"))
    assert_accessible(page)

    note = page.locator(".note", has=page.locator(f'a[href="{claim.get_absolute_url()}"]'))
    note.first.get_by_role("link", name="The evidence").click()
    verdict = note.first.locator(".note__verdict")
    expect(verdict).to_contain_text(claim.published_verdict.rationale[:40])
    expect(verdict.locator(".evidence-item").first).to_be_visible()

    page.get_by_role("link", name="In the order events happened").click()
    expect(page).to_have_url(re.compile(r"\?order=chronological$"))
    current = page.get_by_role("link", name="In the order events happened")
    expect(current).to_have_attribute("aria-current", "true")
    expect(current).to_be_focused()
    mentioned = Event.objects.filter(mentions__quote__transcript=transcript).distinct()
    shown = page.locator(".chronology--flat .event__title").all_inner_texts()
    assert shown == titles(mentioned.chronological())
    assert_accessible(page)
    page.go_back()
    expect(page.get_by_role("link", name="As the interview ran")).to_have_attribute(
        "aria-current", "true"
    )
    assert csp_errors == []


def test_event_claim_and_sources_pages_read_well_and_pass_axe(page: Page, interview):
    spoken = Event.objects.get(slug="kishida-addresses-philippine-congress")
    page.goto(spoken.get_absolute_url())
    dating = page.locator(".dating")
    expect(dating).to_contain_text(spoken.date_label)
    expect(dating).to_contain_text("four months ago")
    expect(dating).to_contain_text("Not the documented date")
    assert_accessible(page)

    claim = Claim.objects.published().filter(quote__mentions__event=spoken).first()
    _correct(claim, "A later count of the months.")
    page.get_by_role("link", name=claim.text).first.click()
    expect(page.locator("#corrections")).to_contain_text("A later count of the months.")
    expect(page.get_by_text("Earlier verdicts")).to_be_visible()
    assert_accessible(page)

    page.goto("/sources/")
    page.get_by_label("Kind of source").select_option("court-ruling")
    expect(page).to_have_url(re.compile(r"\?kind=court-ruling$"))
    rulings = Source.objects.cited().filter(kind="court-ruling").count()
    expect(page.locator("#source-count")).to_contain_text(f"{rulings} source")
    assert_accessible(page)


def _correct(claim: Claim, note: str) -> None:
    """Correct the claim's verdict as the desk does: a revision, reviewed and published
    by someone else, with a public note."""
    revision = services.verdict_correct(
        verdict=claim.published_verdict, note="Recount the months.", by=make_editor()
    )
    revision = edit_verdict(
        revision, revision.author, rationale=f"{revision.rationale} Recounted.", submit=True
    )
    services.verdict_publish(
        verdict=revision, by=make_approver(), correction_kind="update", correction_note=note
    )


def test_without_javascript_every_flow_still_works(nojs_page: Page, page: Page, interview):
    both = titles(Event.objects.in_topics(TWO_TOPICS).chronological()[:PAGE_SIZE])
    event, claim = checked_event(Event.objects.in_topics(TWO_TOPICS).chronological())
    visited = []
    nojs_page.on("framenavigated", lambda frame: visited.append(frame.url))
    reader = nojs_page
    reader.goto("/")
    checkbox(reader, TWO_TOPICS[0]).check()
    checkbox(reader, TWO_TOPICS[1]).check()
    reader.get_by_role("button", name="Show events").click()
    expect(reader).to_have_url(re.compile(rf"topic={TWO_TOPICS[0]}&topic={TWO_TOPICS[1]}"))
    assert event_titles(reader) == both

    # Opening an event is its own page.
    reader.locator(f"#event-{event.slug}").get_by_role(
        "link", name=re.compile("What was said")
    ).click()
    expect(reader).to_have_url(re.compile(f"{event.get_absolute_url()}$"))
    expect(reader.locator(".evidence")).to_contain_text(claim.quote.exact[:40])
    reader.locator(f'a[href="{claim.get_absolute_url()}"]').first.click()
    expect(reader).to_have_url(re.compile(f"{claim.get_absolute_url()}$"))
    reader.go_back()
    reader.go_back()
    expect(reader).to_have_url(re.compile(rf"topic={TWO_TOPICS[0]}&topic={TWO_TOPICS[1]}"))
    expect(checkbox(reader, TWO_TOPICS[1])).to_be_checked()
    assert event_titles(reader) == both

    # Back from a second search, the form says what the list shows (the browser does not
    # put back what was typed into it since), on the timeline and the claims alike.
    for path, button in (("/", "Show events"), ("/claims/", "Show claims")):
        reader.goto(path)
        search = reader.get_by_role("searchbox").first
        search.fill("China")
        reader.get_by_role("button", name=button).click()
        expect(reader).to_have_url(re.compile(r"q=China"))
        search.fill("Japan")
        reader.get_by_role("button", name=button).click()
        expect(reader).to_have_url(re.compile(r"q=Japan"))
        reader.go_back()
        expect(reader).to_have_url(re.compile(r"q=China"))
        expect(search).to_have_value("China")

    # Load more is a link to the next page.
    reader.goto("/")
    reader.get_by_role("link", name="Load more events").click()
    expect(reader).to_have_url(re.compile(r"\?after="))
    every = titles(Event.objects.chronological())
    assert event_titles(reader) == every[PAGE_SIZE : 2 * PAGE_SIZE]

    reader.goto("/interview/")
    reader.get_by_role("link", name="In the order events happened").click()
    expect(reader).to_have_url(re.compile(r"\?order=chronological$"))
    expect(reader.locator(".chronology--flat .event").first).to_be_visible()

    # axe-core is a script, which this browser cannot run: check the same pages in one
    # that loads none of the site's scripts, which is what this reader sees.
    page.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
    for url in dict.fromkeys(visited):
        page.goto(url)
        assert page.evaluate("typeof window.htmx") == "undefined"
        assert_accessible(page)


def test_on_a_phone_nothing_overflows_sideways(phone_page: Page, interview):
    claim = Claim.objects.published().order_by("pk").first()
    event = Event.objects.filter(mentions__phrase__gt="").order_by("pk").first()
    paths = [
        "/",
        f"/?topic={TWO_TOPICS[0]}&dates=2015-2024",
        event.get_absolute_url(),
        claim.get_absolute_url(),
        "/interview/",
        "/interview/?order=chronological",
        "/sources/",
    ]
    for path in paths:
        phone_page.goto(path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width} px wide"
        assert_accessible(phone_page)
        screenshot(phone_page, "phone" + re.sub(r"[^a-z0-9]+", "-", path).rstrip("-"))


def test_the_claims_filters_apply_as_they_change_and_fit_a_phone(
    page: Page, phone_page: Page, interview
):
    misleading = Claim.objects.published().filter(published_verdict__level__slug="misleading")
    page.goto("/claims/")
    page.get_by_label("Verdict", exact=True).select_option("misleading")
    # The list is swapped in place, and the address names only the filter chosen.
    expect(page.locator("#claim-results .result-count")).to_contain_text(
        f"{misleading.count()} claim"
    )
    expect(page).to_have_url(re.compile(r"/claims/\?level=misleading$"))
    assert page.locator(".claim-row").count() == min(misleading.count(), 20)
    page.get_by_role("link", name="See every checked claim").click()
    expect(page).to_have_url(re.compile(r"/claims/$"))
    # On a phone, each field is the width of the form, one under the other.
    phone_page.goto("/claims/")
    phone_page.get_by_text("Filter the claims").click()
    widths = phone_page.locator(".filters__body > .field").evaluate_all(
        "fields => fields.map(field => Math.round(field.getBoundingClientRect().width))"
    )
    assert len(set(widths)) == 1, widths
    assert_accessible(phone_page)
