"""HEAD answers wherever GET does (link checkers and uptime monitors send HEAD): the same
status and headers, and no body."""

import pytest
from django.urls import reverse

from tests.factories import make_editor, make_event, make_source
from tests.published import published_claim

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def public_urls() -> list[str]:
    claim = published_claim()
    event = make_event(title="The award")
    source = claim.published_verdict.evidence.first().source
    return [
        reverse("reader:event_list"),
        reverse("reader:event_list") + "?year=2016",
        reverse("reader:event_detail", args=[event.slug]),
        reverse("reader:claim_detail", args=[claim.slug]),
        reverse("reader:transcript_detail", args=[claim.quote.transcript.slug]),
        reverse("reader:source_list"),
        reverse("reader:correction_list"),
        reverse("reader:verdict_feed"),
        reverse("reader:correction_feed"),
        reverse("reader:data"),
        reverse("reader:methodology"),
        reverse("reader:timelinejs"),
        reverse("reader:events_csv"),
        reverse("reader:claimreview_feed"),
        reverse("reader:claims_csv"),
        reverse("api:index"),
        reverse("api:event_list"),
        reverse("api:event_detail", args=[event.slug]),
        reverse("api:claim_list"),
        reverse("api:claim_detail", args=[claim.slug]),
        reverse("api:verdict_list"),
        reverse("api:verdict_detail", args=[claim.published_verdict_id]),
        reverse("api:source_list"),
        reverse("api:source_detail", args=[source.slug]),
        reverse("sitemap"),
        "/sitemap-events.xml",
        reverse("robots_txt"),
        reverse("login"),
    ]


def test_every_public_page_and_export_answers_head_as_it_answers_get(client, public_urls):
    for url in public_urls:
        get, head = client.get(url), client.head(url)
        assert get.status_code == 200, url
        assert head.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url
        assert not body(head), url


def test_the_interview_link_answers_head_with_its_redirect(client):
    published_claim()
    url = reverse("reader:interview")
    assert client.head(url).status_code == client.get(url).status_code == 302


def test_every_desk_page_answers_head_as_it_answers_get(client):
    claim = published_claim()
    make_source()
    client.force_login(make_editor())
    for url in [
        reverse("desk:queue"),
        reverse("desk:interviews"),
        reverse("desk:transcript", args=[claim.quote.transcript.slug]),
        reverse("desk:claim", args=[claim.slug]),
        reverse("desk:sources") + "?q=award",
        reverse("desk:source_create"),
    ]:
        get, head = client.get(url), client.head(url)
        assert get.status_code == head.status_code == 200, url
        assert not body(head), url


@pytest.mark.parametrize("method", ["post", "put", "delete", "options", "trace"])
def test_feeds_and_sitemaps_refuse_every_method_but_get_and_head(client, method):
    published_claim()
    for url in [
        reverse("reader:verdict_feed"),
        reverse("reader:correction_feed"),
        reverse("sitemap"),
        "/sitemap-events.xml",
    ]:
        response = client.generic(method.upper(), url)
        assert response.status_code == 405, (method, url)
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
