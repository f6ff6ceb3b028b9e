"""Login throttling (django-axes): failed logins are counted per account and per address, a
locked-out log-in is refused even with the right password, and an admin unlocks it."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_editor, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_failures_lock")]

LIMIT = 3


@pytest.fixture
def three_failures_lock():
    with override_settings(AXES_FAILURE_LIMIT=LIMIT):
        yield


def log_in(client, url: str, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


LOGIN_PAGES = [
    pytest.param("login", {"username": "edna"}, id="desk"),
    pytest.param("admin:login", {"username": "edna", "is_staff": True}, id="admin"),
]


@pytest.mark.parametrize(("page", "user"), LOGIN_PAGES)
def test_the_nth_wrong_password_locks_the_account_out_even_with_the_right_one(client, page, user):
    make_user(**user)
    url = reverse(page)
    for _ in range(LIMIT - 1):
        response = log_in(client, url, "edna", "wrong")
        assert response.status_code == 200  # the form again, with its error
    response = log_in(client, url, "edna", "wrong")
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.text
    assert "Try again in 30 minutes" in response.text
    assert response["Retry-After"] == "1800"
    response = log_in(client, url, "edna", "pw")
    assert response.status_code == 429
    assert not logged_in(client)


@pytest.mark.parametrize(("page", "user"), LOGIN_PAGES)
def test_an_admin_unlock_lets_the_right_password_in_again(client, superuser_client, page, user):
    make_user(**user)
    url = reverse(page)
    for _ in range(LIMIT):
        log_in(client, url, "edna", "wrong")
    assert log_in(client, url, "edna", "pw").status_code == 429
    attempts = AccessAttempt.objects.filter(username="edna")
    response = superuser_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [attempt.pk for attempt in attempts],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    response = log_in(client, url, "edna", "pw")
    assert response.status_code == 302
    assert logged_in(client)


def test_an_account_is_locked_whatever_address_the_guesses_come_from(client):
    make_editor(username="edna")
    url = reverse("login")
    for number in range(LIMIT):
        log_in(client, url, "edna", "wrong", address=f"198.51.100.{number}")
    response = log_in(client, url, "edna", "pw", address="192.0.2.1")
    assert response.status_code == 429
    assert not logged_in(client)


def test_an_address_is_locked_whatever_accounts_it_guesses(client):
    make_editor(username="edna")
    url = reverse("login")
    for number in range(LIMIT):
        log_in(client, url, f"guess-{number}", "wrong")
    assert log_in(client, url, "edna", "pw").status_code == 429
    response = log_in(client, url, "edna", "pw", address="192.0.2.1")
    assert response.status_code == 302  # the account itself was never guessed at


def test_logging_in_to_an_account_of_ones_own_does_not_clear_the_guesses_at_another(client):
    make_editor(username="edna")
    make_editor(username="mallory")
    url = reverse("login")
    for _ in range(LIMIT - 1):
        log_in(client, url, "edna", "wrong")
    assert log_in(client, url, "mallory", "pw").status_code == 302
    client.logout()
    assert log_in(client, url, "edna", "wrong").status_code == 429
    assert log_in(client, url, "edna", "pw", address="192.0.2.1").status_code == 429


@override_settings(AXES_COOLOFF_TIME=None)
def test_without_a_cool_off_the_page_says_only_an_admin_can_unlock(client):
    url = reverse("login")
    for _ in range(LIMIT):
        response = log_in(client, url, "edna", "wrong")
    assert response.status_code == 429
    assert "Ask an administrator to unlock it." in response.text
    assert "Retry-After" not in response
