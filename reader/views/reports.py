"""Report an error: the way any reader asks for a correction (IFCN principle 5). The form is
linked from the foot of every page, naming that page; a report waits on the desk for an
editor."""

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from factcheck import services
from reader.forms import ErrorReportForm, reader_page

TEMPLATE = "reader/report.html"


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The form (?page=/claims/…/ names the page it is about), and what it sends: kept for
    the desk, then the thanks page (post/redirect/get). A form with a mistake is shown again
    with it marked (400), and a reader who has sent REPORTS_PER_HOUR reports this hour is
    asked to wait (429); neither keeps anything."""
    if request.method != "POST":
        try:
            page, title = reader_page(request.GET.get("page", ""))
        except ValidationError as error:
            form = ErrorReportForm()
            context = {"form": form, "error": error.messages[0]}
            return render(request, TEMPLATE, context, status=400)
        form = ErrorReportForm(initial={"page": page})
        return render(request, TEMPLATE, {"form": form, **_about(page, title)})
    form = ErrorReportForm(request.POST)
    if not form.is_valid():
        page = "" if form.has_error("page") else form.cleaned_data.get("page", "")
        about = _about(page, form.page_title)
        return render(request, TEMPLATE, {"form": form, **about}, status=400)
    page = form.cleaned_data["page"]
    if _over_the_limit(request):
        about = _about(page, form.page_title)
        context = {"form": form, **about, "limited": settings.REPORTS_PER_HOUR}
        return render(request, TEMPLATE, context, status=429)
    services.error_report_file(
        page=page, message=form.cleaned_data["message"], email=form.cleaned_data["email"]
    )
    sent = reverse("reader:report_sent") + (f"?{urlencode({'page': page})}" if page else "")
    return HttpResponseRedirect(sent, status=303)


@require_safe
def report_sent(request: HttpRequest) -> HttpResponse:
    try:
        page, title = reader_page(request.GET.get("page", ""))
    except ValidationError:
        page, title = "", ""  # only the link back is lost: the report was kept
    return render(request, "reader/report_sent.html", _about(page, title))


def _about(page: str, title: str) -> dict:
    """The page a report is about: its path (what is kept), its address here (the path
    under the site's prefix, when it is served under one) and what it is called."""
    url = get_script_prefix().rstrip("/") + page if page else ""
    return {"page": page, "page_url": url, "page_title": title}


HOUR = 60 * 60


def _over_the_limit(request: HttpRequest) -> bool:
    """Whether this client has sent its hour's reports already; counts this one if not.
    The hour runs from the client's first report, kept in the shared cache beside the count."""
    key = f"error-reports:{get_client_ip_address(request) or 'unknown'}"
    cache.add(f"{key}:since", time.time(), timeout=HOUR)
    since = cache.get(f"{key}:since") or time.time()
    left = max(1, round(since + HOUR - time.time()))  # of the hour that began then
    cache.add(key, 0, timeout=left)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between the two calls: this is the first of a new hour
        cache.set(key, 1, timeout=left)
        sent = 1
    # Some caches (files, the default) keep a count raised with incr for their default five
    # minutes only: what is left of the hour is set again.
    cache.touch(key, timeout=left)
    return sent > settings.REPORTS_PER_HOUR
