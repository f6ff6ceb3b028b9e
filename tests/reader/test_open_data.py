"""Across every open-data format: HTML in a title, a quote or a claim comes out escaped for
the format that carries it (HTML entities where the consumer renders HTML, JSON escapes in
JSON, plain text in CSV), and the feeds parse as XML."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from factcheck.models import RatingLevel
from reader.claimreview import claim_review_for, json_ld, rating_bounds, reviewable_claims
from tests.factories import make_event, make_topic, make_transcript
from tests.published import mention, published_claim

NASTY = '<script>alert(1)</script> & "quotes"'

pytestmark = pytest.mark.django_db


@pytest.fixture
def nasty():
    """An event, topic, speaker, claim, rationale and interview with markup in their text."""
    make_event(title=NASTY, summary=NASTY, slug="nasty", topics=[make_topic(name=NASTY)])
    transcript = make_transcript(title=NASTY, publisher=NASTY, url="https://example.org/i")
    claim = published_claim(text=NASTY, transcript=transcript)
    claim.quote.speaker.name = NASTY
    claim.quote.speaker.save()
    verdict = claim.published_verdict
    verdict.rationale = NASTY
    verdict.save()
    mention(claim, title=NASTY, slug="nasty-too")
    RatingLevel.objects.filter(slug="accurate").update(label="<b>Accurate</b>")
    return claim


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_timelinejs_escapes_markup_because_timelinejs_renders_html(client, nasty):
    raw = body(client.get(reverse("reader:timelinejs")))
    assert b"<" not in raw and b"&" not in raw.replace(b"\\u0026", b"")
    slide = next(e for e in json.loads(raw)["events"] if e["unique_id"] == "nasty")
    assert slide["text"]["headline"] == escape(NASTY)
    assert slide["text"]["text"].startswith(f"<p>{escape(NASTY)}</p>")
    assert slide["group"] == escape(NASTY)


@pytest.mark.parametrize(
    "url", ["/api/events/", "/api/events/nasty-too/", "/api/claims/", "/api/verdicts/"]
)
def test_the_api_keeps_the_text_exact_and_its_bytes_free_of_markup(client, nasty, url):
    raw = body(client.get(url))
    assert b"<" not in raw and b">" not in raw
    assert NASTY in strings(json.loads(raw))  # decoded, the text is intact


def strings(value) -> list[str]:
    """Every string anywhere in a decoded JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_claimreview_feed_and_json_ld_keep_markup_inert(client, nasty):
    raw = body(client.get(reverse("reader:claimreview_feed")))
    assert b"<" not in raw
    (review,) = json.loads(raw)
    assert review["claimReviewed"] == NASTY
    assert review["itemReviewed"]["author"]["name"] == NASTY
    block = json_ld(claim_review_for(reviewable_claims().get(pk=nasty.pk), rating_bounds()))
    assert block.count("<") == 2  # the opening and closing script tags, nothing else


@pytest.mark.parametrize("name", ["reader:events_csv", "reader:claims_csv"])
def test_csv_carries_the_exact_text_which_the_csv_module_reads_back(client, nasty, name):
    text = body(client.get(reverse(name))).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert any(NASTY in row for row in rows[1:])


@pytest.mark.parametrize("name", ["reader:data", "reader:methodology"])
def test_pages_show_markup_as_text(client, nasty, name):
    html = body(client.get(reverse(name))).decode()
    assert "<script>alert" not in html and "<b>Accurate" not in html
    if name == "reader:methodology":
        assert "&lt;b&gt;Accurate&lt;/b&gt;" in html
    else:
        assert escape(NASTY) in html  # the interview's publisher, in the licence


def test_sitemap_is_well_formed_xml_whatever_the_data(client, nasty):
    for url in ("/sitemap.xml", "/sitemap-events.xml", "/sitemap-claims.xml", "/sitemap-pages.xml"):
        ET.fromstring(body(client.get(url)))


def feed_paths() -> list[str]:
    try:
        return [reverse("reader:verdict_feed"), "/feeds/corrections/"]
    except NoReverseMatch:
        pytest.skip("the Atom feeds are served by the editors' desk, not in this checkout")


def test_feeds_parse_as_atom_and_escape_markup(client, nasty):
    for path in feed_paths():
        raw = body(client.get(path))
        root = ET.fromstring(raw)
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        assert b"<script" not in raw
