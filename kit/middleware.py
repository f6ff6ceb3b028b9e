"""Input no view can use, refused once at the edge: a NUL byte anywhere in the request's
address, query, cookies or form fields (PostgreSQL cannot store one in text, and no reader or
editor means one), more query parameters or form fields than Django reads
(DATA_UPLOAD_MAX_NUMBER_FIELDS), and a form body in a character set other than UTF-8. The
answer is a 400 saying why, as the site's page or, to a program, as JSON; nothing behind it
runs, so nothing is written."""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from kit.cache import changed_at, data_version, release
from kit.responses import json_error, refused_to_htmx, too_large_context

ACCEPTED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
NUL = "\x00"
DISCARD_FACTOR = 4  # a body refused as too large is read and dropped up to 4× the limit
DISCARD_CHUNK = 64 * 1024


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django's own reading refuses it


class RejectMalformedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.too_large(request):
            self.discard(request)
            return self.refusal(request, "", too_large=True)
        problem = self.problem(request)
        if problem:
            return self.refusal(request, problem)
        return self.get_response(request)

    @staticmethod
    def too_large(request: HttpRequest) -> bool:
        """Whether the body is larger than any form takes (REQUEST_BODY_MAX_BYTES), by the
        length it declares: refused before any of it is kept, so a file of gigabytes is not
        spooled to disk to be refused afterwards."""
        return _declared_length(request) > settings.REQUEST_BODY_MAX_BYTES

    @staticmethod
    def discard(request: HttpRequest) -> None:
        """Read the body a chunk at a time, keeping none of it, so that the server answers
        a connection it has read to the end: one closed with data unread is reset, and the
        browser may never see the answer. Past DISCARD_FACTOR times the limit it is
        left unread: the connection is dropped rather than tie up a worker."""
        if _declared_length(request) <= DISCARD_FACTOR * settings.REQUEST_BODY_MAX_BYTES:
            while request.read(DISCARD_CHUNK):
                pass

    @staticmethod
    def refusal(request: HttpRequest, problem: str, *, too_large: bool = False) -> HttpResponse:
        """The 400 saying what was wrong (413 for a body too large): JSON where programs read
        (the API, the JSON and CSV downloads, whose other errors are JSON too), else the
        site's page, drawn without the request (its cookies or session may be what holds the
        NUL)."""
        status = 413 if too_large else 400
        context = too_large_context(settings.REQUEST_BODY_MAX_BYTES) if too_large else {}
        path = request.path_info
        if path.startswith("/api/") or path.endswith((".json", ".csv")):
            said = problem or f"What was sent is larger than the {context['too_big']} accepted."
            return json_error(said, status=status)
        said = context["too_large"] if too_large else problem
        if to_htmx := refused_to_htmx(request, said, status):
            return to_htmx
        # Drawn without the request, and so without the context processors: the site's name
        # given here.
        page_context = {"problem": problem, "SITE_NAME": settings.SITE_NAME, **context}
        html = loader.get_template("400.html").render(page_context)
        page = HttpResponse(html, status=status)
        page["X-Frame-Options"] = "DENY"  # as every page has it (XFrameOptionsMiddleware)
        return page

    @staticmethod
    def problem(request: HttpRequest) -> str:
        charset = (request.content_params or {}).get("charset", "utf-8").strip().lower()
        if request.method == "POST" and charset not in ACCEPTED_CHARSETS:
            return f"Send forms as UTF-8, not {charset[:20]}."
        if NUL in request.path or NUL in request.META.get("QUERY_STRING", ""):
            return "The address holds a NUL character, which no page accepts."
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            return "A cookie holds a NUL character; clear this site's cookies and try again."
        try:
            query = list(request.GET.items())
        except TooManyFieldsSent:
            most = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            return f"The address holds more than {most:,} parameters, more than any page takes."
        if any(NUL in key or NUL in value for key, value in query):
            return "The address holds a NUL character, which no page accepts."
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                fields = list(request.POST.lists())
            except UnicodeDecodeError:
                return "The form could not be read as UTF-8."
            except TooManyFieldsSent:
                most = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
                return f"The form sends more than {most:,} fields, more than any form has."
            if any(NUL in key or any(NUL in v for v in values) for key, values in fields):
                return "A form field holds a NUL character, which no field accepts."
        return ""


class AnonymousPageCacheMiddleware:
    """Whole responses for readers without a session, kept in the shared cache under the data
    version (kit.cache), so that a repeated page costs no SQL and a publication shows on the
    very next request. Editors (anyone with a session or a message waiting) always get a
    fresh page. Only a 200 that sets no cookie and is not marked private is kept: a page that
    used a CSRF token sets one, so a token is never served to someone else.

    Every GET it answers for a reader carries an ETag and Last-Modified from the data
    version (exports that stream included), so ConditionalGetMiddleware, outside this one,
    answers a 304 when nothing changed; and "Cache-Control: no-cache", so that a browser or
    a proxy asks again each time (a 304 costs next to nothing) rather than guessing from
    Last-Modified that an old copy is fresh enough, and a correction shows at once.
    """

    # Request headers a reader's page may differ by, besides the address: htmx's, which say
    # which fragment to send. (Compression happens outside, per request.)
    KEYED_HEADERS = (
        "HTTP_HX_REQUEST",
        "HTTP_HX_TARGET",
        "HTTP_HX_TRIGGER",
        "HTTP_HX_HISTORY_RESTORE_REQUEST",
        "HTTP_HX_BOOSTED",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or not self.is_reader(request)
        ):
            return self.get_response(request)
        version = data_version()
        key = self.key(request, version)
        response = cache.get(key) if request.method == "GET" else None
        if response is None:
            response = self.get_response(request)
            if not self.is_public(response):
                return response
            # Weak: it names the record's version, not the bytes, which compression changes
            # (GZipMiddleware weakens a strong one): so a 304 carries the ETag the 200 did.
            response.headers.setdefault("ETag", f'W/"{version}-{key.rsplit(":", 1)[-1]}"')
            response.headers.setdefault("Last-Modified", http_date(changed_at(version)))
            # Said on the 304 as on the 200 (ConditionalGetMiddleware copies Vary; the
            # compression that adds it to the 200 leaves a 304 alone), as RFC 9110 asks.
            patch_vary_headers(response, ("Accept-Encoding",))
            if "Cache-Control" not in response:
                patch_cache_control(response, no_cache=True)
            if request.method == "GET" and not response.streaming:
                cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def is_reader(request: HttpRequest) -> bool:
        """No session, no message: nothing on the page can be this visitor's own."""
        personal = (settings.SESSION_COOKIE_NAME, "messages")
        return not any(name in request.COOKIES for name in personal)

    @staticmethod
    def is_public(response: HttpResponse) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    def key(self, request: HttpRequest, version: str) -> str:
        varies = "|".join(request.META.get(header, "") for header in self.KEYED_HEADERS)
        path = request.get_full_path()
        digest = hashlib.sha256(f"{release()}|{path}|{varies}".encode()).hexdigest()
        return f"page:{version}:{digest[:32]}"


class MethodNotAllowedPageMiddleware:
    """A 405 with no body (Django's require_POST and its kind), answered to a visit (GET or
    HEAD: a link followed, an address typed), becomes the site's page saying what the
    address is for. Its status and Allow header are kept; any other 405 passes as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and not response.streaming
            and not response.content
        ):
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
