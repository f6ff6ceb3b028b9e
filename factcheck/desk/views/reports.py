"""Readers' reports of errors (reader.views.reports): open ones oldest first, to be read and
marked dealt with; dealt-with ones newest first."""

import functools
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, reverse
from django.views.decorators.http import require_POST, require_safe

from factcheck import roles, services
from factcheck.desk.forms import OutcomeForm
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.common import problem, refusal_message, refusal_status, see_other
from factcheck.models import ErrorReport
from factcheck.pages import page_name, record_of, record_titles
from kit.htmx import AuthenticatedHtmxRequest, page_or_fragment, vary_on_htmx
from kit.keyset import BadCursor, Keyset

REPORTS_PER_PAGE = 25
OPEN_OLDEST_FIRST = Keyset(("created_at", "pk"))
CLOSED_NEWEST_FIRST = Keyset(("-closed_at", "-created_at", "-pk"))


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.READ_REPORTS)
def desk_reports(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """?closed=1 lists those dealt with. htmx asks for the next page alone (#report-page)."""
    closed = request.GET.get("closed", "") == "1"
    reports = ErrorReport.objects.filter(closed_at__isnull=not closed)
    if closed:
        reports = reports.select_related("closed_by")
    keyset = CLOSED_NEWEST_FIRST if closed else OPEN_OLDEST_FIRST
    try:
        page = keyset.page(reports, request.GET.get("after"), REPORTS_PER_PAGE)
    except BadCursor as error:
        return problem(request, str(error))
    titles = record_titles(report.page for report in page.items)
    prefix = get_script_prefix().rstrip("/")
    for report in page.items:
        # For the template: the page's address here (the path kept is the site's own, under
        # the prefix the site is served under), what it is called, and for a claim its page
        # on the desk.
        report.page_url = prefix + report.page
        title = titles.get(report.page, "")
        report.desk_url = _on_the_desk(report.page) if title else ""
        report.page_title = title or page_name(report.page)
    context = {
        "closed": closed,
        "page": page,
        "next": page.next_query(request.GET),
        "open_reports": ErrorReport.objects.filter(closed_at__isnull=True).count(),
    }
    template = page_or_fragment(request, "factcheck/desk/reports.html", "report-page")
    return render(request, template, context)


def _on_the_desk(page: str) -> str:
    """The desk's page of the claim whose reader's page `page` is, or ""."""
    record = record_of(page)
    if record is None or record[0] != "claim_detail":
        return ""
    return reverse("desk:claim", args=[record[1]])


@require_POST
@desk_permission_required(roles.VIEW_DESK, roles.CLOSE_REPORT)
def desk_report_close(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    """Mark a report dealt with, with what was done (optional), for the next editor."""
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return problem(
            request,
            "Nothing was marked: " + " ".join(str(error) for error in form.errors["outcome"]),
            onward=(reverse("desk:reports"), "Back to the reports"),
            typed=request.POST.get("outcome", ""),
        )
    close = functools.partial(services.error_report_close, outcome=form.cleaned_data["outcome"])
    return _act(request, pk, close, "Marked dealt with.", "")


@require_POST
@desk_permission_required(roles.VIEW_DESK, roles.CLOSE_REPORT)
def desk_report_reopen(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    """A report marked dealt with by mistake goes back among the open ones."""
    done = "Reopened: the report is among the open ones again."
    return _act(request, pk, services.error_report_reopen, done, "?closed=1")


def _act(
    request: AuthenticatedHtmxRequest,
    pk: int,
    service: Callable[..., ErrorReport],
    done: str,
    back: str,
) -> HttpResponse:
    """Run `service` on the report, then the list of reports (`back`: its query) saying
    `done`, or the page saying why it was refused."""
    report = get_object_or_404(ErrorReport, pk=pk)
    try:
        service(report=report, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        return problem(
            request,
            refusal_message(error),
            status=refusal_status(error),
            onward=(reverse("desk:reports"), "Back to the reports"),
        )
    messages.success(request, done)
    return see_other(reverse("desk:reports") + back)
