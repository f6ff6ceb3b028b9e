"""What the reader's views share about htmx: one template per page, a fragment of it for an
htmx request. (factcheck builds on timeline, so its views use this too.)"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def page_or_fragment(request: HtmxHttpRequest, template: str, fragment: str) -> str:
    """`template`, or only its `fragment` partial when htmx asks. A history restore asks
    with HX-Request too, but it replaces the whole body, so it gets the whole page."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template


# Every view that answers htmx with a fragment varies on both headers: a cache must not
# serve a fragment to a plain request, nor a fragment to a history restore.
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request")
