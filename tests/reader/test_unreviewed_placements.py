"""Events and links made at the desk reach readers only with an approver's publication:
before it, no reader surface shows them; after it, each does."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Verdict
from tests.factories import make_claim, make_event, make_quote, make_verdict, newsroom
from tests.published import published_claim

pytestmark = pytest.mark.django_db

TITLE = "Zanzibar accord signed"
LINKED_TITLE = "Quokka summit held"


@pytest.fixture
def placed():
    """A published claim (its interview public), and at the desk: a second claim on the
    same interview with a new event, and a public event newly linked to the published
    claim's quote. Nothing of the desk's work is reviewed yet."""
    editor, _ = newsroom()
    public = published_claim()
    quote = make_quote(public.quote.transcript, exact="China said it would ignore the award.")
    claim = make_claim(quote, text="China said it would ignore the award.")
    created = services.claim_event_create(
        claim=claim, title=TITLE, date="mid-2016", phrase="would ignore", by=editor
    )
    linked_event = make_event(title=LINKED_TITLE, edtf="2015-09-25")
    services.claim_event_link(claim=public, event=linked_event, by=editor)
    return {"claim": claim, "public": public, "event": created.event, "linked": linked_event}


def reader_pages(placed) -> dict[str, str]:
    """Every reader surface that could show the desk's work, by name."""
    return {
        "timeline": reverse("reader:event_list"),
        "search": reverse("reader:event_list") + "?q=zanzibar",
        "timeline.json": reverse("reader:timelinejs"),
        "events.csv": reverse("reader:events_csv"),
        "claims.csv": reverse("reader:claims_csv"),
        "sitemap": "/sitemap-events.xml",
        "api events": reverse("api:event_list"),
        "api claim": reverse("api:claim_detail", args=[placed["public"].slug]),
        "claim page": reverse("reader:claim_detail", args=[placed["public"].slug]),
        "interview": reverse(
            "reader:transcript_detail", args=[placed["public"].quote.transcript.slug]
        )
        + "?order=chronological",
        "linked event": reverse("reader:event_detail", args=[placed["linked"].slug]),
    }


def test_nothing_placed_at_the_desk_reaches_readers_before_review(client, placed):
    event = placed["event"]
    for name, url in reader_pages(placed).items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        assert TITLE not in text and event.slug not in text, name
        if name not in {
            "linked event",
            "timeline",
            "timeline.json",
            "events.csv",
            "sitemap",
            "api events",
        }:
            # The public event is listed; the new link to it is not shown yet.
            assert placed["linked"].slug not in text, name
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:event_detail", args=[event.slug])).status_code == 404
    assert client.get(reverse("api:claim_list"), {"event": event.slug}).status_code == 400


def test_after_the_approver_publishes_the_verdict_readers_see_the_event_and_its_link(
    client, placed
):
    editor, approver = newsroom()
    verdict = make_verdict(placed["claim"], status=Verdict.Status.IN_REVIEW, author=editor)
    services.verdict_publish(verdict=verdict, by=approver)
    event = placed["event"]
    assert TITLE in client.get(reverse("reader:event_list")).content.decode()
    page = client.get(event.get_absolute_url())
    assert (
        page.status_code == 200 and "China said it would ignore the award." in page.content.decode()
    )
    assert client.get(reverse("api:event_detail", args=[event.slug])).status_code == 200
    assert event.slug in client.get("/sitemap-events.xml").content.decode()
    # The link to the published claim waits for a verdict on that claim.
    api_claim = client.get(reverse("api:claim_detail", args=[placed["public"].slug])).json()
    assert placed["linked"].slug not in str(api_claim)
