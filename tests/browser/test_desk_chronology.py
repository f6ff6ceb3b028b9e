"""A new interview onto the chronology in Chromium, without the admin: an editor imports a
transcript at the desk, makes a claim, creates the event it mentions with the date typed as
people say it (read back live), logs a verdict; a second person publishes the interview and
the verdict, and only then does the event appear on the public timeline."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_desk_flow import log_in, second_user_page
from tests.browser.test_desk_import import fill_metadata
from tests.factcheck.test_import_transcript import NEWSROOM
from tests.factories import make_approver, make_editor, make_scale, make_source, make_topic
from timeline.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "They plan in decades."
EVENT = "China adopts its 13th five-year plan"


def test_an_editor_places_a_new_interviews_claim_on_the_chronology_and_an_approver_publishes(
    page: Page, browser: Browser, live_server
):
    make_editor(username="edna")
    make_approver(username="abe")
    make_scale()
    make_source(title="The 13th Five-Year Plan", publisher="NDRC")
    make_topic(name="Trade", slug="trade")

    # The editor imports the transcript at the desk.
    log_in(page, "edna")
    page.get_by_role("link", name="Import an interview").click()
    fill_metadata(page)
    page.get_by_label(re.compile(r"^Transcript")).fill(NEWSROOM.decode())
    expect(page.locator("#import-preview").get_by_text("10 passages")).to_be_visible()
    page.get_by_role("button", name="Save the interview").click()
    expect(page).to_have_url(re.compile(r"/desk/interviews/rules-of-engagement-michael-rogers/$"))
    interview_url = page.url

    # ...and makes a claim of the speaker's words.
    page.get_by_label("The exact words").fill(WORDS)
    page.get_by_label("The claim, in plain words").fill("China plans in decades.")
    page.get_by_role("button", name="Create the claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("China plans in decades.")

    # She creates the event; the date is read back as she types it.
    new_event = page.locator("#desk-chronology")
    new_event.get_by_label("What happened").fill(EVENT)
    new_event.get_by_label("When").fill("spring 2016")
    preview = page.locator("#desk-date-preview")
    expect(preview).to_contain_text("“spring 2016” reads as Spring 2016")
    # Words the speaker did not say are refused as she types, and again if she saves them.
    new_event.get_by_label("The date as the speaker put it").last.fill("four months ago")
    expect(preview).to_contain_text("“four months ago” is not in the quote")
    new_event.get_by_label("Trade").check()
    assert_accessible(page)
    screenshot(page, "desk-chronology-preview")
    new_event.get_by_role("button", name="Create the event and link it").click()
    expect(page.locator("#desk-chronology")).to_contain_text(
        "The event was not created: correct what is marked."
    )
    assert not Event.objects.filter(title=EVENT).exists()
    new_event.get_by_label("The date as the speaker put it").last.fill("in decades")
    new_event.get_by_role("button", name="Create the event and link it").click()
    expect(page.locator("#desk-chronology")).to_contain_text(
        f"Event created: “{EVENT}” (Spring 2016)."
    )
    expect(page.locator(".desk-placement")).to_contain_text("as spoken: “in decades”")
    expect(page.locator(".desk-placement")).to_contain_text("Not public yet")

    # She logs a verdict and submits it.
    page.get_by_role("link", name="Log a verdict").click()
    form = page.locator("#desk-verdict-form")
    form.get_by_role("radio", name="Accurate Accurate.").check()
    form.get_by_label("Rationale").fill("The plan for 2016 to 2020 was adopted in March 2016.")
    form.get_by_label("Find a source").fill("zzzqqq")
    expect(form.locator("#desk-source-count")).to_have_text("No source matches “zzzqqq”.")
    form.get_by_label("Find a source").fill("five-year plan")
    page.wait_for_load_state("networkidle")
    form.get_by_role("button", name="Cite “The 13th Five-Year Plan”").click()
    expect(form.locator("#desk-evidence-rows > li")).to_have_count(1)
    form.locator("#desk-evidence-rows > li").get_by_label("Supports").check()
    form.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("#desk-notice")).to_have_text("Submitted for review.")

    # Nothing of it is public yet.
    reader = second_user_page(browser, live_server)
    reader.goto("/")
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    expect(reader.get_by_text(EVENT)).to_have_count(0)

    # A second person publishes the interview, then the verdict.
    approver = second_user_page(browser, live_server)
    log_in(approver, "abe")
    approver.goto(interview_url)
    approver.get_by_role("button", name="Publish the interview").click()
    approver.goto("/desk/?tab=review")
    approver.get_by_role("link", name="China plans in decades.").click()
    approver.get_by_role("button", name="Approve and publish").click()
    expect(approver.locator(".desk-card--published")).to_contain_text("Accurate")
    expect(approver.locator("#desk-verdicts")).to_contain_text("edna created the event")

    # Now readers find the event on the timeline, dated as documented and as spoken.
    reader.goto("/")
    expect(reader.get_by_text(EVENT)).to_be_visible()
    event = Event.objects.get(title=EVENT)
    reader.goto(event.get_absolute_url())
    expect(reader.locator("main")).to_contain_text("in decades")
    expect(reader.locator("main")).to_contain_text(WORDS)
    approver.context.close()
    reader.context.close()
