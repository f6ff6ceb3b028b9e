"""The sitemap index, its sections parsed as XML with their lastmod, and robots.txt."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reader.sitemaps import EventSitemap
from tests.factories import make_claim, make_event, make_speaker
from tests.published import correct, published_claim, withdraw
from timeline.models import Event

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.django_db


def xml(client, url: str, **headers) -> ET.Element:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def section(client, name: str) -> dict[str, str | None]:
    """{path: lastmod} of one section of the sitemap, found through the index."""
    index = xml(client, reverse("sitemap"))
    locs = [urlsplit(loc.text).path for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert f"/sitemap-{name}.xml" in locs
    urlset = xml(client, f"/sitemap-{name}.xml")
    return {
        urlsplit(url.findtext("sm:loc", namespaces=NS)).path: url.findtext(
            "sm:lastmod", namespaces=NS
        )
        for url in urlset.findall("sm:url", NS)
    }


def test_index_lists_a_sitemap_per_section_on_the_canonical_host(client):
    index = xml(client, reverse("sitemap"), host="127.0.0.1")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locs = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert locs == [
        f"{settings.SITE_URL}/sitemap-events.xml",
        f"{settings.SITE_URL}/sitemap-claims.xml",
        f"{settings.SITE_URL}/sitemap-interviews.xml",
        f"{settings.SITE_URL}/sitemap-speakers.xml",
        f"{settings.SITE_URL}/sitemap-pages.xml",
    ]


def test_every_loc_is_on_the_canonical_host_whatever_host_was_asked(client):
    published_claim()
    make_event()
    for name in ("events", "claims", "interviews", "speakers", "pages"):
        urlset = xml(client, f"/sitemap-{name}.xml", host="127.0.0.1")
        locs = [url.findtext("sm:loc", namespaces=NS) for url in urlset.findall("sm:url", NS)]
        assert locs
        assert all(loc.startswith(settings.SITE_URL + "/") for loc in locs), locs


def test_every_interview_is_listed(client):
    claim = published_claim()
    urls = section(client, "interviews")
    assert list(urls) == [claim.quote.transcript.get_absolute_url()]


def test_every_speaker_readers_see_is_listed_and_no_other(client):
    claim = published_claim()
    transcript = claim.quote.transcript
    make_speaker(name="In no interview yet")
    urls = section(client, "speakers")
    assert set(urls) == {
        transcript.interviewer.get_absolute_url(),
        transcript.interviewee.get_absolute_url(),
    }
    assert all(client.get(url).status_code == 200 for url in urls)


def test_a_withdrawn_claim_keeps_its_page_in_the_sitemap(client):
    claim = published_claim()
    withdraw(claim)
    assert claim.get_absolute_url() in section(client, "claims")
    assert client.get(claim.get_absolute_url()).status_code == 200


def test_every_event_page_is_listed_with_when_it_last_changed(client):
    award = make_event(title="Award")
    make_event(title="Deal")
    Event.objects.filter(pk=award.pk).update(
        updated_at=datetime.datetime(2025, 3, 4, 5, 6, tzinfo=datetime.UTC)
    )
    urls = section(client, "events")
    assert len(urls) == 2
    assert urls[award.get_absolute_url()] == "2025-03-04"


def test_published_claims_are_listed_and_a_correction_moves_their_lastmod(client):
    claim = published_claim()
    make_claim(text="No verdict yet.")
    published = claim.published_verdict.published_at
    assert section(client, "claims") == {claim.get_absolute_url(): published.date().isoformat()}
    revision = correct(claim)
    later = timezone.now() + datetime.timedelta(days=3)
    type(revision).objects.filter(pk=revision.pk).update(published_at=later)
    claim.corrections.update(published_at=later)
    assert section(client, "claims") == {claim.get_absolute_url(): later.date().isoformat()}


def test_the_index_gives_each_sections_latest_change(client):
    make_event()
    published_claim()
    index = xml(client, reverse("sitemap"))
    lastmods = [s.findtext("sm:lastmod", namespaces=NS) for s in index.findall("sm:sitemap", NS)]
    assert all(lastmods)  # events, claims, interviews, and the pages (by what they list)


def test_the_index_dates_the_claims_by_the_newest_of_their_own_dates(client):
    def dates(days_ago: int) -> tuple[str, str, str]:
        """The claims' date in the index, the newest in their section, and the day."""
        (entry,) = [
            entry.findtext("sm:lastmod", namespaces=NS)
            for entry in xml(client, reverse("sitemap")).findall("sm:sitemap", NS)
            if entry.findtext("sm:loc", namespaces=NS).endswith("/sitemap-claims.xml")
        ]
        newest = max(filter(None, section(client, "claims").values()))
        day = (now - datetime.timedelta(days=days_ago)).date().isoformat()
        return entry[:10], newest, day

    now = timezone.now()
    published_claim(text="Published ten days ago.")
    correct(published_claim(text="Corrected."), at=now - datetime.timedelta(days=4))
    withdraw(published_claim(text="Withdrawn."), at=now - datetime.timedelta(days=2))
    index, newest, day = dates(days_ago=2)
    assert index == newest == day  # the withdrawal, after every publication and correction
    correct(published_claim(text="Corrected later."), at=now - datetime.timedelta(days=1))
    index, newest, day = dates(days_ago=1)
    assert index == newest == day


def test_fixed_pages_are_listed_with_when_what_they_list_changed(client):
    make_event()
    pages = section(client, "pages")
    assert set(pages) == {
        "/",
        reverse("reader:claim_list"),
        reverse("reader:interview_list"),
        reverse("reader:speaker_list"),
        reverse("reader:source_list"),
        reverse("reader:correction_list"),
        reverse("reader:methodology"),
        reverse("reader:data"),
    }
    assert pages["/"] == timezone.now().date().isoformat()


def test_sitemap_sections_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(20):
        make_event()
        correct(published_claim(text=f"Claim {n}."))
    sections = ("events", "claims", "interviews", "speakers")
    for url in (f"/sitemap-{name}.xml" for name in sections):
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
    # The index asks each section for its count and latest change, and the fixed pages for
    # when what each lists changed: small indexed aggregates, whatever the archive's size,
    # none asked twice (the timeline and the open-data page list the events' section).
    with django_assert_max_num_queries(10) as queries:
        assert client.get(reverse("sitemap")).status_code == 200
    asked = [query["sql"] for query in queries.captured_queries]
    assert len(asked) == len(set(asked))


def test_an_unknown_section_or_page_is_a_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-events.xml?p=9").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_desk_and_admin(client):
    response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /desk/", "Disallow: /accounts/"} <= set(lines)
    assert "User-agent: *" in lines


def test_the_addresses_readers_and_browsers_guess_lead_somewhere(client):
    events = client.get("/events/")
    assert events.status_code == 301 and events["Location"] == reverse("reader:event_list")
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"].endswith(".svg")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_index_counts_the_public_events_in_an_index_not_the_table():
    make_event(title="The award")
    with CaptureQueriesContext(connection) as queries:
        assert EventSitemap().paginator.count == 1
    (count,) = [query["sql"] for query in queries.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count}")
        plan = [row[-1] for row in cursor.fetchall()]
    assert any("USING COVERING INDEX event_published_at" in step for step in plan), plan
