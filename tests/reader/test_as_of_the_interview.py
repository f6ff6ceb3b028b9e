"""A speaker's job title as of each interview in the downloads and the API, and the list of
interviews in the order of their dates, whatever precision each date has."""

import csv
import io

import pytest
from django.urls import reverse

from factcheck import services
from tests.factories import make_event, make_speaker, make_transcript
from tests.published import published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_then():
    """A published claim whose speaker was "Envoy" then and is "Ambassador now"."""
    guest = make_speaker(name="Guest", slug="guest", job_title="Ambassador now")
    transcript = make_transcript(interviewee=guest, url="https://example.org/interview")
    transcript.appearances.filter(speaker=guest).update(job_title="Envoy")
    claim = published_claim(transcript=transcript)
    claim.quote.speaker = guest
    claim.quote.save()
    return claim


def test_the_claims_download_gives_the_title_the_speaker_held_in_that_interview(client, claim_then):
    response = client.get(reverse("reader:claims_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["speaker"], row["speaker_job_title"]) == ("Guest", "Envoy")


def test_the_api_gives_the_title_the_speaker_held_in_that_interview(client, claim_then):
    body = client.get(reverse("api:claim_detail", args=[claim_then.slug])).json()
    assert body["quote"]["speaker"]["job_title"] == "Envoy"
    listed = client.get(reverse("api:claim_list")).json()["results"]
    assert listed[0]["quote"]["speaker"]["job_title"] == "Envoy"
    event = make_event()
    services.mention_add(quote=claim_then.quote, event=event)
    mention = client.get(reverse("api:event_detail", args=[event.slug])).json()["mentions"][0]
    assert mention["quote"]["speaker"]["job_title"] == "Envoy"


def test_interviews_are_listed_newest_first_by_their_dates_not_their_edtf_text(client):
    # As text, "2024-21" (spring 2024) and "2024~" sort above "2024-06-03".
    for title, date in [
        ("Spring", "2024-21"),
        ("June", "2024-06-03"),
        ("About 2023", "2023~"),
        ("December", "2023-12-31"),
    ]:
        make_transcript(title=title, interview_date=date)
    response = client.get(reverse("reader:interview_list"))
    titles = [t.title for t in response.context["page"].items]
    assert titles == ["June", "Spring", "December", "About 2023"]
