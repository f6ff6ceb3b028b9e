"""The open data read back as its consumers read it, on the bundled interview: every page a
crawler finds in the sitemap answers, every claim page carries a ClaimReview with the fields
Google requires, and the CSV downloads say what the API says."""

import csv
import io
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from factcheck.models import Claim

pytestmark = pytest.mark.django_db

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Google Search Central, "Fact check (ClaimReview) structured data": required properties.
GOOGLE_REQUIRED = ("claimReviewed", "reviewRating", "url")
RATING_REQUIRED = ("alternateName",)


@pytest.fixture
def interview():
    call_command("load_interview", stdout=io.StringIO())


class JsonLd(HTMLParser):
    """Every <script type="application/ld+json"> block of a page, parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks.append(json.loads(data))

    def handle_endtag(self, tag: str) -> None:
        self._inside = False


def paths_in_sitemap(client) -> list[str]:
    index = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    paths = []
    for section in index.findall("sm:sitemap/sm:loc", SITEMAP):
        urlset = ElementTree.fromstring(client.get(urlsplit(section.text).path).content)
        for loc in urlset.findall("sm:url/sm:loc", SITEMAP):
            assert loc.text.startswith(settings.SITE_URL + "/")
            paths.append(urlsplit(loc.text).path)
    return paths


def test_every_url_in_the_sitemap_answers_200(client, interview):
    paths = paths_in_sitemap(client)
    assert len(paths) > 140  # 100 events, 58 claims, the interview and the fixed pages
    failures = [path for path in paths if client.get(path).status_code != 200]
    assert failures == []


def test_every_claim_page_carries_one_claimreview_with_googles_required_fields(client, interview):
    claims = list(Claim.objects.published())
    assert claims
    for claim in claims:
        parser = JsonLd()
        parser.feed(client.get(claim.get_absolute_url()).content.decode())
        (review,) = [block for block in parser.blocks if block.get("@type") == "ClaimReview"]
        for field in GOOGLE_REQUIRED:
            assert review.get(field), (claim.slug, field)
        for field in RATING_REQUIRED:
            assert review["reviewRating"].get(field), (claim.slug, field)
        assert review["claimReviewed"] == " ".join(claim.text.split())
        assert review["url"] == settings.SITE_URL + claim.get_absolute_url()
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]


def test_every_claim_links_to_its_words_marked_on_the_interview_page(client, interview):
    pages: dict[str, str] = {}
    for claim in Claim.objects.published().select_related("quote__transcript"):
        address = claim.quote.get_absolute_url()
        path, anchor = address.split("#")
        assert (
            f'href="{address}">See it in the interview</a>'
            in client.get(claim.get_absolute_url()).content.decode()
        )
        if path not in pages:
            pages[path] = client.get(path).content.decode()
        page = pages[path]
        at = page.index(f' id="{anchor}"')
        element = page[page.rfind("<", 0, at) : page.index(">", at) + 1]
        # The words are marked where they stand (in the text, or a row of a table; a quote
        # overlapping one marked already is in the passage's notes), and link to the check.
        assert (
            'class="mark mark--checked"' in element
            or element.startswith("<tr")
            or 'class="notes__quote"' in element
        ), (claim.slug, element)
        assert claim.get_absolute_url() in page[at:], claim.slug


def test_a_claim_on_a_sidebars_table_reads_as_the_table_does(client, interview):
    claim = Claim.objects.get(quote__exact__startswith="AGE |")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert '<mark class="quote__words">AGE: 64</mark>' in page
    parser = JsonLd()
    parser.feed(page)
    (review,) = [block for block in parser.blocks if block.get("@type") == "ClaimReview"]
    assert review["itemReviewed"]["appearance"]["url"].endswith("#:~:text=AGE,64")
    interview_page = client.get(claim.quote.transcript.get_absolute_url()).content.decode()
    row = interview_page[interview_page.index(f'<tr id="quote-{claim.quote.pk}">') :]
    row = row[: row.index("</tr>")]
    assert '<mark class="mark mark--checked">AGE</mark>' in row
    assert '<mark class="mark mark--checked">64</mark>' in row
    assert f'href="{claim.get_absolute_url()}"' in row


def csv_rows(client, name: str) -> list[dict]:
    response = client.get(reverse(name))
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def api_results(client, name: str) -> list[dict]:
    results, url = [], reverse(name) + "?limit=200"
    while url:
        page = client.get(url).json()
        results += page["results"]
        url = page["next"] and urlsplit(page["next"])._replace(scheme="", netloc="").geturl()
    return results


def test_the_claims_csv_says_what_the_api_says(client, interview):
    rows = {row["slug"]: row for row in csv_rows(client, "reader:claims_csv")}
    api = {claim["slug"]: claim for claim in api_results(client, "api:claim_list")}
    assert rows.keys() == api.keys()
    for slug, claim in api.items():
        row = rows[slug]
        assert row["claim"] == claim["text"]
        assert row["quote"] == claim["quote"]["exact"]
        assert row["status"] == claim["status"]
        verdict = claim["verdict"] or {"level": {"slug": ""}, "rationale": ""}
        assert row["verdict_level"] == verdict["level"]["slug"]
        assert row["verdict_rationale"] == verdict["rationale"]


def test_the_events_csv_says_what_the_api_says(client, interview):
    rows = csv_rows(client, "reader:events_csv")
    api = api_results(client, "api:event_list")
    assert [row["slug"] for row in rows] == [event["slug"] for event in api]
    for row, event in zip(rows, api, strict=True):
        assert row["title"] == event["title"]
        assert row["date_edtf"] == event["date"]["edtf"]
        assert row["date_label"] == event["date"]["label"]
        assert row["date_lower"] == (event["date"]["lower"] or "")
        assert row["date_upper"] == (event["date"]["upper"] or "")
