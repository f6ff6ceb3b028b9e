"""Every desk URL and HTMX endpoint, called directly, against every role.

Anonymous page views are sent to the login page; anonymous POSTs and HTMX requests get 403
(HTMX is told where to log in); a logged-in user without the role gets 403. Allowed POSTs
here carry bad or empty data, so each answers with its validation status and writes
nothing: what is checked is that the permission gate opens, not the action.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from factcheck.models import Action, Claim, Correction, Quote, Source, Verdict
from tests.factories import (
    make_approver,
    make_claim,
    make_editor,
    make_quote,
    make_source,
    make_transcript,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/desk/"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    target: str  # which object of the data the URL names: "", "transcript", "claim", ...
    method: str = "GET"
    htmx: bool = False
    role: str = "editor"  # the least role that may use it: "editor" or "approver"
    allowed_status: int = 200
    query: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.name}{' (HTMX)' if self.htmx else ''}"


ENDPOINTS = [
    Endpoint("queue", ""),
    Endpoint("queue", "", htmx=True, query={"tab": "claims"}),
    Endpoint("interviews", "", query={"q": "interview"}),
    Endpoint("interviews", "", htmx=True),
    Endpoint("transcript", "transcript"),
    Endpoint("claim", "claim"),
    Endpoint("claim", "claim", htmx=True),
    Endpoint("verdict_create", "claim"),
    Endpoint("verdict_create", "claim", htmx=True),
    Endpoint("verdict_edit", "draft"),
    Endpoint("verdict_edit", "draft", htmx=True),
    Endpoint("verdict_review", "in_review", role="approver"),
    Endpoint("verdict_correct", "published"),
    Endpoint("verdict_withdraw", "published", role="approver"),
    Endpoint("sources", "", query={"q": "award"}),
    Endpoint("sources", "", htmx=True, query={"q": "award", "picker": "1"}),
    Endpoint("source_create", ""),
    Endpoint("source_create", "", htmx=True),
    Endpoint("evidence_row", "", htmx=True, query={"evidence-TOTAL_FORMS": "0"}),
    Endpoint("claim_create", "transcript", method="POST", allowed_status=422),
    Endpoint("claim_create", "transcript", method="POST", htmx=True, allowed_status=422),
    Endpoint("verdict_create", "claim", method="POST", allowed_status=422),
    Endpoint("verdict_create", "claim", method="POST", htmx=True, allowed_status=422),
    Endpoint("verdict_edit", "draft", method="POST", allowed_status=422),
    Endpoint("verdict_edit", "draft", method="POST", htmx=True, allowed_status=422),
    Endpoint("verdict_submit", "draft", method="POST", allowed_status=400),
    Endpoint("verdict_take_back", "in_review", method="POST", allowed_status=400),
    Endpoint("verdict_publish", "draft", method="POST", role="approver", allowed_status=409),
    Endpoint("verdict_return", "in_review", method="POST", role="approver", allowed_status=422),
    Endpoint("verdict_correct", "published", method="POST", allowed_status=422),
    Endpoint("verdict_withdraw", "published", method="POST", role="approver", allowed_status=422),
    Endpoint("source_create", "", method="POST", allowed_status=422),
    Endpoint("source_create", "", method="POST", htmx=True, allowed_status=400),
]

ROLES = ["anonymous", "reader", "editor", "approver", "admin"]


@pytest.fixture
def desk_data():
    author = make_editor(username="author")
    transcript = make_transcript()
    source = make_source(title="The award")
    claim = make_claim(make_quote(transcript))
    other = make_quote(transcript, exact="China said it would ignore the award.")
    draft = make_verdict(make_claim(other), author=author)
    in_review = make_verdict(
        make_claim(other, slug="in-review"), status=Verdict.Status.IN_REVIEW, author=author
    )
    published = make_verdict(
        make_claim(other, slug="published"),
        status=Verdict.Status.PUBLISHED,
        sources=[source],
    )
    return {
        "": None,
        "transcript": transcript,
        "claim": claim,
        "draft": draft,
        "in_review": in_review,
        "published": published,
        "source": source,
    }


def url_of(endpoint: Endpoint, data: dict) -> str:
    target = data[endpoint.target]
    if target is None:
        return reverse(f"desk:{endpoint.name}")
    key = target.slug if isinstance(target, Claim | type(data["transcript"])) else target.pk
    return reverse(f"desk:{endpoint.name}", args=[key])


def log_in(client, role: str):
    users = {
        "reader": make_user,
        "editor": make_editor,
        "approver": make_approver,
        "admin": lambda: get_user_model().objects.create_superuser("root", "r@example.com", "pw"),
    }
    if role != "anonymous":
        client.force_login(users[role]())


def state() -> tuple:
    """Everything a desk request could write."""
    return (
        Claim.objects.count(),
        Quote.objects.count(),
        Source.objects.count(),
        Correction.objects.count(),
        Action.objects.count(),
        sorted(Verdict.objects.values_list("pk", "status", "version", "rationale")),
    )


def request(client, endpoint: Endpoint, data: dict):
    url = url_of(endpoint, data)
    query = dict(endpoint.query)
    if endpoint.name == "evidence_row":
        query["source"] = str(data["source"].pk)
    headers = HTMX if endpoint.htmx else {}
    if endpoint.method == "GET":
        return client.get(url, query, headers=headers)
    return client.post(url, query, headers=headers)


def expected_status(endpoint: Endpoint, role: str) -> int:
    if role == "anonymous":
        return 302 if endpoint.method == "GET" and not endpoint.htmx else 403
    allowed = {
        "reader": False,
        "editor": endpoint.role == "editor",
        "approver": True,
        "admin": True,
    }[role]
    return endpoint.allowed_status if allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_desk_endpoint_lets_in_exactly_the_roles_it_should(client, desk_data, endpoint, role):
    log_in(client, role)
    before = state()
    response = request(client, endpoint, desk_data)
    assert response.status_code == expected_status(endpoint, role), response.content[:500]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login") + "?next=/desk/")
    if role == "anonymous" and endpoint.htmx:
        assert response["HX-Redirect"] == reverse("login") + "?next=%2Fdesk%2F"
    if endpoint.method == "POST":
        assert state() == before  # refused or invalid: nothing written


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.htmx], ids=str)
def test_htmx_endpoints_answer_with_a_fragment_not_a_page(client, desk_data, endpoint):
    log_in(client, "approver")
    response = request(client, endpoint, desk_data)
    assert b"<html" not in response.content


def test_the_login_page_is_in_the_sites_design(client):
    response = client.get(reverse("login"), {"next": "/desk/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Log in</h1>" in html
    assert 'name="next" value="/desk/"' in html
    assert 'class="site-header"' in html  # extends the site's base template


def test_logging_in_through_the_form_opens_the_desk(client):
    make_editor(username="ed")
    response = client.post(reverse("login"), {"username": "ed", "password": "pw", "next": "/desk/"})
    assert (response.status_code, response["Location"]) == (302, "/desk/")


def test_the_navigation_offers_the_desk_to_editors_and_login_to_readers(client, desk_data):
    """Readers see how the checking is done in the menu; editors find the log-in at the
    foot of every page, and the desk in the menu once logged in."""
    anonymous = client.get(reverse("reader:event_list")).content.decode()
    assert f'href="{reverse("reader:methodology")}">How we check</a>' in anonymous
    assert f'href="{reverse("login")}">Editors: log in</a>' in anonymous
    client.force_login(make_editor())
    editor = client.get(reverse("desk:queue")).content.decode()
    assert f'href="{reverse("desk:queue")}">Desk</a>' in editor
    assert "log in</a>" not in editor.lower()


@pytest.mark.parametrize("current_url", ["http://[", "http://[::1", "not a url at all", "\x7f"])
def test_an_unreadable_current_url_sends_anonymous_htmx_to_log_in_from_this_address(
    client, current_url
):
    url = reverse("desk:queue")
    response = client.get(url, headers={"HX-Request": "true", "HX-Current-URL": current_url})
    assert response.status_code == 403
    assert response["HX-Redirect"].endswith("?next=%2Fdesk%2F")


def test_a_form_sent_after_the_session_ended_gets_the_sites_page_with_a_way_back(client):
    form_page = "http://testserver" + reverse("desk:interviews") + "?q=award"
    response = client.post(
        reverse("desk:sources") + "new/", {"title": "A source"}, headers={"Referer": form_page}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "log in, then send the form again" in page
    assert '<footer class="site-footer">' in page  # the site's own page, not a bare line
    assert f'{reverse("login")}?next=/desk/interviews/%3Fq%3Daward"' in page
    elsewhere = client.post(
        reverse("desk:sources") + "new/", {}, headers={"Referer": "https://evil.example/"}
    )
    assert f'{reverse("login")}?next=/desk/"' in elsewhere.content.decode()


def test_the_403_page_says_what_an_approver_does_and_an_editor_does_not(client):
    client.force_login(make_editor())
    claim = make_claim()
    response = client.post(reverse("desk:transcript_publish", args=[claim.quote.transcript.slug]))
    assert response.status_code == 403
    assert "an editor drafts, submits and starts corrections" in response.content.decode()
