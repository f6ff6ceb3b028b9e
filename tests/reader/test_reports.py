"""Report an error: any reader can tell the newsroom what is wrong, from any page; nothing
they send is lost, nothing bad is kept, and the desk reads it."""

import html
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from factcheck.models import ErrorReport
from reader.forms import REPORT_MAX_CHARS
from tests.published import published_claim

pytestmark = pytest.mark.django_db

REPORT = reverse("reader:report")
MESSAGE = "The award was in July 2016, not June: see the tribunal's own press release."


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # the hour's count of reports, per address, lives in the shared cache
    yield
    cache.clear()


def send(client, **fields):
    return client.post(REPORT, {"message": MESSAGE, "email": "", "page": "", **fields})


def test_every_reader_page_links_to_a_report_about_itself(client):
    claim = published_claim()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert f'href="{REPORT}?page={claim.get_absolute_url()}"' in page
    form = client.get(f"{REPORT}?page={claim.get_absolute_url()}").content.decode()
    assert f'About <a href="{claim.get_absolute_url()}">{claim.text}</a>' in form
    assert f'name="page" value="{claim.get_absolute_url()}"' in form


def test_a_report_is_kept_for_the_desk_and_the_reader_thanked(client):
    claim = published_claim()
    page = claim.get_absolute_url()
    response = send(client, page=page, email="reader@example.org")
    assert response.status_code == 303
    sent = reverse("reader:report_sent")
    assert response["Location"] == f"{sent}?page={page.replace('/', '%2F')}"
    report = ErrorReport.objects.get()
    assert (report.page, report.message, report.email) == (page, MESSAGE, "reader@example.org")
    assert report.is_open
    thanks = client.get(response["Location"])
    assert b"your report was sent" in thanks.content
    assert f'<a href="{page}">Back to the page you reported'.encode() in thanks.content


def test_a_report_about_no_page_in_particular_is_taken(client):
    assert client.get(REPORT).status_code == 200
    assert send(client).status_code == 303
    assert ErrorReport.objects.get().page == ""


def test_a_report_as_long_as_allowed_is_taken_its_line_breaks_counted_once(client):
    """A report may hold REPORT_MAX_CHARS characters, each line break one; the browser
    sends each as two ("\r\n"), which must not tip the report over the limit."""
    lines = ["x" * 99] * (REPORT_MAX_CHARS // 100)
    typed = "\n".join(lines) + "\n" + "y" * (REPORT_MAX_CHARS - 100 * len(lines))
    assert len(typed) == REPORT_MAX_CHARS
    assert send(client, message=typed.replace("\n", "\r\n")).status_code == 303
    assert ErrorReport.objects.get().message == typed.strip()


def test_a_report_too_long_is_refused_saying_by_how_much_every_word_kept(client):
    """No maxlength on the box: a browser would cut a pasted report there without a word."""
    assert "maxlength" not in client.get(REPORT).text.split('name="message"')[1].split(">")[0]
    typed = "word " * (REPORT_MAX_CHARS // 5) + "the last words"
    response = send(client, message=typed)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert f"Keep the report to {REPORT_MAX_CHARS} characters (it has {len(typed.strip())})" in page
    assert "the last words</textarea>" in page
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"message": ""}, "Say what is wrong"),
        ({"message": "   wrong  "}, "Say a little more"),
        ({"message": "x" * 4001}, "Keep the report to 4000 characters (it has 4001)"),
        ({"message": MESSAGE + "\x1b[31m"}, "control character"),
        ({"email": "not an address"}, "not an e-mail address"),
        ({"page": "/claims/no-such-claim/"}, "No published page has that address"),
        ({"page": "https://elsewhere.example/claims/x/"}, "not the address of a page"),
        ({"page": "/no/such/page/"}, "No page of this site"),
        ({"page": "/desk/"}, "not one of the site’s published pages"),
        ({"website": "https://spam.example"}, "Leave this box empty"),
    ],
)
def test_a_report_with_a_mistake_is_refused_with_the_reason_and_kept_typed(client, fields, said):
    response = send(client, **fields)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert "The report was not sent" in response.content.decode()
    assert ErrorReport.objects.count() == 0
    if fields.get("message", "").startswith("The award") or "message" not in fields:
        assert MESSAGE.replace("'", "&#x27;") in response.content.decode()  # nothing retyped


def test_the_form_refuses_to_name_a_page_that_is_not_the_sites(client):
    response = client.get(f"{REPORT}?page=//elsewhere.example/")
    assert response.status_code == 400
    assert "not the address of a page of this site" in response.content.decode()
    assert 'name="page"' in response.content.decode()  # a report can still be sent


def test_one_address_sends_a_few_reports_an_hour_then_is_asked_to_wait(client, settings):
    settings.REPORTS_PER_HOUR = 2
    assert [send(client).status_code for _ in range(2)] == [303, 303]
    refused = send(client)
    assert refused.status_code == 429
    assert "Please wait an hour" in refused.content.decode()
    assert MESSAGE.replace("'", "&#x27;") in refused.content.decode()  # what was typed stays
    assert ErrorReport.objects.count() == 2
    other = client.post(REPORT, {"message": MESSAGE}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 303  # another reader is not held up


def test_the_wait_is_an_hour_not_the_caches_default_five_minutes(
    client, settings, monkeypatch, tmp_path
):
    # The cache a site without Redis serves from: files, whose incr keeps a count for the
    # cache's default five minutes only.
    files = "django.core.cache.backends.filebased.FileBasedCache"
    settings.CACHES = {"default": {"BACKEND": files, "LOCATION": str(tmp_path)}}
    settings.REPORTS_PER_HOUR = 2
    assert [send(client).status_code for _ in range(2)] == [303, 303]
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + 10 * 60)
    assert send(client).status_code == 429
    # The hour runs from the first report, not from the last attempt.
    monkeypatch.setattr(time, "time", lambda: start + 50 * 60)
    assert send(client).status_code == 429
    monkeypatch.setattr(time, "time", lambda: start + 61 * 60)
    assert send(client).status_code == 303
    assert ErrorReport.objects.count() == 3


def test_a_report_needs_the_forms_token(client):
    guarded = client.__class__(enforce_csrf_checks=True)
    assert guarded.post(REPORT, {"message": MESSAGE}).status_code == 403
    assert ErrorReport.objects.count() == 0


def test_the_form_is_never_served_from_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = settings.REMEMBER_SECONDS = 600
    first, second = client.get(REPORT), client.get(REPORT)
    assert first.status_code == second.status_code == 200
    assert "csrftoken" in second.cookies  # built for this reader, with their own token


def test_the_form_names_a_list_or_a_page_about_the_site_by_what_it_is(client):
    form = client.get(f"{REPORT}?page={reverse('reader:methodology')}").content.decode()
    assert 'About <a href="/methodology/">how we check</a>' in form
    form = client.get(f"{REPORT}?page=/").content.decode()
    assert 'About <a href="/">the chronology</a>' in form


def test_each_report_is_e_mailed_to_the_desk_with_a_reply_to_the_reader(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REPORTS_EMAIL = ["corrections@example.org"]
    claim = published_claim()
    with django_capture_on_commit_callbacks(execute=True):
        send(client, page=claim.get_absolute_url(), email="reader@example.org")
    [mail] = mailoutbox
    assert mail.to == ["corrections@example.org"] and mail.reply_to == ["reader@example.org"]
    assert MESSAGE in mail.body
    assert f"{settings.SITE_URL}{claim.get_absolute_url()}" in mail.body
    assert f"{settings.SITE_URL}{reverse('desk:reports')}" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        send(client)  # no address: no reply-to, and the page is none in particular
    assert mailoutbox[1].reply_to == [] and "no page in particular" in mailoutbox[1].body


def test_no_mail_without_an_address_and_a_failing_mail_server_loses_no_report(
    client, settings, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client).status_code == 303
    assert mailoutbox == []
    settings.REPORTS_EMAIL = ["corrections@example.org"]

    def refuse(self, fail_silently=False):
        raise OSError("Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client).status_code == 303
    assert ErrorReport.objects.count() == 2
    assert "could not be e-mailed" in caplog.text
