"""The public corrections page and the Atom feeds of verdicts and corrections."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Correction, Verdict
from tests.factories import make_claim, make_quote, make_source, make_verdict
from tests.published import correct, withdraw

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HTMX = {"HX-Request": "true"}


def corrected(
    claim, *, at: datetime.datetime, kind: str = "update", note: str = "Updated."
) -> Correction:
    """A claim whose published verdict was replaced by a revision at `at`."""
    make_verdict(
        claim,
        status=Verdict.Status.PUBLISHED,
        sources=[make_source()],
        published_at=at - datetime.timedelta(hours=1),
    )
    return correct(claim, level="Needs context", kind=kind, note=note, at=at).correction


@pytest.fixture
def many_corrections():
    quote = make_quote()
    start = timezone.now() - datetime.timedelta(days=100)
    return [
        corrected(make_claim(quote, text=f"Claim {n}"), at=start + datetime.timedelta(days=n))
        for n in range(45)
    ]


def test_every_correction_is_listed_newest_first_a_page_at_a_time(
    client, many_corrections, django_assert_max_num_queries
):
    seen, after = [], None
    while True:
        with django_assert_max_num_queries(4):
            response = client.get(
                reverse("reader:correction_list"), {"after": after} if after else {}
            )
        page = response.context["page"]
        seen += [correction.pk for correction in page.items]
        if not page.has_next:
            break
        after = page.next_cursor
    assert seen == [c.pk for c in reversed(many_corrections)]
    assert "45 corrections so far." in response.content.decode()


def test_older_corrections_load_as_a_fragment(client, many_corrections):
    first = client.get(reverse("reader:correction_list")).context["page"]
    response = client.get(
        reverse("reader:correction_list"), {"after": first.next_cursor}, headers=HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('class="correction"') == 20
    assert f'id="correction-{many_corrections[24].pk}"' in html


def test_a_correction_says_what_changed_and_links_to_the_claim(client):
    claim = make_claim(text="China ignored the award.")
    corrected(claim, at=timezone.now(), kind="correction", note="We had the wrong year.")
    html = client.get(reverse("reader:correction_list")).content.decode()
    said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "Rating changed from Accurate to Needs context" in said
    assert "We had the wrong year." in html
    assert f'href="{claim.get_absolute_url()}"' in html
    assert 'type="application/atom+xml"' in html


def test_a_withdrawal_is_listed_as_such(client):
    claim = make_claim()
    make_verdict(claim, status=Verdict.Status.PUBLISHED, sources=[make_source()])
    withdraw(claim, note="Misattributed.")
    html = client.get(reverse("reader:correction_list")).content.decode()
    said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "Verdict withdrawn. It had been Accurate" in said


def test_the_ratings_come_from_the_levels_pages_keep_and_a_renamed_one_shows_at_once(
    superuser_client, settings, django_capture_on_commit_callbacks
):
    """The corrections page and feed join no rating levels (the levels every page keeps
    name them), and a level renamed in the admin is named anew on the next request."""
    correction = corrected(make_claim(), at=timezone.now())
    settings.PAGE_CACHE_SECONDS, settings.REMEMBER_SECONDS = 0, 600  # built afresh, levels kept
    cache.clear()
    pages = [reverse("reader:correction_list"), reverse("reader:correction_feed")]
    client = Client()  # a reader's; the admin's is another
    for page in pages:
        client.get(page)
    with CaptureQueriesContext(connection) as queries:
        said = [re.sub(r"<[^>]+>|\s+", " ", client.get(page).text) for page in pages]
    assert not [q for q in queries if '"factcheck_ratinglevel"' in q["sql"]]
    assert "Rating changed from Accurate to Needs context" in re.sub(r"\s+", " ", said[0])
    assert "Rating: Accurate → Needs context." in said[1]

    level = correction.previous.level
    with django_capture_on_commit_callbacks(execute=True):  # the admin's save commits
        changed = superuser_client.post(
            reverse("admin:factcheck_ratinglevel_change", args=[level.pk]),
            {
                "scale": level.scale_id,
                "slug": level.slug,
                "label": "Correct",
                "value": 5,
                "definition": level.definition,
            },
        )
    assert changed.status_code == 302
    said = [re.sub(r"<[^>]+>|\s+", " ", client.get(page).text) for page in pages]
    cache.clear()
    assert "Rating changed from Correct to Needs context" in re.sub(r"\s+", " ", said[0])
    assert "Rating: Correct → Needs context." in said[1]


@pytest.mark.parametrize("after", ["abc", "99999999"])
def test_a_bad_page_address_is_answered_400(client, after):
    response = client.get(reverse("reader:correction_list"), {"after": after})
    assert response.status_code == 400
    assert "See the latest corrections" in response.content.decode()


def entries(response) -> list[ET.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_the_corrections_feed_carries_each_correction_with_its_note(
    client, many_corrections, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("reader:correction_feed"))
    items = entries(response)
    assert len(items) == 45
    newest = many_corrections[-1]
    assert items[0].findtext(f"{ATOM}title") == f"Update: {newest.claim.text}"
    assert items[0].findtext(f"{ATOM}summary") == "Updated. Rating: Accurate → Needs context."
    assert items[0].findtext(f"{ATOM}id").endswith(f"#correction-{newest.pk}")
    assert len({item.findtext(f"{ATOM}id") for item in items}) == 45


def test_the_verdicts_feed_carries_every_published_verdict_revisions_included(
    client, many_corrections, django_assert_max_num_queries
):
    make_verdict(make_claim(), status=Verdict.Status.DRAFT)  # never in a feed
    with django_assert_max_num_queries(2):
        response = client.get(reverse("reader:verdict_feed"))
    items = entries(response)
    assert len(items) == 50  # the latest fifty of ninety published ones
    newest = many_corrections[-1].revision
    assert items[0].findtext(f"{ATOM}title") == f"Needs context: {newest.claim.text}"
    assert items[0].findtext(f"{ATOM}id").endswith(f"#verdict-{newest.pk}")
    link = items[0].find(f"{ATOM}link").get("href")
    assert link.endswith(newest.claim.get_absolute_url())
