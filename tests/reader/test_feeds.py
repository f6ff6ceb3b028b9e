"""The Atom feeds as a feed reader reads them (feedparser): well formed, each feed and
entry with an id of its own, every link on the site's one canonical host, text as text."""

import datetime

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.models import Verdict
from tests.published import correct, published_claim, withdraw

pytestmark = pytest.mark.django_db

FEEDS = ["reader:verdict_feed", "reader:correction_feed"]


def read(client, name: str, **headers) -> feedparser.FeedParserDict:
    response = client.get(reverse(name), headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def corrected_claim():
    claim = published_claim(text="A claim with <b>markup</b> & an ampersand")
    correct(claim)
    return claim


def test_each_feed_has_its_own_id_and_its_own_alternate_page(client, corrected_claim):
    verdicts, corrections = (read(client, name).feed for name in FEEDS)
    assert verdicts.id != corrections.id
    assert verdicts.id == settings.SITE_URL + reverse("reader:verdict_feed")
    assert corrections.link == settings.SITE_URL + reverse("reader:correction_list")
    assert verdicts.link == settings.SITE_URL + reverse("reader:event_list")


def test_every_entry_has_its_own_id(client, corrected_claim):
    ids = [entry.id for name in FEEDS for entry in read(client, name).entries]
    assert len(ids) == 3  # two verdicts (the first and its revision) and one correction
    assert len(set(ids)) == len(ids)


def test_a_verdict_entry_no_longer_standing_says_so(client, corrected_claim):
    withdrawn = published_claim(text="A claim taken down")
    withdraw(withdrawn)
    entries = {
        (entry.title.split(": ", 1)[1], tuple(tag.term for tag in entry.tags)): entry.summary
        for entry in read(client, "reader:verdict_feed").entries
    }
    kinds = {key[1][-1]: summary for key, summary in entries.items()}
    assert kinds["Superseded"].endswith(
        "(Since corrected: the claim's page has the current verdict.)"
    )
    assert kinds["Withdrawn"].endswith("(Since withdrawn: the claim's page says why.)")
    current = [summary for (_, tags), summary in entries.items() if len(tags) == 1]
    assert current and not any("Since" in summary for summary in current)
    # Changed when it came to say so: a feed reader fetches it again.
    no_longer = Verdict.objects.exclude(status=Verdict.Status.PUBLISHED)
    no_longer.update(published_at=F("published_at") - datetime.timedelta(days=1))
    for entry in read(client, "reader:verdict_feed").entries:
        if entry.tags[-1].term in ("Superseded", "Withdrawn"):
            assert entry.updated_parsed > entry.published_parsed


def test_every_link_is_on_the_canonical_host_whatever_host_was_asked(client, corrected_claim):
    for name in FEEDS:
        parsed = read(client, name, host="127.0.0.1")
        links = [parsed.feed.link, parsed.feed.id] + [
            link.href for entry in parsed.entries for link in entry.links
        ]
        assert all(link.startswith(settings.SITE_URL + "/") for link in links), links


def test_text_stays_text(client):
    claim = published_claim(text="Tariffs <b>rose</b> & fell")
    correct(claim)
    claim.corrections.update(note="We <i>mis</i>read a table & fixed it.")
    verdicts = read(client, "reader:verdict_feed")
    assert verdicts.entries[0].title == "Needs context: Tariffs <b>rose</b> & fell"
    corrections = read(client, "reader:correction_feed")
    summary = corrections.entries[0].summary_detail
    assert summary.type == "text/plain"
    assert summary.value.startswith("We <i>mis</i>read a table & fixed it.")


def test_an_empty_feed_is_the_same_on_every_fetch(client):
    first = client.get(reverse("reader:correction_feed")).content
    second = client.get(reverse("reader:correction_feed")).content
    assert first == second
    assert read(client, "reader:correction_feed").entries == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize(
    ("name", "table", "index"),
    [
        ("reader:verdict_feed", "factcheck_verdict", "verdict_published"),
        ("reader:correction_feed", "factcheck_correction", "correction_published"),
        ("reader:correction_list", "factcheck_correction", "correction_published"),
    ],
)
def test_the_newest_records_are_read_from_an_index_not_sorted_from_all(
    client, corrected_claim, name, table, index
):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    (newest,) = [
        query["sql"]
        for query in queries.captured_queries
        if f'ORDER BY "{table}"."published_at" DESC' in query["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {newest}")
        plan = [row[-1] for row in cursor.fetchall()]
    assert any(f"USING INDEX {index}" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
