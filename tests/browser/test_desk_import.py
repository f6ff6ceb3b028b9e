"""The desk's import page in Chromium: an editor pastes a transcript, sees it read live,
corrects a passage's role and saves; the same without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from factcheck.models import Transcript
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_desk_flow import log_in
from tests.factcheck.test_import_transcript import NEWSROOM
from tests.factories import make_editor

pytestmark = pytest.mark.django_db(transaction=True)


def fill_metadata(page: Page) -> None:
    page.get_by_label(re.compile(r"^Title")).fill("Rules of Engagement: Michael Rogers")
    page.get_by_label(re.compile(r"^Interviewer")).fill("Bob Davis")
    page.get_by_label(re.compile(r"^Interviewee:")).fill("Michael Rogers")
    page.get_by_label("Interview date").fill("21 January 2024")


def test_an_editor_pastes_previews_corrects_and_saves_a_transcript(page: Page, live_server):
    make_editor(username="edna")
    log_in(page, "edna")
    page.get_by_role("link", name="Import an interview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import an interview")
    fill_metadata(page)
    page.get_by_label(re.compile(r"^Transcript")).fill(NEWSROOM.decode())

    # The preview comes as the editor types: every paragraph, who says it and why.
    preview = page.locator("#import-preview")
    expect(preview.get_by_text("10 passages")).to_be_visible()
    expect(preview.get_by_text("continues Michael Rogers’s answer above")).to_be_visible()
    assert_accessible(page)

    # Paragraph 4 is Rogers carrying on; the editor says it is the interviewer's question
    # instead, and its speaker follows the role.
    with page.expect_response(re.compile(r"/desk/interviews/import/$")):
        page.get_by_label("Role of passage 6").select_option("question")
    expect(preview.locator("#import-row-6")).to_contain_text("corrected by an editor")
    expect(page.get_by_label("Speaker of passage 6")).to_have_value("Bob Davis")
    # A speaker typed over it is kept.
    with page.expect_response(re.compile(r"/desk/interviews/import/$")):
        page.get_by_label("Speaker of passage 6").fill("Jane Doe")
        page.get_by_label("Speaker of passage 6").press("Tab")
    expect(page.get_by_label("Speaker of passage 6")).to_have_value("Jane Doe")
    screenshot(page, "desk-import-preview")

    page.get_by_role("button", name="Save the interview").click()
    expect(page).to_have_url(re.compile(r"/desk/interviews/rules-of-engagement-michael-rogers/$"))
    expect(page.get_by_text("Unpublished", exact=True)).to_be_visible()
    transcript = Transcript.objects.get()
    sixth = transcript.passages.get(position=6)
    assert (sixth.kind, sixth.speaker.name) == ("question", "Jane Doe")
    assert transcript.passages.count() == 10


def test_the_import_page_works_without_javascript(nojs_page: Page, live_server):
    make_editor(username="edna")
    page = nojs_page
    log_in(page, "edna")
    page.goto("/desk/interviews/import/")
    fill_metadata(page)
    page.get_by_label(re.compile(r"^Transcript")).fill(NEWSROOM.decode())
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-preview").get_by_text("10 passages")).to_be_visible()
    page.get_by_label("Role of passage 5").select_option("note")
    page.get_by_role("button", name="Save the interview").click()
    expect(page).to_have_url(re.compile(r"/desk/interviews/rules-of-engagement-michael-rogers/$"))
    assert Transcript.objects.get().passages.get(position=5).kind == "note"


def test_a_file_chosen_first_is_previewed_and_the_list_of_gaps_follows_the_fields(
    page: Page, live_server, tmp_path
):
    make_editor(username="edna")
    log_in(page, "edna")
    page.goto("/desk/interviews/import/")
    upload = tmp_path / "rogers.txt"
    upload.write_bytes(NEWSROOM)
    page.get_by_label("Or upload the file").set_input_files(str(upload))
    preview = page.locator("#import-preview")
    expect(preview.get_by_text("10 passages")).to_be_visible()
    expect(preview.get_by_text("Before saving:")).to_be_visible()
    expect(preview.get_by_role("link", name="Interview date")).to_be_visible()
    # Each field filled in is taken off the list; once none is missing, the list goes.
    fill_metadata(page)
    expect(preview.get_by_text("Before saving:")).to_have_count(0)
    expect(preview.get_by_text("continues Michael Rogers’s answer above")).to_be_visible()
    page.get_by_role("button", name="Save the interview").click()
    expect(page).to_have_url(re.compile(r"/desk/interviews/rules-of-engagement-michael-rogers/$"))
    assert Transcript.objects.get().passages.count() == 10


def test_the_preview_fits_a_phone_and_the_queue_with_a_long_title_too(
    phone_page: Page, live_server
):
    """Each passage a card on a phone, not a five-column table a letter wide; and the
    queue's interview choice no wider than the screen, whatever the titles."""
    make_editor(username="edna")
    page = phone_page
    log_in(page, "edna")
    page.goto("/desk/interviews/import/")
    fill_metadata(page)
    page.get_by_label(re.compile(r"^Title")).fill(
        "Admiral Sarah Whitcombe on the Pacific after the Pivot, in a long conversation"
    )
    page.get_by_label(re.compile(r"^Transcript")).fill(NEWSROOM.decode())
    preview = page.locator("#import-preview")
    expect(preview.get_by_text("10 passages")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    words = preview.locator("#import-row-3 td").last
    assert words.bounding_box()["width"] > 250  # the words across the card, not a column
    screenshot(page, "desk-import-preview-phone")
    page.get_by_role("button", name="Save the interview").click()
    expect(page).to_have_url(re.compile(r"/desk/interviews/admiral-sarah-whitcombe"))
    page.goto("/desk/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_file_too_large_to_read_is_refused_in_the_form_saying_so(
    page: Page, live_server, tmp_path, settings
):
    settings.REQUEST_BODY_MAX_BYTES = 20_000
    make_editor(username="edna")
    log_in(page, "edna")
    page.goto("/desk/interviews/import/")
    page.get_by_label(re.compile(r"^Title")).fill("A very long talk")
    upload = tmp_path / "long.txt"
    upload.write_bytes(NEWSROOM * (30_000 // len(NEWSROOM) + 1))
    page.get_by_label("Or upload the file").set_input_files(str(upload))
    alert = page.locator("#import-form > [data-refused-unread][role=alert]")
    expect(alert).to_have_text(
        "What was sent is larger than this site accepts (20,000 bytes at most), so nothing "
        "was saved. A transcript may be up to 2.0 MB: shorten it or split it into parts."
    )
    expect(page.get_by_label(re.compile(r"^Title"))).to_have_value("A very long talk")
    # A smaller file is read, and the sentence goes.
    small = tmp_path / "rogers.txt"
    small.write_bytes(NEWSROOM)
    page.get_by_label("Or upload the file").set_input_files(str(small))
    expect(page.locator("#import-preview").get_by_text("10 passages")).to_be_visible()
    expect(alert).to_have_count(0)
    assert not Transcript.objects.exists()


@pytest.fixture
def details_typed(page: Page, live_server) -> Page:
    """An editor on the import page, the interview's details typed, its text not yet."""
    make_editor(username="edna")
    log_in(page, "edna")
    page.goto("/desk/interviews/import/")
    fill_metadata(page)
    return page


def expect_details_kept(page: Page) -> None:
    expect(page.get_by_label(re.compile(r"^Title"))).to_have_value(
        "Rules of Engagement: Michael Rogers"
    )
    assert not Transcript.objects.exists()


def test_a_nul_character_pasted_into_a_form_is_refused_in_the_form_keeping_what_was_typed(
    details_typed: Page,
):
    page = details_typed
    transcript = page.get_by_label(re.compile(r"^Transcript"))
    # As a copy from a PDF may bring one.
    transcript.fill(NEWSROOM.decode().replace("Rogers", "Rog\x00ers", 1))
    alert = page.locator("#import-form > [data-refused-unread][role=alert]")
    expect(alert).to_have_text("A form field holds a NUL character, which no field accepts.")
    expect(page.get_by_role("button", name="Save the interview")).to_be_visible()
    expect_details_kept(page)
    transcript.fill(NEWSROOM.decode())
    expect(page.locator("#import-preview").get_by_text("10 passages")).to_be_visible()
    expect(alert).to_have_count(0)
    assert not Transcript.objects.exists()


def test_a_form_whose_page_expired_says_so_in_the_form_keeping_what_was_typed(
    details_typed: Page,
):
    page = details_typed
    # The page's token no longer matches: its cookie went (cleared, or the session ended).
    page.context.clear_cookies(name="csrftoken")
    page.get_by_label(re.compile(r"^Transcript")).fill(NEWSROOM.decode())
    alert = page.locator("#import-form > [data-refused-unread][role=alert]")
    expect(alert).to_contain_text("This form could not be sent")
    expect(alert).to_contain_text("Reload the page and send it again.")
    expect_details_kept(page)
