"""Input no view can use, refused once at the edge: a NUL byte anywhere in the request's
address, query, cookies or form fields (PostgreSQL cannot store one in text, and no reader or
editor means one), and a form body in a character set other than UTF-8. The answer is a
plain 400 saying why; nothing behind it runs, so nothing is written."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

ACCEPTED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
NUL = "\x00"


class RejectMalformedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self.problem(request)
        if problem:
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def problem(request: HttpRequest) -> str:
        charset = (request.content_params or {}).get("charset", "utf-8").strip().lower()
        if request.method == "POST" and charset not in ACCEPTED_CHARSETS:
            return f"Send forms as UTF-8, not {charset[:20]}."
        if NUL in request.path or NUL in request.META.get("QUERY_STRING", ""):
            return "The address holds a NUL character, which no page accepts."
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            return "A cookie holds a NUL character; clear this site's cookies and try again."
        if any(NUL in key or NUL in value for key, value in request.GET.items()):
            return "The address holds a NUL character, which no page accepts."
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                fields = list(request.POST.lists())
            except UnicodeDecodeError:
                return "The form could not be read as UTF-8."
            if any(NUL in key or any(NUL in v for v in values) for key, values in fields):
                return "A form field holds a NUL character, which no field accepts."
        return ""
