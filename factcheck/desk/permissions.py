"""Who may use which part of the desk, checked in every view (never only in templates)."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

LOGGED_OUT = "You are not logged in (or your session ended): log in, then send the form again."


def _came_from(request: HttpRequest) -> str:
    """The page a form was sent from, on this site (its Referer), else the desk."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path
    return reverse("desk:queue")


def desk_permission_required(*permissions: str) -> Callable:
    """Let the view run only for a user with every one of `permissions`.

    An anonymous page view is sent to the login page (and back afterwards). An anonymous
    POST or HTMX request gets 403: a redirect would turn a POST into a GET, or land the
    login page inside a fragment; HTMX is told (HX-Redirect) to open the login page with the
    current page as `next`. A logged-in user without the permissions gets 403.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if request.method == "GET" and not request.htmx:
                    return redirect_to_login(request.get_full_path())
                if not request.htmx:
                    # A form sent after the session ended: the site's page, saying so, with
                    # a way to log in that comes back to the page the form was on.
                    context = {"exception": LOGGED_OUT, "login_next": _came_from(request)}
                    return render(request, "403.html", context, status=403)
                response = HttpResponse(LOGGED_OUT, status=403)
                try:
                    back = request.htmx.current_url_abs_path or request.get_full_path()
                except ValueError:  # an HX-Current-URL that is no URL ("http://[")
                    back = request.get_full_path()
                login = resolve_url(settings.LOGIN_URL)
                response["HX-Redirect"] = f"{login}?{urlencode({'next': back})}"
                return response
            if not request.user.has_perms(permissions):
                raise PermissionDenied("Your account cannot do this on the desk.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
