"""Accounts: password resets by e-mail, offered only where e-mail can be sent (EMAIL_HOST
is set); the page a locked-out log-in gets."""

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render


def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Django's reset form when the site can send mail; otherwise a page that says so and
    who can help (404: there is no reset here), rather than a form that claims to e-mail."""
    if not settings.EMAIL_HOST:
        return render(request, "registration/no_password_reset.html", status=404)
    return PasswordResetView.as_view()(request)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a log-in from a locked-out account or address (its
    AXES_LOCKOUT_CALLABLE): 429 Too Many Requests, saying for how long, with Retry-After
    (RFC 6585 section 4) when the lock lifts by itself."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    context = {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes}
    response = render(request, "registration/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(round(cool_off.total_seconds()))
    return response
