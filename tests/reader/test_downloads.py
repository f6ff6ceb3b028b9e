"""The claims download: streamed CSV, read back with the csv module."""

import csv
import io

import pytest
from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse

from factcheck.models import Verdict
from kit.responses import moment
from tests.factories import make_claim, make_verdict
from tests.published import QUOTE, correct, mention, published_claim, withdraw

pytestmark = pytest.mark.django_db


def rows(client) -> list[dict]:
    response = client.get(reverse("reader:claims_csv"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_each_published_claim_is_a_row_with_its_current_verdict(client):
    claim = published_claim(text='He said "2016", then, 2015.')
    claim.quote.speaker.job_title = "Ambassador"
    claim.quote.speaker.save()
    mention(claim, slug="award")
    mention(claim, slug="deal")
    first = claim.published_verdict
    revision = correct(claim)
    make_verdict(make_claim(text="Still a draft."), status=Verdict.Status.DRAFT)
    (row,) = rows(client)
    assert row == {
        "slug": claim.slug,
        "claim": 'He said "2016", then, 2015.',
        "quote": QUOTE,
        "speaker": claim.quote.speaker.name,
        "speaker_job_title": "Ambassador",
        "interview": "An interview",
        "interview_url": settings.SITE_URL + claim.quote.transcript.get_absolute_url(),
        "interview_date": "2024-06",
        "events": "award; deal",
        "verdict_level": "needs-context",
        "verdict_label": "Needs context",
        "verdict_value": "3",
        "verdict_rationale": "New records show more context.",
        "verdict_as_of": "2026-01-01",
        "verdict_published_at": moment(revision.published_at),
        "first_published_at": moment(first.published_at),
        "url": settings.SITE_URL + claim.get_absolute_url(),
        "status": "published",
        "interview_source_url": "https://example.org/interview",
        "interview_date_lower": "2024-06-01",
        "interview_date_upper": "2024-06-30",
        "event_count": "2",
        "events_url": f"{settings.SITE_URL}/downloads/events.csv?claim={claim.slug}",
    }


def test_a_moment_reads_the_same_in_the_csv_the_api_and_the_claimreview(client):
    claim = published_claim()
    (row,) = rows(client)
    (listed,) = client.get(reverse("api:claim_list")).json()["results"]
    (review,) = client.get(reverse("reader:claimreview_feed")).json()
    published = listed["verdict"]["published_at"]
    assert published.endswith("Z") and len(published) == len("2026-01-01T00:00:00.000Z")
    assert row["verdict_published_at"] == row["first_published_at"] == published
    assert review["datePublished"] == review["dateModified"] == published
    assert published == moment(claim.published_verdict.published_at)


def test_a_withdrawn_claim_stays_a_row_saying_so_as_the_api_does(client):
    kept, gone = published_claim(text="Kept."), published_claim(text="Gone.")
    withdraw(gone)
    by_slug = {row["slug"]: row for row in rows(client)}
    assert by_slug[kept.slug]["status"] == "published"
    assert by_slug[gone.slug]["status"] == "withdrawn"
    assert by_slug[gone.slug]["verdict_level"] == by_slug[gone.slug]["verdict_rationale"] == ""
    api = client.get(reverse("api:claim_list")).json()["results"]
    assert {claim["slug"]: claim["status"] for claim in api} == {
        slug: row["status"] for slug, row in by_slug.items()
    }


def test_claims_csv_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(15):
        claim = published_claim(text=f"Claim {n}.")
        mention(claim)
    with django_assert_max_num_queries(3):  # with the rating levels, remembered when serving
        assert len(rows(client)) == 15
