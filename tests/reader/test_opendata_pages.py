"""The Data and Methodology pages: every format linked and explained, the rating scale from
the database, share-ready meta tags, and the footer link that leads to them."""

import itertools
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from factcheck.models import RatingLevel
from reader import filters
from tests.factories import make_event, make_scale, make_topic, make_transcript
from tests.published import published_claim

pytestmark = pytest.mark.django_db

PAGES = ["reader:data", "reader:methodology"]


class Page(HTMLParser):
    """What a page offers a person and a link preview: links, headings, meta tags."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.headings: list[int] = []
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]


def page(client, name: str) -> Page:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return Page(response.content.decode())


def test_data_page_links_every_format(client):
    make_topic(name="Sea")
    links = page(client, "reader:data").links
    for target in [
        reverse("reader:claimreview_feed"),
        reverse("reader:methodology") + "#scale",
        reverse("reader:timelinejs"),
        reverse("reader:timelinejs") + "?topic=sea",
        reverse("api:index"),
        reverse("api:event_list"),
        reverse("api:claim_list"),
        reverse("api:verdict_list"),
        reverse("api:source_list"),
        reverse("api:interview_list"),
        reverse("api:speaker_list"),
        reverse("reader:events_csv"),
        reverse("reader:claims_csv"),
        "/feeds/verdicts/",
        "/feeds/corrections/",
        reverse("sitemap"),
        reverse("robots_txt"),
        "https://creativecommons.org/licenses/by/4.0/",
    ]:
        assert target in links, target


@pytest.mark.parametrize(
    ("address", "form"),
    [
        ("reader:timelinejs", filters.EventFilterForm),
        ("api:event_list", filters.EventFilterForm),
        ("api:claim_list", filters.ClaimFilterForm),
        ("api:verdict_list", filters.VerdictFilterForm),
        ("api:source_list", filters.SourceKindFilterForm),
        ("api:interview_list", filters.InterviewFilterForm),
        ("api:speaker_list", filters.SpeakerFilterForm),
    ],
)
def test_data_page_names_every_filter_each_list_takes(client, address, form):
    html = client.get(reverse("reader:data")).content.decode()
    # TimelineJS's filters are said under "Filtered", after the whole chronology's file.
    where = f'<a href="{reverse(address)}"'
    if address == "reader:timelinejs":
        where = "<dt>Filtered</dt>"
    entry = html[html.index(where) :].split("</dd>")[0]
    if form is filters.EventFilterForm and address.startswith("api"):
        assert "the same filters as the timeline" in entry
        return
    named = set(re.findall(r"<code>(\w+)</code>", entry))
    assert set(form.base_fields) <= named, set(form.base_fields) - named


def test_data_page_states_the_licence_and_that_quotes_are_not_ours(client):
    make_transcript(publisher="Example Press")
    html = client.get(reverse("reader:data")).content.decode()
    assert "CC BY 4.0" in html
    assert "Quotes are not ours to license" in html
    assert "Example Press" in html


def test_data_page_counts_what_there_is(client):
    make_event()
    make_event()
    published_claim()
    html = client.get(reverse("reader:data")).content.decode()
    assert "2 events and 1 checked claim " in html


def test_data_page_says_when_the_whole_chronology_is_more_than_one_timelinejs_file(
    client, monkeypatch
):
    make_event()
    make_event()
    text = " ".join(client.get(reverse("reader:data")).content.decode().split())
    assert "One file holds at most 1,000 events" in text
    assert "answers 400" in text and "this chronology has" not in text
    monkeypatch.setattr("reader.exports.TIMELINEJS_MAX_EVENTS", 1)
    cache.clear()
    text = " ".join(client.get(reverse("reader:data")).content.decode().split())
    assert "this chronology has 2, so this address answers 400 saying so" in text


def test_methodology_lists_the_current_scale_with_its_claimreview_numbers(client):
    make_scale(name="Accuracy")
    html = client.get(reverse("reader:methodology")).content.decode()
    rows = re.findall(r'<tr id="level-([\w-]+)">.*?<td class="numeric">(-?\d+)</td>', html, re.S)
    assert rows == [("accurate", "5"), ("needs-context", "3"), ("inaccurate", "1")]
    assert "<code>bestRating</code> is 5 and <code>worstRating</code> is 1" in html


def test_methodology_shows_only_the_current_scale(client):
    old = make_scale(name="Old scale", is_current=False)
    RatingLevel.objects.filter(scale=old).update(label="Retired")
    make_scale(name="Accuracy")
    html = client.get(reverse("reader:methodology")).content.decode()
    assert "Retired" not in html and "Accurate" in html


def test_methodology_says_so_when_there_is_no_scale_yet(client):
    html = client.get(reverse("reader:methodology")).content.decode()
    assert "No rating scale has been set up yet." in html


def test_methodology_explains_review_and_every_kind_of_correction(client):
    html = client.get(reverse("reader:methodology")).content.decode()
    for words in ("second editor", "Typo fixed", "Update", "Correction", "Verdict withdrawn"):
        assert words in html
    assert "/feeds/corrections/" in html


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_a_title_description_and_canonical_url_for_sharing(client, name):
    parsed = page(client, name)
    assert parsed.canonical == settings.SITE_URL + reverse(name)
    assert parsed.meta["og:url"] == parsed.canonical
    assert parsed.meta["og:title"] == parsed.meta["twitter:title"]
    assert parsed.meta["og:title"] in ("Open data", "Methodology")
    assert len(parsed.meta["description"]) > 50
    assert parsed.meta["og:description"] == parsed.meta["description"]
    assert parsed.meta["twitter:card"] == "summary"


@pytest.mark.parametrize("name", PAGES)
def test_headings_start_at_one_and_skip_no_level(client, name):
    headings = page(client, name).headings
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))


@pytest.mark.parametrize("name", PAGES)
def test_footer_links_to_the_data_and_methodology_pages(client, name):
    links = page(client, name).links
    assert reverse("reader:data") in links
    assert reverse("reader:methodology") in links


@pytest.mark.parametrize("name", PAGES)
def test_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, name):
    make_scale()
    for n in range(5):
        published_claim(text=f"Claim {n}.")
    with django_assert_max_num_queries(4):
        assert client.get(reverse(name)).status_code == 200
