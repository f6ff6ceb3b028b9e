"""/timeline.json as newsrooms use it: rendered by Knight Lab's TimelineJS itself (the npm
package's build, vendored in tests/browser/vendor/), with and without matching events."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

VENDOR = Path(__file__).parent / "vendor" / "timelinejs"
# A page on the test server's own origin, as an embedding newsroom page would be (it reads
# the JSON from another origin in real life; the JSON answers CORS for that).
EMBED = "/__timelinejs__/"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed</title>
<link rel="stylesheet" href="timeline.css"><script src="timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script>window.timeline = new TL.Timeline("timeline-embed", new URL(location.hash.slice(1),
location.origin).href);</script></body></html>"""


def _serve_embed(page: Page) -> list[str]:
    """Serve the embedding page and TimelineJS's files; return the page's errors."""

    def handle(route: Route) -> None:
        name = route.request.url.split(EMBED, 1)[1].split("#")[0] or "index.html"
        if name == "index.html":
            route.fulfill(body=PAGE, content_type="text/html")
        else:
            route.fulfill(path=VENDOR / name)

    page.route(f"**{EMBED}**", handle)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _render(page: Page, json_path: str) -> list[str]:
    errors = _serve_embed(page)
    page.goto(f"{EMBED}#{json_path}")
    expect(page.locator(".tl-timeline")).to_be_visible()
    expect(page.locator(".tl-slide").first).to_be_attached()
    return errors


def test_timelinejs_renders_the_interviews_chronology(page, interview):
    errors = _render(page, "/timeline.json")
    expect(page.locator(".tl-timemarker")).not_to_have_count(0)
    expect(page.locator(".tl-message-full")).to_have_count(0)  # TimelineJS's error screen
    headline = page.locator(".tl-slide-titleslide .tl-headline").first
    expect(headline).to_contain_text("Interview Fact Check")
    screenshot(page, "timelinejs-desktop")
    assert errors == []


def test_timelinejs_shows_a_slide_when_nothing_matches_the_filters(page, interview):
    errors = _render(page, "/timeline.json?dates=1800")
    expect(page.locator(".tl-message-full")).to_have_count(0)
    title = page.locator(".tl-slide-titleslide .tl-headline").first
    expect(title).to_have_text("No events match these filters")
    slide = page.locator(".tl-slide-titleslide")
    expect(slide).to_contain_text("Filters: Dates: 1800.")
    expect(slide.get_by_role("link", name="Change them on the chronology")).to_have_attribute(
        "href", re.compile(r"/\?dates=1800$")
    )
    screenshot(page, "timelinejs-empty")
    assert errors == []
