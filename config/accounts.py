"""Password resets by e-mail, offered only where e-mail can be sent (EMAIL_HOST is set)."""

from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render


def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Django's reset form when the site can send mail; otherwise a page that says so and
    who can help (404: there is no reset here), rather than a form that claims to e-mail."""
    if not settings.EMAIL_HOST:
        return render(request, "registration/no_password_reset.html", status=404)
    return PasswordResetView.as_view()(request)
