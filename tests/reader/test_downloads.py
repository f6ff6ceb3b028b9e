"""The claims download: streamed CSV, read back with the csv module."""

import csv
import io

import pytest
from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse

from factcheck.models import Verdict
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
        "interview_url": "https://example.org/interview",
        "interview_date": "2024-06",
        "events": "award; deal",
        "verdict_level": "needs-context",
        "verdict_label": "Needs context",
        "verdict_value": "3",
        "verdict_rationale": "New records show more context.",
        "verdict_as_of": "2026-01-01",
        "verdict_published_at": revision.published_at.isoformat(),
        "first_published_at": first.published_at.isoformat(),
        "url": settings.SITE_URL + claim.get_absolute_url(),
        "status": "published",
    }


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
