"""A page that is not there, not allowed or broken still looks like the site and says what
to do next; the API answers in JSON at any address under it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from factcheck.models import Transcript
from kit.middleware import RejectMalformedInputMiddleware
from tests.factories import make_editor, make_verdict
from tests.published import published_claim

pytestmark = pytest.mark.django_db


def test_a_missing_page_keeps_the_sites_header_and_points_the_way(client):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "We could not find that page" in text
    assert "<code>/events/no-such-event/</code>" in text
    assert 'aria-label="Main"' in text  # the site's navigation, not Django's bare page
    assert f'href="{reverse("reader:event_list")}"' in text
    assert "Set-Cookie" not in response.headers  # a reader's page: no CSRF cookie


def test_a_refused_desk_action_says_why(client):
    verdict = make_verdict()
    client.force_login(make_editor())  # an editor, not an approver
    response = client.post(reverse("desk:verdict_publish", args=[verdict.pk]))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Your account cannot do this on the desk." in text
    assert f'href="{reverse("desk:queue")}"' in text


def test_a_server_error_page_needs_no_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_bad_request_page_needs_no_request_context():
    response = defaults.bad_request(RequestFactory().get("/"), Exception("unreadable"))
    assert response.status_code == 400
    assert "This request could not be read" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/api/verdicts/abc/", "/api/nothing/", "/api/claims/a/b/", "/api/events/x%20y/"]
)
def test_an_address_under_the_api_that_names_nothing_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"].startswith("Nothing is at this address.")
    assert response.json()["error"].endswith(reverse("api:index"))


def test_the_api_still_adds_a_missing_slash_and_names_a_missing_claim(client):
    response = client.get("/api/events")
    assert response.status_code == 301 and response["Location"] == reverse("api:event_list")
    claim = published_claim()
    assert client.get(reverse("api:claim_detail", args=[claim.slug])).status_code == 200
    missing = client.get(reverse("api:claim_detail", args=["no-such-claim"]))
    assert missing.status_code == 404 and missing.json()["error"] == "No such claim."
    assert client.post(reverse("api:event_list")).status_code == 405


def test_a_form_sent_without_its_token_is_refused_in_the_sites_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "someone", "password": "pw"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "This form could not be sent" in text and "Nothing was changed." in text
    assert 'aria-label="Main"' in text


def test_a_form_sent_by_htmx_without_its_token_is_told_in_a_sentence_for_the_form():
    """htmx swaps no 4xx: the page's script shows the sentence in the form, which keeps
    what was typed (the page would otherwise do nothing, or, in development, be replaced)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())
    response = client.post(
        reverse("desk:import"), {"title": "Kept"}, headers={"HX-Request": "true"}
    )
    assert (response.status_code, response["Content-Type"]) == (403, "text/plain; charset=utf-8")
    assert response.text.startswith("This form could not be sent: the page it came from")
    assert "Reload the page and send it again." in response.text


def test_a_form_too_large_for_django_is_told_to_htmx_in_a_sentence(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(make_editor())
    response = client.post(
        reverse("desk:import"), {"text": "x" * 20_000}, headers={"HX-Request": "true"}
    )
    assert (response.status_code, response["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert response.text.startswith("What was sent is larger than this site accepts (10,000")


def test_the_api_answers_a_post_with_405_not_a_csrf_page():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("api:event_list")).status_code == 405
    unknown = client.post("/api/nope/")
    assert unknown.status_code == 405


def test_a_form_too_large_to_read_is_refused_naming_the_limits(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(make_editor())
    response = client.post(reverse("desk:import"), {"text": "x" * 20_000})
    text = response.content.decode()
    assert response.status_code == 400
    assert "larger than this site accepts (10,000 bytes at most)" in text
    assert "A transcript may be up to 2.0 MB" in text
    assert not Transcript.objects.exists()


def test_a_file_larger_than_any_form_takes_is_refused_naming_the_limits(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 10_000
    client.force_login(make_editor())

    def upload() -> SimpleUploadedFile:
        return SimpleUploadedFile("talk.txt", b"Q: x\n" * 5_000, content_type="text/plain")

    response = client.post(reverse("desk:import"), {"file": upload(), "title": "A talk"})
    assert response.status_code == 413
    assert "larger than this site accepts (10,000 bytes at most)" in response.text
    assert "A transcript may be up to 2.0 MB" in response.text
    assert "<title>Too large to read" in response.text
    assert f'class="site-name" href="/">{settings.SITE_NAME}</a>' in response.text
    assert not Transcript.objects.exists()
    # To htmx (which swaps no 4xx), the sentence alone, for the page's script to show.
    htmx = client.post(reverse("desk:import"), {"file": upload()}, headers={"HX-Request": "true"})
    assert (htmx.status_code, htmx["Content-Type"]) == (413, "text/plain; charset=utf-8")
    assert htmx.text.startswith("What was sent is larger than this site accepts (10,000 bytes")
    api = client.post(reverse("api:event_list"), {"file": upload()})
    assert api.status_code == 413
    assert api.json() == {"error": "What was sent is larger than the 10,000 bytes accepted."}


def test_a_body_too_large_is_refused_by_its_length_and_read_without_being_kept(settings):
    """Refused before any view runs or any of it is parsed; read to its end a chunk at a
    time and dropped, so the server can answer a connection it has read; left unread past
    four times the limit."""
    settings.REQUEST_BODY_MAX_BYTES = 100_000

    class Counted(io.RawIOBase):
        def __init__(self, size: int) -> None:
            self.left, self.reads = size, []

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            count = min(len(buffer), self.left)
            buffer[:count] = b"x" * count
            self.left -= count
            self.reads.append(count)
            return count

    middleware = RejectMalformedInputMiddleware(lambda request: pytest.fail("a view ran"))

    def send(size: int) -> tuple[int, Counted]:
        request = RequestFactory().post("/desk/import/", content_type="multipart/form-data; b=x")
        body = Counted(size)
        request.META.update({"CONTENT_LENGTH": str(size), "wsgi.input": body})
        request._stream = LimitedStream(body, size)  # type: ignore[attr-defined]
        return middleware(request).status_code, body

    status, body = send(300_000)
    assert status == 413 and body.left == 0 and max(body.reads) <= 64 * 1024
    status, body = send(500_000)  # past four times the limit: dropped unread
    assert status == 413 and body.reads == []


def test_a_visit_to_an_address_only_a_form_sends_gets_a_page_saying_so(client):
    client.force_login(make_editor())
    url = reverse("desk:report_close", args=[1])
    response = client.get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = response.content.decode()
    assert "This address takes a form, not a visit" in text and "nothing was changed" in text
    assert 'aria-label="Main"' in text  # the site's own page
    assert client.post(reverse("reader:claim_list")).content == b""  # a form sent: as it was
