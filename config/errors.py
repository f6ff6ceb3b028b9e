"""The site's own answers to a request Django could not read (handler400) and to a form
its CSRF check refused (CSRF_FAILURE_VIEW). To htmx, which swaps no 4xx, each is its
sentence alone, in plain text, for the page's script to show in the form that sent it,
which keeps what was typed (static/js/reader.js)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.views import csrf

from kit.responses import refused_to_htmx, too_large_context

FORM_EXPIRED = (
    "This form could not be sent: the page it came from is too old, or your browser did not "
    "send this site's cookie with it. Nothing was changed. Reload the page and send it again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The site's page saying the form expired (403_csrf.html), or its sentence to htmx."""
    return refused_to_htmx(request, FORM_EXPIRED, 403) or csrf.csrf_failure(request, reason)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 page, which says what was too large when a form was: a transcript pasted
    far past the import's limit is refused before the import can say so itself."""
    context = {}
    if isinstance(exception, RequestDataTooBig):
        context = too_large_context(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if said := refused_to_htmx(request, context["too_large"], 400):
            return said
    context["SITE_NAME"] = settings.SITE_NAME  # drawn without the request's context processors
    return HttpResponseBadRequest(loader.get_template("400.html").render(context))
