"""The site's own answer to a request Django could not read (handler400)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponseBadRequest
from django.template import loader

from kit.responses import too_large_context


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    """Django's 400 page, which says what was too large when a form was: a transcript pasted
    far past the import's limit is refused before the import can say so itself."""
    context = {}
    if isinstance(exception, RequestDataTooBig):
        context = too_large_context(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    context["SITE_NAME"] = settings.SITE_NAME  # drawn without the request's context processors
    return HttpResponseBadRequest(loader.get_template("400.html").render(context))
