"""What readers see of the desk's work, in Chromium: a verdict published on the desk shows on
the public claim page with one valid schema.org ClaimReview, and a correction then shows on
the claim page, on /corrections/ and in the corrections feed.

The public claim page is built on another branch: these tests run once it is there (the URL
name reader:claim_detail resolves) and are skipped until then.
"""

import datetime
import json
import re
import time
import xml.etree.ElementTree as ET

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from factcheck import services
from factcheck.models import Claim, Correction, RatingLevel, Source, Transcript
from factcheck.services import EvidenceItem
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import make_approver, make_editor


def _claim_pages_exist() -> bool:
    try:
        reverse("reader:claim_detail", kwargs={"slug": "any-claim"})
    except NoReverseMatch:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _claim_pages_exist(), reason="the public claim page (reader:claim_detail) is not built"
)

WORDS = "Japan has been dealing with this for 20 years."
ATOM = "{http://www.w3.org/2005/Atom}"


def claim_reviews(page: Page) -> list[dict]:
    """Every ClaimReview in the page's JSON-LD (top level, in a list, or in an @graph)."""
    found = []
    for script in page.locator('script[type="application/ld+json"]').all_text_contents():
        data = json.loads(script)
        items = data if isinstance(data, list) else data.get("@graph", [data])
        found += [item for item in items if item.get("@type") == "ClaimReview"]
    return found


def assert_valid_claim_review(review: dict, claim: Claim) -> None:
    """The fields schema.org and Google's ClaimReview guidelines require, with their rules."""
    assert review["@context"] in {"https://schema.org", "https://schema.org/"}
    assert review["url"].endswith(claim.get_absolute_url())
    assert 0 < len(review["claimReviewed"]) <= 75
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    datetime.datetime.fromisoformat(review["datePublished"])
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == claim.quote.speaker.name
    assert item["datePublished"]
    assert item["appearance"]["url"]


@pytest.fixture
def published_claim(interview) -> Claim:
    """A claim on the interview's words, drafted by one editor and approved by another."""
    editor, approver = make_editor(username="edna"), make_approver(username="abe")
    transcript = Transcript.objects.get()
    quote = services.quote_create(transcript=transcript, exact=WORDS, by=editor)
    claim = services.claim_create(
        quote=quote, text="Japan's population has been declining for about 20 years.", by=editor
    )
    level = RatingLevel.objects.get(scale__is_current=True, slug="needs-context")
    verdict = services.verdict_draft(
        claim=claim,
        level=level,
        rationale="Japan's population has fallen every year since its 2008 peak.",
        as_of=datetime.date(2024, 6, 10),
        evidence=[
            EvidenceItem(source=source, stance="context")
            for source in Source.objects.order_by("pk")[:2]
        ],
        by=editor,
    )
    verdict = services.verdict_submit(verdict=verdict, version=verdict.version, by=editor)
    services.verdict_publish(verdict=verdict, by=approver)
    claim.refresh_from_db()
    return claim


def correct(claim: Claim, level_slug: str, note: str) -> None:
    editor, approver = make_editor(), make_approver()
    revision = services.verdict_correct(verdict=claim.published_verdict, note=note, by=editor)
    revision = services.verdict_update(
        verdict=revision,
        version=revision.version,
        level=RatingLevel.objects.get(scale__is_current=True, slug=level_slug),
        rationale=revision.rationale,
        analysis=revision.analysis,
        as_of=revision.as_of,
        evidence=[
            EvidenceItem(source=row.source, stance=row.stance, note=row.note)
            for row in revision.evidence.select_related("source")
        ],
        by=editor,
    )
    revision = services.verdict_submit(verdict=revision, version=revision.version, by=editor)
    services.verdict_publish(
        verdict=revision, by=approver, correction_kind="correction", correction_note=note
    )


def test_a_published_verdict_and_its_correction_reach_every_public_page(
    page: Page, published_claim: Claim
):
    claim = published_claim
    page.goto(claim.get_absolute_url())
    expect(page.get_by_text("Needs context").first).to_be_visible()
    reviews = claim_reviews(page)
    assert len(reviews) == 1
    first = reviews[0]
    assert_valid_claim_review(first, claim)
    assert first["reviewRating"]["alternateName"] == "Needs context"
    assert_accessible(page)

    time.sleep(1.1)  # dates in JSON-LD may be written to the second
    note = "The decline began in 2008: 16 years, not 20."
    correct(claim, "misleading", note)

    page.goto(claim.get_absolute_url())
    reviews = claim_reviews(page)
    assert len(reviews) == 1
    corrected = reviews[0]
    assert_valid_claim_review(corrected, claim)
    assert corrected["reviewRating"]["alternateName"] == "Misleading"
    assert corrected["datePublished"] == first["datePublished"]
    assert datetime.datetime.fromisoformat(
        corrected["dateModified"]
    ) > datetime.datetime.fromisoformat(first["dateModified"])
    expect(page.get_by_text(note).first).to_be_visible()  # the correction, on the claim page
    screenshot(page, "public-claim-corrected")

    page.goto(reverse("reader:correction_list"))
    listed = page.locator(f"#correction-{Correction.objects.get(claim=claim).pk}")
    expect(listed).to_contain_text(note)
    expect(listed).to_contain_text(
        re.compile(r"Rating changed from\s+Needs context\s+to\s+Misleading")
    )
    listed.get_by_role("link", name=claim.text).click()
    expect(page).to_have_url(f"{page.url.split('/claims/')[0]}{claim.get_absolute_url()}")
    assert_accessible(page)

    feed = page.request.get(reverse("reader:correction_feed"))
    assert feed.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.body()).findall(f"{ATOM}entry")
    # The newest first: this correction, then the bundled dataset's own.
    assert entries[0].findtext(f"{ATOM}title") == f"Correction: {claim.text}"
    assert note in entries[0].findtext(f"{ATOM}summary")
