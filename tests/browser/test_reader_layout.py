"""What a reader relies on at a glance, at a desktop's 1280×800 and a phone's 375×812: the
first event and a claim's verdict on the first screen, a claim never presented as the
speaker's words unless it is, no page scrolling sideways, no id used twice, and the filters'
errors beside their field. On the bundled dataset."""

import itertools
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.models import Claim, Correction, Transcript
from tests.browser.conftest import STEP_TIMEOUT_MS, assert_accessible, screenshot
from tests.browser.test_desk_flow import log_in
from tests.factories import make_editor
from timeline.models import Event

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def _open(browser: Browser, live_server, viewport: dict) -> Page:
    phone = viewport["width"] < 500
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context.new_page()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def screen(request, browser, live_server):
    page = _open(browser, live_server, request.param)
    yield page
    page.context.close()


def duplicate_ids(page: Page) -> list[str]:
    """The ids used more than once on the page as it stands."""
    return page.evaluate(
        """() => {
          const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
          return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
        }"""
    )


def top_of(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"]


def reader_paths() -> list[str]:
    claim = Claim.objects.published().order_by("pk").first()
    corrected = Correction.objects.order_by("pk").first()
    event = Event.objects.filter(mentions__isnull=False).order_by("pk").first()
    transcript = Transcript.objects.first()
    assert claim and corrected and event and transcript
    return [
        "/",
        "/?topic=south-china-sea&level=accurate&dates=2015-2024",
        event.get_absolute_url(),
        claim.get_absolute_url(),
        corrected.claim.get_absolute_url(),
        transcript.get_absolute_url(),
        transcript.get_absolute_url() + "?order=chronological",
        "/claims/",
        "/sources/",
        "/corrections/",
        "/methodology/",
        "/data/",
    ]


def test_every_page_fits_the_screen_has_unique_ids_and_passes_axe(screen: Page, interview):
    width = screen.viewport_size["width"]
    for path in reader_paths():
        screen.goto(path)
        scroll_width = screen.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} scrolls sideways: {scroll_width} px"
        assert duplicate_ids(screen) == [], f"{path} repeats ids {duplicate_ids(screen)}"
        assert_accessible(screen)
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-") or "home"
        screenshot(screen, f"layout-{width}-{name}")


def test_the_year_strips_labels_and_counts_stand_apart_within_it(screen: Page, interview):
    """No year written over another, none cut at an edge, no count broken over two lines."""
    for path in ("/", "/?q=China", "/?dates=2000-2024"):
        screen.goto(path)
        strip = screen.locator(".density__bars").bounding_box()
        assert strip is not None, path
        labels = [box for box in map(_box, screen.locator(".density__label").all()) if box]
        assert len(labels) >= 2, path
        for box in labels:
            assert strip["x"] <= box["x"] and box["x"] + box["width"] <= strip["x"] + strip["width"]
        for left, right in itertools.pairwise(sorted(labels, key=lambda box: box["x"])):
            assert left["x"] + left["width"] <= right["x"], f"{path}: labels overlap"
        for count in screen.locator(".density__count").all():
            box = _box(count)
            if box:  # a phone shows no counts over many bars
                assert (
                    box["height"]
                    < 1.5
                    * float(count.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)"))
                    * 1.2
                ), f"{path}: a count wraps"


def _box(locator) -> dict | None:
    return locator.bounding_box() if locator.is_visible() else None


def test_the_first_event_is_on_the_first_screen(screen: Page, interview):
    for path in ("/", "/?topic=south-china-sea&level=accurate"):
        screen.goto(path)
        assert top_of(screen, "#chronology .event") < screen.viewport_size["height"] - 60, path


def test_a_claims_verdict_is_on_the_first_screen_and_the_claim_is_not_a_quotation(
    screen: Page, interview
):
    height = screen.viewport_size["height"]
    for claim in Claim.objects.published().select_related("quote").order_by("pk")[:12]:
        screen.goto(claim.get_absolute_url())
        finding = screen.locator(".verdict-block__finding").bounding_box()
        assert finding is not None and finding["y"] < height, claim.slug
        assert top_of(screen, ".verdict-block .verdict") < height / 2, claim.slug
        headline = screen.locator("h1")
        marks = headline.evaluate(
            "(h) => getComputedStyle(h, '::before').content"
            " + getComputedStyle(h, '::after').content"
        )
        text = headline.inner_text()
        verbatim = "claim-title--verbatim" in (headline.get_attribute("class") or "")
        if not verbatim:
            assert marks in ("nonenone", "normalnormal"), claim.slug
            assert not text.startswith(("“", '"')), claim.slug
            assert screen.get_by_text(f"What {claim.quote.speaker.name} claimed").is_visible()


def _in_sight(page: Page, link) -> bool:
    box = link.bounding_box()
    return (
        box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    )


def test_every_link_of_the_menu_is_in_sight_for_an_editor_too(screen: Page, interview):
    """On a phone the menu goes on a second line rather than past the edge: a line that
    scrolled sideways hid "Desk" and "Log out" there."""
    make_editor(username="edna")
    log_in(screen, "edna")
    for name in ("Timeline", "Claims", "Interviews", "Sources", "Desk"):
        assert _in_sight(screen, screen.locator(".site-nav a", has_text=name)), name
    logout = screen.get_by_role("button", name=re.compile(r"^Log out"))
    assert _in_sight(screen, logout)
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]


def test_the_menu_shows_the_current_section_on_every_screen(screen: Page, interview):
    """Its last section must not be cut off on its own page, on a phone either."""
    width = screen.viewport_size["width"]
    for path, section in (("/methodology/", "How we check"), ("/sources/", "Sources")):
        screen.goto(path)
        link = screen.locator(".site-nav a[aria-current]")
        expect(link).to_have_text(section)
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, path
    # Each section reached with Tab is in sight, the last one too. On a phone the menu keeps
    # to one line: "How we check" is in it on its own page (above), and at every page's foot.
    screen.goto("/claims/")
    sections = ["Timeline", "Claims", "Interviews", "Sources", "How we check"]
    if width < 480:
        expect(screen.locator(".site-nav a", has_text="How we check")).to_be_hidden()
        expect(screen.locator(".site-footer a", has_text="Methodology")).to_be_visible()
        sections.remove("How we check")
        assert screen.locator(".site-nav").evaluate("nav => nav.offsetHeight") < 50
    for section in sections:
        link = screen.locator(".site-nav a", has_text=section)
        for _ in range(12):  # the skip link, the site's name, then the menu's links
            if link.evaluate("link => link === document.activeElement"):
                break
            screen.keyboard.press("Tab")
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, section


def test_on_a_wide_screen_the_interviews_words_never_wait_for_the_notes_beside_them(
    browser: Browser, live_server, interview
):
    """The notes stand in the margin beside their passage; where they run longer than its
    words, the next passage's words go on at once beside them, rather than after a blank
    stretch as long as the notes. Each passage's notes begin beside its own words, before
    the next passage's."""
    page = _open(browser, live_server, DESKTOP)
    page.goto(Transcript.objects.get().get_absolute_url())
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.transcript .passage')].map((p) => {
          const text = p.querySelector('.passage__text, .sidebar-table');  // words, or a table
          const notes = p.querySelector(':scope > .notes');
          const box = (e) => e && e.getBoundingClientRect();
          return {text: box(text) && {top: box(text).top, bottom: box(text).bottom},
                  notes: box(notes) && {top: box(notes).top, bottom: box(notes).bottom,
                                         left: box(notes).left, textRight: box(text).right}};
        })"""
    )
    page.context.close()
    longer = 0
    for row, following in itertools.pairwise(rows):
        notes, text, next_text = row["notes"], row["text"], following["text"]
        if not notes or not text or not next_text:
            continue
        assert notes["left"] > notes["textRight"], "the notes are in the margin"
        assert text["top"] - 1 <= notes["top"] <= next_text["top"] + 16  # a margin's width
        if notes["bottom"] > text["bottom"] + 100:
            longer += 1
            assert next_text["top"] < notes["bottom"], "the words waited for the notes"
    assert longer >= 5  # the interview has passages whose notes outrun their words


def test_a_bad_date_shows_its_error_under_the_fields_and_keeps_the_page(page: Page, interview):
    page.goto("/")
    # django-htmx's debug script, as a development page would have it: it replaces the page
    # with any 400 it is shown. The timeline's intended 400s must never reach it.
    page.evaluate(
        """() => new Promise((done) => {
          const script = document.createElement('script');
          script.src = '/static/django_htmx/django-htmx.js';
          script.dataset.debug = 'True';
          script.onload = done;
          document.head.append(script);
        })"""
    )
    page.get_by_label("Dates").fill("Sept 45, 2015")
    page.get_by_label("Dates").press("Enter")
    error = page.locator("#dates-error .field-error")
    error.wait_for()
    assert "45" in error.inner_text()
    # The field is marked once the swap settles, a moment after the error appears.
    expect(page.get_by_label("Dates")).to_have_attribute("aria-invalid", "true")
    assert page.locator("header.site-header").is_visible()  # still the whole page
    page.get_by_label("Dates").fill("2015")
    page.get_by_label("Dates").press("Enter")
    page.locator("#dates-error .field-error").wait_for(state="detached")
    expect(page.get_by_label("Dates")).not_to_have_attribute("aria-invalid", "true")


def test_on_a_phone_the_filters_fold_and_the_active_ones_can_be_taken_off(
    browser, live_server, interview
):
    phone = _open(browser, live_server, PHONE)
    phone.goto("/?topic=south-china-sea&level=accurate")
    assert not phone.get_by_label("Search").is_visible()  # folded away
    phone.get_by_text("Filter the chronology").click()
    assert phone.get_by_label("Search").is_visible()
    remove = phone.locator(".active-filter", has_text="Accurate")
    remove.click()
    phone.wait_for_url("**/?topic=south-china-sea")
    expect(phone.locator(".active-filter")).to_have_count(1)
    phone.context.close()


def test_on_a_phone_the_claims_filters_fold_too_and_open_on_a_bad_link(
    browser, live_server, interview
):
    phone = _open(browser, live_server, PHONE)
    phone.goto("/claims/?level=accurate")
    assert not phone.get_by_label("Verdict", exact=True).is_visible()  # the first claim comes first
    assert "(1 on)" in phone.locator(".filters__toggle").inner_text()
    phone.get_by_text("Filter the claims").click()
    assert phone.get_by_label("Verdict", exact=True).is_visible()
    phone.goto("/claims/?topic=atlantis")
    assert phone.get_by_label("Topic").is_visible()  # the problem's field, in view
    phone.context.close()


def test_a_claims_share_image_is_an_image_of_the_card_size(page: Page, interview):
    claim = Claim.objects.published().order_by("pk").first()
    assert claim is not None
    page.goto(claim.get_absolute_url())
    image = page.locator('meta[property="og:image"]').get_attribute("content") or ""
    assert image.endswith(f"/claims/{claim.slug}/card.png?v={claim.published_verdict_id}")
    page.goto(urlsplit(image)._replace(scheme="", netloc="").geturl())
    size = page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [1200, 630]


def test_the_timeline_draws_gaps_spans_and_how_well_each_date_is_known(screen: Page, interview):
    screen.goto("/")
    # Years with nothing in them are marked, not closed up: 1951 → 1954 is not a day.
    gap = screen.locator(".year__gap").first
    assert gap.is_visible()
    assert "years in which no event starts" in gap.inner_text()
    box = gap.bounding_box()
    assert box is not None and box["height"] >= 24
    # A span is a bar with its two ends labelled, and its marker on the rail is a bar too.
    span = screen.locator(".event--span").first
    span.scroll_into_view_if_needed()
    ends = span.locator(".span__end").all_inner_texts()
    assert len(ends) == 2 and all(ends), ends
    marker = span.evaluate("(e) => getComputedStyle(e, '::before').height")
    assert float(marker.removesuffix("px")) > 30, marker
    # Each marker shape is explained, in words, by the legend.
    legend = screen.locator(".date-key").inner_text()
    for words in ("exact day", "month", "year", "approximate", "uncertain", "span"):
        assert words in legend


def test_load_more_appends_the_next_events_and_the_footer_stays_reachable(screen: Page, interview):
    screen.goto("/")
    before = screen.locator("#chronology .event").count()
    # Scrolling to the end loads nothing by itself: the footer can be reached.
    screen.keyboard.press("End")
    screen.mouse.wheel(0, 20_000)
    screen.wait_for_timeout(300)
    assert screen.locator("#chronology .event").count() == before
    footer = screen.locator("footer").last
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    screen.get_by_role("link", name="Load more events").click()
    screen.locator("#chronology .event").nth(before).wait_for()
    screen.mouse.wheel(0, 50_000)
    screen.wait_for_timeout(300)
    after = screen.locator("#chronology .event").count()
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    assert screen.locator("#chronology .event").count() == after  # nothing more loaded itself
    assert duplicate_ids(screen) == []
    assert_accessible(screen)
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]


def test_after_load_more_the_strip_marks_the_years_just_appended(screen: Page, interview):
    screen.goto("/?dates=2009-")
    bar = screen.locator(".density__link[data-years='2017 2017']")
    expect(bar).not_to_have_class(re.compile("density__link--here"))
    assert bar.get_attribute("aria-label") == "2017: 2 events"
    before = screen.locator("#chronology .event").count()
    screen.get_by_role("link", name="Load more events").click()
    screen.locator("#chronology .event").nth(before).wait_for()
    expect(bar).to_have_class(re.compile("density__link--here"))
    assert bar.get_attribute("aria-current") == "location"
    assert bar.get_attribute("aria-label") == "2017: 2 events, on this page"
    # The year is on the page now: its bar leads to its heading, loading nothing.
    assert bar.get_attribute("href") == "#year-2017"
    count = screen.locator("#chronology .event").count()
    bar.click()
    screen.wait_for_timeout(300)
    assert screen.url.endswith("/?dates=2009-#year-2017")
    assert screen.locator("#chronology .event").count() == count
    # Years not yet loaded keep leading to the chronology from there.
    later = screen.locator(".density__link[data-years='2024 2024']")
    expect(later).not_to_have_class(re.compile("density__link--here"))
    assert later.get_attribute("href").startswith("?")


def test_on_a_phone_a_spoken_date_reads_on_one_line_with_its_arrow(phone_page: Page, interview):
    """ "→ 3 / Oct 1991–3 Nov 1992" split the date; the arrow and the date go on together."""
    event = Event.objects.get(slug="clinton-elected-1992")
    phone_page.goto(event.get_absolute_url())
    arrow = phone_page.locator(".dating__item--spoken .dating__arrow").first.bounding_box()
    date = phone_page.locator(".dating__item--spoken .dating__date").first
    expect(date).to_have_text("3 Oct 1991–3 Nov 1992")
    lines = date.evaluate("date => date.getClientRects().length")
    box = date.bounding_box()
    assert arrow is not None and box is not None
    assert lines == 1 and abs(arrow["y"] + arrow["height"] / 2 - (box["y"] + box["height"] / 2)) < 8
