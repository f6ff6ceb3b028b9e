"""schema.org ClaimReview: the builder, checked against a JSON Schema written from schema.org's
and Google's documented fields, and the /claimreview.json feed aggregators harvest."""

import json
import re
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from factcheck.models import Claim, Verdict
from kit.responses import moment
from reader import claimreview
from reader.claimreview import (
    claim_review_for,
    claim_reviews,
    iso_date,
    json_ld,
    rating_bounds,
    reviewable_claims,
    shorten,
    text_fragment,
    with_text_fragment,
)
from tests.factories import make_claim, make_scale, make_speaker, make_verdict
from tests.published import QUOTE, correct, published_claim, withdraw
from timeline.dates import parse_edtf

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "schemas" / "claimreview.schema.json").read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def assert_valid_claim_review(review: dict) -> None:
    """The schema, plus the rules a schema cannot state."""
    VALIDATOR.validate(review)
    rating = review["reviewRating"]
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["worstRating"] < rating["bestRating"]
    assert rating["alternateName"].lower() not in review["claimReviewed"].lower()
    assert review["datePublished"] <= review["dateModified"]


def review_of(claim) -> dict:
    claim = reviewable_claims().get(pk=claim.pk)
    return claim_review_for(claim, rating_bounds())


pytestmark = pytest.mark.django_db


def test_a_published_verdict_gives_a_claim_review_that_meets_the_schema():
    review = review_of(published_claim())
    assert_valid_claim_review(review)


def test_the_schema_refuses_what_google_would_refuse():
    review = review_of(published_claim())
    for broken in (
        {**review, "claimReviewed": ""},
        {**review, "reviewRating": {**review["reviewRating"], "alternateName": ""}},
        {k: v for k, v in review.items() if k != "reviewRating"},
        {**review, "itemReviewed": {**review["itemReviewed"], "@type": "CreativeWork"}},
    ):
        assert not VALIDATOR.is_valid(broken)


def test_rating_carries_the_level_label_number_scale_ends_and_rationale():
    claim = published_claim(level="Needs context")
    rating = review_of(claim)["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Needs context",
        "ratingExplanation": claim.published_verdict.rationale,
    }


def test_scale_ends_are_those_of_the_verdicts_own_scale_not_the_current_one():
    claim = published_claim()
    old_scale = claim.published_verdict.level.scale
    old_scale.is_current = False
    old_scale.save()
    make_scale(name="Newer", is_current=True).levels.create(
        slug="proven", label="Proven", value=10, definition="Proven."
    )
    rating = review_of(claim)["reviewRating"]
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)


def test_a_claim_pages_scale_ends_come_from_the_levels_pages_keep_not_a_query(client, settings):
    claim = published_claim()
    settings.PAGE_CACHE_SECONDS, settings.REMEMBER_SECONDS = 0, 600  # built afresh, levels kept
    cache.clear()
    client.get(claim.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(claim.get_absolute_url()).text
    cache.clear()
    review = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S).group(1))
    rating = review["reviewRating"]
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
    assert not [q for q in queries if 'FROM "factcheck_ratinglevel"' in q["sql"]]


def test_item_reviewed_is_the_claim_as_made_by_the_speaker_in_the_interview():
    claim = published_claim()
    speaker = claim.quote.speaker
    speaker.job_title = "U.S. Ambassador to Japan"
    speaker.save()
    item = review_of(claim)["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": speaker.name,
        "jobTitle": "U.S. Ambassador to Japan",
    }
    assert item["datePublished"] == "2024-06"  # the interview's date, at its own precision
    assert item["appearance"]["url"].startswith("https://example.org/interview#:~:text=")
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Example Press"}


def test_appearance_falls_back_to_this_sites_copy_of_the_interview():
    claim = published_claim()
    transcript = claim.quote.transcript
    transcript.url = ""
    transcript.save()
    url = review_of(claim)["itemReviewed"]["appearance"]["url"]
    assert url.startswith(settings.SITE_URL + transcript.get_absolute_url() + "#:~:text=")


@override_settings(PUBLISHER_NAME="The Desk", PUBLISHER_URL="https://desk.example")
def test_the_review_is_authored_by_the_publisher_in_settings():
    review = review_of(published_claim())
    assert review["author"] == {
        "@type": "Organization",
        "name": "The Desk",
        "url": "https://desk.example",
    }


def test_a_claim_page_can_build_its_review_from_any_published_claim():
    claim = published_claim()
    first = claim.published_verdict.published_at
    correct(claim)
    review = claim_review_for(Claim.objects.get(pk=claim.pk))
    assert review == review_of(claim)
    assert review["datePublished"] == moment(first)


def test_url_is_the_claim_page_on_this_site():
    claim = published_claim()
    assert review_of(claim)["url"] == settings.SITE_URL + claim.get_absolute_url()


def test_a_correction_moves_date_modified_and_keeps_date_published():
    claim = published_claim()
    first = claim.published_verdict
    before = review_of(claim)
    revision = correct(claim)
    after = review_of(claim)
    assert after["datePublished"] == before["datePublished"] == moment(first.published_at)
    assert after["dateModified"] == moment(revision.published_at) > before["dateModified"]
    assert after["reviewRating"]["alternateName"] == "Needs context"
    assert_valid_claim_review(after)


def test_claim_reviewed_is_the_whole_claim_on_one_line():
    # Cut at Google's suggested 75 characters, this one lost what was checked: "for
    # commercial gain".
    long_claim = (
        "In 2015 Xi Jinping promised President Obama in the Rose Garden that China would stop\n"
        "hacking American companies for commercial gain."
    )
    reviewed = review_of(published_claim(text=long_claim))["claimReviewed"]
    assert reviewed == " ".join(long_claim.split())
    assert reviewed.endswith("for commercial gain.")


def test_a_rating_typed_into_the_claim_is_left_out_of_claim_reviewed():
    review = review_of(published_claim(text="Accurate: the Philippines won its case in 2016."))
    assert review["claimReviewed"] == "the Philippines won its case in 2016."
    assert_valid_claim_review(review)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_shortened_text_never_exceeds_the_limit(text):
    assert len(shorten(text, 75)) <= 75


@given(
    st.lists(
        st.text(
            # "|" is a table's (test_a_quote_from_a_table_is_found_by_its_first_and_last_cells)
            alphabet=st.characters(
                codec="utf-8", exclude_categories=["Z", "C"], exclude_characters="|"
            ),
            min_size=1,
        ),
        min_size=1,
        max_size=30,
    )
)
def test_text_fragment_terms_decode_to_the_quotes_first_and_last_words(words):
    exact = " ".join(words)
    fragment = text_fragment(exact)
    assert fragment.startswith("#:~:text=")
    terms = fragment.removeprefix("#:~:text=").split(",")
    # "-", "," and "&" separate a fragment's parts: inside a term they must be encoded.
    assert all(not set(term) & set("-,& #") for term in terms)
    decoded = [unquote(term) for term in terms]
    if len(words) <= 2 * claimreview.FRAGMENT_WORDS:
        assert decoded == [exact]
    else:
        assert decoded == [" ".join(words[:4]), " ".join(words[-4:])]


@pytest.mark.parametrize(
    ("exact", "fragment"),
    [
        ("AGE | 64 |", "#:~:text=AGE,64"),
        ("| BORN | Chicago, Illinois |\n| AGE | 64 |", "#:~:text=BORN,64"),
        ("He said | no |", "#:~:text=He,no"),
    ],
)
def test_a_quote_from_a_table_is_found_by_its_first_and_last_cells(exact, fragment):
    # A page shows a table's cells, not its "|": a browser finds the row from one to the other.
    assert text_fragment(exact) == fragment


def test_text_fragment_encodes_reserved_characters_in_a_quote():
    fragment = text_fragment("Cyber-theft, IP & trade")
    assert fragment == "#:~:text=Cyber%2Dtheft%2C%20IP%20%26%20trade"


def test_text_fragment_follows_a_fragment_the_interview_url_already_has():
    url = with_text_fragment("https://example.org/interview#part-2", "won its case")
    assert url == "https://example.org/interview#part-2:~:text=won%20its%20case"


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2024-06-02", "2024-06-02"),
        ("2024-06", "2024-06"),
        ("2024-06~", "2024-06"),
        ("2024-05-30/2024-06-02", "2024"),
        ("2024-06-01/2024-06-03", "2024-06"),
        ("2024", "2024"),
        ("2023-12/2024-01", None),
        ("199X", None),
        ("2024/..", None),
    ],
)
def test_interview_date_is_as_precise_as_known_and_never_wrong(edtf, expected):
    date = parse_edtf(edtf)
    assert iso_date(date.lower, date.upper) == expected


def test_an_interview_date_across_two_years_is_left_out_rather_than_guessed():
    claim = published_claim()
    transcript = claim.quote.transcript
    transcript.interview_date = "2023-12/2024-01"
    transcript.save()
    review = review_of(claim)
    assert "datePublished" not in review["itemReviewed"]
    assert_valid_claim_review(review)


def test_json_ld_cannot_be_closed_early_by_a_claim():
    claim = published_claim(text='</script><script>alert("x")</script> & more')
    block = json_ld(review_of(claim))
    assert block.startswith('<script type="application/ld+json">')
    assert block.count("</script>") == 1 and block.endswith("</script>")
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and "&" not in inner
    assert json.loads(inner)["claimReviewed"] == claim.text


def test_a_claim_page_carries_exactly_one_valid_claim_review(client):
    try:
        reverse("reader:claim_detail", kwargs={"slug": "any"})
    except NoReverseMatch:
        pytest.skip("the claim page is served by the reader pages, not in this checkout")
    claim = published_claim(text='He said </script><b>"2016"</b> & more.')
    html = client.get(claim.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script[^>]*type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    reviews = [data for data in map(json.loads, blocks) if data.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    assert_valid_claim_review(reviews[0])
    assert reviews[0]["claimReviewed"] == claim.text


# /claimreview.json


def test_feed_lists_one_valid_claim_review_per_published_claim(client):
    published = [published_claim(text=f"Claim number {n} about 2016.") for n in range(3)]
    make_verdict(make_claim(text="A draft, not public."), status=Verdict.Status.DRAFT)
    response = client.get(reverse("reader:claimreview_feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Link" not in response  # one page holds them all
    reviews = response.json()
    assert [r["url"] for r in reviews] == [
        settings.SITE_URL + claim.get_absolute_url() for claim in published
    ]
    for review in reviews:
        assert_valid_claim_review(review)


def feed_pages(client, url: str = "") -> list[tuple[str, list[dict]]]:
    """Every page of /claimreview.json from `url` on (the first page by default), following
    each one's Link header to the next: (its address, its ClaimReviews)."""
    pages, url = [], url or reverse("reader:claimreview_feed")
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append((url, response.json()))
        link = response.get("Link", "")
        assert not link or link.endswith('>; rel="next"')
        url = link.removeprefix(f"<{settings.SITE_URL}").removesuffix('>; rel="next"')
    return pages


def test_the_feed_comes_a_page_at_a_time_as_first_published_naming_the_next(client, monkeypatch):
    monkeypatch.setattr(claimreview, "FEED_PAGE_SIZE", 5)
    drafted_first = make_claim(text="Drafted first, published last.")
    claims = [published_claim(text=f"Claim {n}.") for n in range(12)]
    withdraw(claims[3])
    pages = feed_pages(client)
    assert [len(reviews) for _, reviews in pages] == [5, 5, 1]
    kept = [claim for n, claim in enumerate(claims) if n != 3]
    urls = [review["url"] for _, reviews in pages for review in reviews]
    assert urls == [settings.SITE_URL + claim.get_absolute_url() for claim in kept]
    # A harvester that kept the address of the last page it read reads on from there: a
    # claim published since comes after, whenever it was drafted.
    make_verdict(drafted_first, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    [(_, since)] = feed_pages(client, pages[-1][0])
    assert [review["url"] for review in since] == [
        settings.SITE_URL + kept[-1].get_absolute_url(),
        settings.SITE_URL + drafted_first.get_absolute_url(),
    ]


@pytest.mark.parametrize("cursor", ["12", "not-a-cursor", "x" * 300])
def test_a_feed_cursor_this_site_did_not_give_is_a_400_saying_so(client, cursor):
    published_claim()
    response = client.get(reverse("reader:claimreview_feed"), {"cursor": cursor})
    assert response.status_code == 400
    assert "follow the Link header" in response.json()["error"]


def test_feed_runs_a_fixed_number_of_queries_however_many_claims(
    client, django_assert_max_num_queries
):
    for n in range(12):
        claim = published_claim(text=f"Claim {n}.")
        claim.quote.speaker.job_title = f"Minister {n}"
        claim.quote.speaker.save()
    correct(claim)
    with django_assert_max_num_queries(3):
        reviews = client.get(reverse("reader:claimreview_feed")).json()
    assert len(reviews) == 12


def test_feed_can_be_read_by_other_sites(client):
    response = client.get(
        reverse("reader:claimreview_feed"), headers={"Origin": "https://elsewhere.example"}
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == []


def test_the_feed_skips_withdrawn_and_unpublished_claims():
    kept = published_claim()
    withdraw(published_claim(text="Withdrawn later."))
    make_claim(text="Never checked.")
    reviews, following = claim_reviews(None)
    assert [r["url"] for r in reviews] == [settings.SITE_URL + kept.get_absolute_url()]
    assert following == ""


def test_speaker_reference_url_is_given_as_same_as():
    speaker = make_speaker(name="Emanuel", url="https://example.org/emanuel")
    claim = published_claim()
    quote = claim.quote
    quote.speaker = speaker
    quote.save()
    author = review_of(claim)["itemReviewed"]["author"]
    assert author["sameAs"] == "https://example.org/emanuel"


def test_the_quote_in_the_fixture_is_the_one_the_fragment_points_at():
    claim = published_claim()
    url = review_of(claim)["itemReviewed"]["appearance"]["url"]
    assert unquote(url.split(":~:text=")[1]) == QUOTE
