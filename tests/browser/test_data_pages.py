"""The Data and Methodology pages as a reader meets them: from the footer, without
JavaScript, on a phone, and with no accessibility violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import make_event, make_scale, make_topic

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_data():
    make_scale(name="Accuracy")
    make_event(title="Tribunal award", topics=[make_topic(name="South China Sea")])


def test_a_reader_finds_the_data_from_the_footer_without_javascript(nojs_page, site_data):
    nojs_page.goto("/methodology/")
    nojs_page.get_by_role("contentinfo").get_by_role("link", name="Data").click()
    expect(nojs_page).to_have_url(re.compile(r"/data/$"))
    expect(nojs_page.get_by_role("heading", level=1)).to_have_text("Open data")
    nojs_page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Sitemap"
    ).click()
    expect(nojs_page.locator("#sitemap")).to_be_in_viewport()


def test_data_and_methodology_pages_are_accessible(page, site_data):
    for path, name in [("/data/", "data-desktop"), ("/methodology/", "methodology-desktop")]:
        page.goto(path)
        assert_accessible(page)
        screenshot(page, name)


def test_data_and_methodology_pages_fit_a_phone(phone_page, site_data):
    for path, name in [("/data/", "data-phone"), ("/methodology/", "methodology-phone")]:
        phone_page.goto(path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        screenshot(phone_page, name)
