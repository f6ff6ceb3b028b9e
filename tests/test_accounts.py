"""Logging in, to the desk; password resets, only where the site can send mail; the
browser features it refuses."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_editor

pytestmark = pytest.mark.django_db


def test_without_mail_the_login_page_offers_no_reset_and_the_reset_page_says_why(client):
    make_editor(email="edna@example.org")
    assert "Forgotten your password?" not in client.get(reverse("login")).text
    response = client.get(reverse("password_reset"))
    assert response.status_code == 404
    assert "cannot send e-mail" in response.text
    response = client.post(reverse("password_reset"), {"email": "edna@example.org"})
    assert response.status_code == 404
    assert mail.outbox == []


@override_settings(
    EMAIL_HOST="smtp.example.org", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
)
def test_with_mail_the_reset_is_offered_and_sends_the_link(client):
    make_editor(email="edna@example.org")
    assert "Forgotten your password?" in client.get(reverse("login")).text
    response = client.post(reverse("password_reset"), {"email": "edna@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["edna@example.org"]


def test_every_page_refuses_the_browser_features_it_does_not_use(client):
    policy = client.get(reverse("reader:event_list"))["Permissions-Policy"]
    for feature in ("camera", "geolocation", "microphone", "payment"):
        assert f"{feature}=()" in policy


def test_logging_in_from_the_site_header_leads_to_the_desk(client):
    make_editor(username="reporter")  # password "pw"
    response = client.post(reverse("login"), {"username": "reporter", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == reverse("desk:queue")
