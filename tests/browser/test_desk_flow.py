"""The editors' desk in Chromium, on the interview's own data: an editor makes a claim from
words selected in the transcript and logs a verdict with two sources; an approver publishes
it; the verdict is then corrected through the same review."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from factcheck import services
from factcheck.models import Claim, Correction, Transcript, Verdict
from tests.browser.conftest import STEP_TIMEOUT_MS, assert_accessible, screenshot
from tests.factories import (
    edit_verdict,
    make_approver,
    make_claim,
    make_editor,
    make_scale,
    make_source,
    make_transcript,
    make_verdict,
)

WORDS = "Japan has been dealing with this for 20 years."


def log_in(page: Page, username: str, next_path: str = "/desk/") -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def select_words(page: Page, words: str) -> None:
    """Drag the mouse across `words` in the transcript, as a person selects them."""
    box = page.evaluate(
        """(words) => {
          for (const passage of document.querySelectorAll('.desk-passage')) {
            const walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT);
            for (let node; (node = walker.nextNode()); ) {
              const at = node.data.indexOf(words);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + words.length);
              range.startContainer.parentElement.scrollIntoView({block: 'center'});
              const rects = range.getClientRects();
              const first = rects[0], last = rects[rects.length - 1];
              return {x1: first.left + 1, y1: first.top + first.height / 2,
                      x2: last.right - 1, y2: last.top + last.height / 2};
            }
          }
          return null;
        }""",
        words,
    )
    assert box, f"“{words}” is not in the transcript"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def second_user_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def newsroom(interview):
    return make_editor(username="edna"), make_approver(username="abe")


def test_a_claim_goes_from_transcript_words_to_a_published_corrected_verdict(
    page: Page, browser: Browser, live_server, newsroom
):
    transcript = Transcript.objects.get()
    refused = []  # anything the Content-Security-Policy blocked
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    # The editor finds the interview on the desk and selects the words.
    log_in(page, "edna")
    assert_accessible(page)
    page.get_by_role("link", name=transcript.title).click()
    select_words(page, WORDS)
    expect(page.get_by_label("The exact words")).to_have_value(WORDS)
    expect(page.locator("#desk-selection-status")).to_contain_text("9 words selected")
    assert int(page.locator("#id_hint").input_value()) == transcript.text.index(WORDS)
    page.get_by_label("The claim, in plain words").fill(
        "Japan's population has been declining for about 20 years."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Create the claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Japan's population has been declining for about 20 years."
    )
    expect(page.locator("#messages")).to_contain_text("Claim created.")
    claim = Claim.objects.get(text__startswith="Japan's population")
    assert (claim.quote.exact, claim.quote.start) == (WORDS, transcript.text.index(WORDS))
    claim_url = page.url

    # The verdict form opens in place; errors appear beside the fields, nothing is saved.
    page.get_by_role("link", name="Log a verdict").click()
    form = page.locator("#desk-verdict-form")
    expect(form).to_be_visible()
    assert page.url == claim_url
    form.get_by_role("button", name="Save and submit for review").click()
    expect(form.locator("#id_rationale_error")).to_have_text(
        "Write the rationale: the finding, in a sentence or two."
    )
    expect(form.get_by_label("Rationale")).to_have_attribute("aria-invalid", "true")
    assert not claim.verdicts.exists()

    # Each error goes as soon as its field is filled in.
    form.get_by_label("Needs context").check()
    form.get_by_label("Rationale").fill(
        "Japan's population has fallen every year since its 2008 peak, so about 16 years."
    )
    expect(form.locator("#id_rationale_error")).to_have_count(0)
    expect(form.get_by_label("Rationale")).not_to_have_attribute("aria-invalid", "true")
    form.get_by_label("Analysis").fill("Statistics Bureau estimates show the peak in 2008.")

    # A source from the search-as-you-type picker...
    form.get_by_label("Find a source").fill("direct investment 2023")
    form.get_by_label("Find a source").press("Enter")  # searches; never saves the form
    # (The 2022 report matches too: its address holds "2023", the year it came out.)
    expect(form.locator("#desk-source-count")).to_have_text(
        "2 sources match “direct investment 2023”."
    )
    # Typing also queued a search of its own (after a pause): let it land before citing.
    page.wait_for_load_state("networkidle")
    form.get_by_role(
        "button", name="Cite “Direct Investment by Country and Industry, 2023”"
    ).click()
    expect(form.locator("#desk-source-count")).to_contain_text("Added “Direct Investment")
    assert not claim.verdicts.exists()
    first = form.locator("#desk-evidence-rows > li").nth(0)
    expect(first).to_contain_text("Direct Investment by Country and Industry, 2023")
    first.get_by_label("Context").check()

    # ...and a new one, added without leaving the form.
    form.get_by_role("link", name="Add a new source").click()
    new_source = form.get_by_role("group", name="A new source")
    expect(new_source.get_by_label("Title")).to_be_focused()
    new_source.get_by_label("Title").fill("Population Estimates, October 2023")
    new_source.get_by_label("Publisher").fill("Statistics Bureau of Japan")
    new_source.get_by_label("Date").fill("April 2024")
    new_source.get_by_label(re.compile("^URL")).fill("stat.go.jp/english/data/jinsui/2023np/")
    new_source.get_by_role("button", name="Add and cite this source").click()
    second = form.locator("#desk-evidence-rows > li").nth(1)
    expect(second).to_contain_text("Population Estimates, October 2023")
    second.get_by_label("Supports").check()
    assert_accessible(page)
    form.get_by_role("button", name="Save and submit for review").click()

    panel = page.locator("#desk-verdicts")
    expect(panel.locator(".desk-card .desk-status--in_review")).to_have_text("Awaiting review")
    expect(page.locator("#desk-notice")).to_have_text("Submitted for review.")
    expect(page.get_by_text("Claim created.")).to_have_count(0)  # the new notice replaced it
    expect(panel).to_contain_text("edna submitted for review")
    verdict = claim.verdicts.get()
    assert [(e.source.title, e.stance) for e in verdict.evidence.select_related("source")] == [
        ("Direct Investment by Country and Industry, 2023", "context"),
        ("Population Estimates, October 2023", "supports"),
    ]

    # A second person approves it.
    approver = second_user_page(browser, live_server)
    log_in(approver, "abe")
    approver.get_by_role("link", name=claim.text).click()
    expect(approver.get_by_role("heading", level=1)).to_contain_text("Review:")
    expect(approver.locator(".desk-context mark")).to_have_text(WORDS)
    assert_accessible(approver)
    approver.get_by_role("button", name="Approve and publish").click()
    expect(approver.locator(".desk-card--published")).to_contain_text("Needs context")
    verdict.refresh_from_db()
    assert (verdict.status, verdict.approved_by.username) == (Verdict.Status.PUBLISHED, "abe")

    # The editor corrects it: a new draft, reviewed again; the old one is kept.
    page.goto(claim_url)
    page.get_by_role("link", name="Correct this verdict").click()
    page.get_by_label("What needs correcting").fill("The decline began in 2008: 16 years, not 20.")
    page.get_by_role("button", name="Start the correction").click()
    page.get_by_label("Misleading").check()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".desk-card .desk-status--in_review")).to_have_text("Awaiting review")

    approver.goto("/desk/?tab=review")
    approver.get_by_role("link", name=claim.text).click()
    expect(approver.get_by_label("Public note")).to_have_value(
        "The decline began in 2008: 16 years, not 20."
    )
    # The rating struck out and the one replacing it stand apart, not run together.
    rating = approver.locator(".desk-changes__text").first
    expect(rating).to_have_text(re.compile("Needs context.*Misleading"))
    gap = rating.evaluate(
        "dd => dd.querySelector('ins').getBoundingClientRect().left"
        " - dd.querySelector('del').getBoundingClientRect().right"
    )
    assert gap >= 3
    approver.get_by_label("Correction", exact=True).check()
    approver.get_by_role("button", name="Approve and publish").click()
    history = approver.locator("#desk-verdicts")
    expect(history).to_contain_text("Correction, ")
    expect(history).to_contain_text("The decline began in 2008: 16 years, not 20.")
    expect(history.locator(".desk-status--superseded")).to_have_count(1)
    screenshot(approver, "desk-claim-corrected")

    correction = Correction.objects.get(claim=claim)
    assert (correction.kind, correction.previous, correction.revision.level.label) == (
        "correction",
        verdict,
        "Misleading",
    )
    assert claim.verdicts.count() == 2
    assert refused == []
    approver.context.close()


def test_selected_offsets_count_code_points_not_utf16_units(page: Page, live_server):
    """An emoji is one code point but two UTF-16 units: the offset sent must not drift."""
    make_scale()
    text = (
        "An introduction 🇯🇵 with flags 🇺🇸.\n"
        "Q: What happened in 2016? 🤔\n"
        "A: 🏛️ The Philippines won its case in 2016. China said it would ignore the award."
    )
    transcript = make_transcript(text=text)
    make_editor(username="edna")
    log_in(page, "edna")
    page.goto(f"/desk/interviews/{transcript.slug}/")
    select_words(page, "China said it would ignore the award.")
    expect(page.get_by_label("The exact words")).to_have_value(
        "China said it would ignore the award."
    )
    assert int(page.locator("#id_hint").input_value()) == text.index("China said")
    assert len(text[: text.index("China said")].encode("utf-16-le")) // 2 > text.index("China")


def test_words_typed_over_a_selection_are_not_placed_by_it(page: Page, live_server):
    """An editor selects words, then types others over them: where the selection started
    no longer says which of the new words' places is meant, so "the", found in many,
    is refused as ambiguous rather than anchored beside the old selection."""
    make_scale()
    text = (
        "Q: What happened in 2016?\n"
        "A: The Philippines won the case. China said it would ignore the award."
    )
    transcript = make_transcript(text=text)
    make_editor(username="edna")
    log_in(page, "edna")
    page.goto(f"/desk/interviews/{transcript.slug}/")
    select_words(page, "China said it would ignore the award.")
    assert page.locator("#id_hint").input_value() != ""
    page.get_by_label("The exact words").fill("the")
    expect(page.locator("#id_hint")).to_have_value("")
    expect(page.locator("#desk-selection-status")).to_contain_text("typed by hand")
    page.get_by_label("The claim, in plain words").fill("Something about the.")
    page.get_by_role("button", name=re.compile("claim", re.I)).first.click()
    expect(page.locator(".desk-form")).to_contain_text(re.compile("more than once|times"))
    assert not Claim.objects.filter(quote__transcript=transcript).exists()


def test_the_desk_works_without_javascript(nojs_page: Page, live_server, phone_page: Page):
    make_scale()
    transcript = make_transcript()
    make_source(title="The award")
    make_source(title="The tribunal's press release")
    make_editor(username="edna")
    page = nojs_page
    log_in(page, "edna")
    page.goto(f"/desk/interviews/{transcript.slug}/")
    page.get_by_label("The exact words").fill("The Philippines won its case in 2016.")
    page.get_by_label("The claim, in plain words").fill("The Philippines won in 2016.")
    page.get_by_role("button", name="Create the claim").click()
    page.get_by_role("link", name="Log a verdict").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a verdict")
    page.get_by_role("radio", name=re.compile("^Accurate")).check()
    page.get_by_label("Rationale").fill("The tribunal ruled on 12 July 2016.")
    rows = page.locator(".desk-evidence-row")
    rows.nth(0).get_by_label("Source").select_option(
        label="The award (Permanent Court of Arbitration)"
    )
    rows.nth(0).get_by_label("Supports").check()
    rows.nth(1).get_by_label("Source").select_option(
        label="The tribunal's press release (Permanent Court of Arbitration)"
    )
    rows.nth(1).get_by_label("Context").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".desk-card--draft")).to_contain_text("The tribunal ruled on 12 July 2016.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".desk-card .desk-status--in_review")).to_have_text("Awaiting review")
    verdict = Verdict.objects.get()
    assert verdict.evidence.count() == 2

    # The same page on a phone.
    log_in(phone_page, "edna")
    phone_page.goto(page.url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
    screenshot(phone_page, "desk-claim-phone")


def test_a_verdict_typed_and_not_saved_is_not_left_without_asking(page: Page, newsroom):
    """Cancel, or leaving the page, with a verdict typed and not saved asks first; staying
    keeps every word, and a form with nothing typed is left without a question."""
    claim = make_claim()
    make_source(title="The Zanzibar tribunal's award")
    log_in(page, "edna", reverse("desk:claim", args=[claim.slug]))
    page.get_by_role("link", name="Log a verdict").click()
    form = page.locator("#desk-verdict-form")
    form.get_by_label("Rationale").fill("The tribunal ruled for the Philippines in 2016.")

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    form.get_by_role("link", name="Cancel").click()
    expect(form.get_by_label("Rationale")).to_have_value(
        "The tribunal ruled for the Philippines in 2016."
    )
    assert asked == ["Leave this form? What you typed has not been saved."]
    with page.expect_event("dialog") as leaving:
        page.close(run_before_unload=True)
    assert leaving.value.type == "beforeunload"
    leaving.value.dismiss()  # stays

    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("link", name="Log a verdict")).to_be_visible()
    expect(form).to_have_count(0)
    # Nothing typed is left to lose: the page no longer asks before it is left. A search
    # for a source is nothing to lose either; a source cited is.
    page.get_by_role("link", name="Log a verdict").click()
    expect(form).to_be_visible()
    changed = "document.querySelector('form[data-changed]') !== null"
    assert page.evaluate(changed) is False
    form.locator("#desk-source-q").fill("zanzibar")
    cite = form.get_by_role("button", name=re.compile("^Cite"))
    expect(cite).to_have_count(1)
    assert page.evaluate(changed) is False
    cite.click()
    expect(form.locator("#desk-evidence-rows > li")).to_have_count(1)
    assert page.evaluate(changed) is True
    assert not claim.verdicts.exists()


def test_a_verdict_typed_before_someone_else_saved_it_is_back_and_merged_with_theirs(
    page: Page, newsroom
):
    """Typed, not saved; another editor saves the same draft; a reload opens it at their
    version. What was typed is not lost: it is back, from the version it was typed from,
    and saving it merges it with theirs, as any save made meanwhile is."""
    editor, _ = newsroom
    olga = make_editor(username="olga")
    verdict = make_verdict(author=editor, rationale="The award was issued in 2016.")
    edit = reverse("desk:verdict_edit", args=[verdict.pk])
    log_in(page, "edna", edit)
    page.wait_for_load_state()  # its scripts, which keep what is typed, run first
    form = page.locator("#desk-verdict-form")
    analysis = "Three paragraphs of analysis,\nnot saved yet."
    form.get_by_label("Analysis").fill(analysis)

    services.verdict_update(
        verdict=verdict,
        version=1,
        level=verdict.level,
        rationale="The tribunal issued its award on 12 July 2016.",
        as_of=verdict.as_of,
        by=olga,
    )
    page.reload()
    expect(form.get_by_label("Analysis")).to_have_value(analysis)
    restored = form.get_by_role("status").filter(has_text="has not been saved yet")
    expect(restored).to_contain_text("Someone has saved this since you typed it")
    # Their rationale stands, the analysis typed is back: saving shows what they changed,
    # and saving again keeps both.
    expect(form.get_by_label("Rationale")).to_have_value(
        "The tribunal issued its award on 12 July 2016."
    )
    form.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#desk-verdict-form")).to_contain_text(
        "Someone saved this draft while you were editing"
    )
    expect(form.get_by_label("Rationale")).to_have_value(
        "The tribunal issued its award on 12 July 2016."
    )
    expect(form.get_by_label("Analysis")).to_have_value(analysis)
    form.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".desk-card--draft")).to_contain_text("12 July 2016")
    verdict.refresh_from_db()
    assert verdict.rationale == "The tribunal issued its award on 12 July 2016."
    assert verdict.analysis == analysis


def test_typed_work_put_back_over_sources_changed_since_leaves_theirs_to_their_sources(
    page: Page, newsroom
):
    """A row of evidence is a place in a list: put back over a list someone changed since,
    it would give its stance and note to another source. The sources stay as saved, and
    the note says so, with what was written of them."""
    editor, _ = newsroom
    first, second = make_source(title="First source"), make_source(title="Second source")
    verdict = make_verdict(author=editor, sources=[first, second])
    edit = reverse("desk:verdict_edit", args=[verdict.pk])
    log_in(page, "edna", edit)
    page.wait_for_load_state()  # its scripts, which keep what is typed, run first
    form = page.locator("#desk-verdict-form")
    form.get_by_label("Analysis").fill("My analysis.")
    form.get_by_label("Note").first.fill("My note on the first.")

    olga = make_editor(username="olga")
    edit_verdict(
        verdict,
        olga,
        evidence=[services.EvidenceItem(source=second, stance="contradicts", note="Olga's.")],
    )
    page.reload()
    expect(form.get_by_label("Analysis")).to_have_value("My analysis.")
    expect(form.get_by_label("Note")).to_have_count(1)
    expect(form.get_by_label("Note")).to_have_value("Olga's.")  # not the first row's note
    restored = form.get_by_role("status").filter(has_text="has not been saved yet")
    expect(restored).to_contain_text(
        "Not in the form now, to find again if it should be: “First source” "
        "(you wrote: “My note on the first.”)."
    )
    form.get_by_role("button", name="Save the draft").click()
    expect(form).to_contain_text("Someone saved this draft while you were editing")
    form.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".desk-card--draft")).to_contain_text("My analysis.")
    verdict.refresh_from_db()
    assert verdict.analysis == "My analysis."
    assert [(row.source, row.stance, row.note) for row in verdict.evidence.all()] == [
        (second, "contradicts", "Olga's.")
    ]


def test_a_verdict_typed_when_the_session_ended_is_back_after_logging_in_again(
    page: Page, newsroom
):
    """Saving after the session ended leads to the log-in page, and back: the text typed
    is kept in the tab and put back into the same form, saying so, until it is saved or
    discarded."""
    claim = make_claim()
    make_source(title="The Zanzibar tribunal's award")
    claim_page = reverse("desk:claim", args=[claim.slug])
    log_in(page, "edna", claim_page)
    page.get_by_role("link", name="Log a verdict").click()
    form = page.locator("#desk-verdict-form")
    rationale = "The tribunal ruled for the Philippines in 2016."
    analysis = "Two paragraphs of analysis,\nwritten with care."
    accurate = form.get_by_role("radio", name=re.compile("^Accurate"))
    accurate.check()
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_label("Analysis").fill(analysis)
    # A search for nothing in particular says so in the picker; the form stays.
    form.locator("#desk-source-q").fill("The")
    expect(form.locator("#desk-source-count")).to_contain_text("Words as common as “The”")
    expect(form.get_by_label("Rationale")).to_have_value(rationale)
    form.locator("#desk-source-q").fill("zanzibar")
    form.get_by_role("button", name=re.compile("^Cite")).click()
    expect(form.locator("#desk-evidence-rows > li")).to_have_count(1)

    Session.objects.all().delete()  # as the session expires on the server
    form.get_by_role("button", name="Save the draft").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(claim_page) + "$"))

    page.get_by_role("link", name="Log a verdict").click()
    expect(form.get_by_label("Rationale")).to_have_value(rationale)
    expect(form.get_by_label("Analysis")).to_have_value(analysis)
    expect(accurate).to_be_checked()
    restored = form.get_by_role("status").filter(has_text="has not been saved yet")
    expect(restored).to_contain_text("What you typed here earlier is back in the form")
    expect(restored).to_contain_text(
        "Not in the form now, to find again if it should be: “The Zanzibar tribunal's award”."
    )
    assert page.evaluate("document.querySelector('form[data-changed]') !== null")
    assert not claim.verdicts.exists()

    # Discarded, it is gone, here and when the form is opened again.
    restored.get_by_role("button", name="Discard it").click()
    expect(form.get_by_label("Rationale")).to_have_value("")
    expect(restored).to_have_count(0)
    page.reload()
    page.get_by_role("link", name="Log a verdict").click()
    expect(form.get_by_label("Rationale")).to_have_value("")
    expect(form.locator(".desk-restored")).to_have_count(0)

    # Typed again, it is for the editor who typed it: not offered to another who logs in
    # on the same tab once the session ended; and logging out forgets it.
    form.get_by_label("Rationale").fill(rationale)
    Session.objects.all().delete()
    make_editor(username="olga")
    log_in(page, "olga", claim_page)
    page.get_by_role("link", name="Log a verdict").click()
    expect(form.get_by_label("Rationale")).to_have_value("")
    expect(form.locator(".desk-restored")).to_have_count(0)
    page.get_by_role("button", name="Log out olga").click()
    log_in(page, "edna", claim_page)
    page.get_by_role("link", name="Log a verdict").click()
    expect(form.get_by_label("Rationale")).to_have_value("")  # forgotten at olga's log-out

    # Saved, it is not offered again either.
    accurate.check()
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".desk-card--draft")).to_contain_text(rationale)
    assert claim.verdicts.get().rationale == rationale
    kept = "Object.keys(sessionStorage).filter((key) => key.startsWith('desk-typed'))"
    assert page.evaluate(kept) == []
