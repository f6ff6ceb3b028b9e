"""Report an error: the way any reader asks for a correction (IFCN principle 5). The form is
linked from the foot of every page, naming that page; a report waits on the desk for an
editor."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix, resolve, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from factcheck import services
from factcheck.models import Claim, Speaker, Transcript
from reader.forms import ErrorReportForm, reader_page
from timeline.models import Event

TEMPLATE = "reader/report.html"


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The form (?page=/claims/…/ names the page it is about), and what it sends: kept for
    the desk, then the thanks page (post/redirect/get). A form with a mistake is shown again
    with it marked (400), and a reader who has sent REPORTS_PER_HOUR reports this hour is
    asked to wait (429); neither keeps anything."""
    if request.method != "POST":
        try:
            page = reader_page(request.GET.get("page", ""))
        except ValidationError as error:
            form = ErrorReportForm()
            context = {"form": form, "error": error.messages[0]}
            return render(request, TEMPLATE, context, status=400)
        form = ErrorReportForm(initial={"page": page})
        return render(request, TEMPLATE, {"form": form, **_about(page)})
    form = ErrorReportForm(request.POST)
    if not form.is_valid():
        page = "" if form.has_error("page") else form.cleaned_data.get("page", "")
        return render(request, TEMPLATE, {"form": form, **_about(page)}, status=400)
    page = form.cleaned_data["page"]
    if _over_the_limit(request):
        context = {"form": form, **_about(page), "limited": settings.REPORTS_PER_HOUR}
        return render(request, TEMPLATE, context, status=429)
    services.error_report_file(
        page=page, message=form.cleaned_data["message"], email=form.cleaned_data["email"]
    )
    sent = reverse("reader:report_sent") + (f"?{urlencode({'page': page})}" if page else "")
    return HttpResponseRedirect(sent, status=303)


@require_safe
def report_sent(request: HttpRequest) -> HttpResponse:
    try:
        page = reader_page(request.GET.get("page", ""))
    except ValidationError:
        page = ""  # only the link back is lost: the report was kept
    return render(request, "reader/report_sent.html", _about(page))


def _about(page: str) -> dict:
    """The page a report is about, as its path (what is kept), its address here (the path
    under the site's prefix, when it is served under one) and, for the page of an event, a
    claim, an interview or a speaker, what it is called (one query)."""
    if not page:
        return {"page": "", "page_url": "", "page_title": ""}
    match = resolve(page)
    titled = {
        "event_detail": (Event.objects.public(), "title"),
        "claim_detail": (Claim.objects.public(), "text"),
        "transcript_detail": (Transcript.objects.published(), "title"),
        "speaker_detail": (Speaker.objects.public(), "name"),
    }.get(match.url_name or "")
    title = ""
    if titled:
        rows, field = titled
        title = rows.filter(slug=match.kwargs["slug"]).values_list(field, flat=True).first() or ""
    url = get_script_prefix().rstrip("/") + page
    return {"page": page, "page_url": url, "page_title": title}


def _over_the_limit(request: HttpRequest) -> bool:
    """Whether this client has sent its hour's reports already; counts this one if not.
    The count is kept in the shared cache for an hour from the first report."""
    key = f"error-reports:{get_client_ip_address(request) or 'unknown'}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between the two calls: this is the first of a new hour
        cache.set(key, 1, timeout=60 * 60)
        sent = 1
    return sent > settings.REPORTS_PER_HOUR
