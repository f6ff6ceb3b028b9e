"""What every view shares about htmx: one template per page, a fragment of it for an htmx
request, and the Vary header that keeps caches from mixing the two up."""

from collections.abc import Callable

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """For type hints: a request that went through django-htmx's middleware."""

    htmx: HtmxDetails


class AuthenticatedHtmxRequest(HtmxHttpRequest):
    """For type hints: one that a login check has let through, so its user is a User
    (django-stubs' pattern for views behind a login check)."""

    user: User


# A view that answers htmx with a fragment varies on both headers: a cache must not serve a
# fragment to a plain request, nor a fragment to a history restore (which wants the page).
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def vary_on_htmx(view: Callable) -> Callable:
    """`@vary_on_headers` for both of htmx's request headers."""
    return vary_on_headers(*HTMX_HEADERS)(view)


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """Whether htmx asks for part of the page. A history restore asks with HX-Request too,
    but it replaces the whole body, so it gets the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def page_or_fragment(request: HtmxHttpRequest, template: str, fragment: str) -> str:
    """`template`, or only its `fragment` partial (django-template-partials) when htmx asks."""
    return f"{template}#{fragment}" if wants_fragment(request) else template
