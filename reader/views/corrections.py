"""The public record of corrections (IFCN Code of Principles, commitment 5: "open and
honest corrections"): every one, newest first, a page at a time."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from factcheck import scales
from factcheck.models import Correction
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx
from kit.keyset import BadCursor, Keyset

PAGE_SIZE = 20
NEWEST_FIRST = Keyset(("-published_at", "-pk"))


@require_safe
@vary_on_htmx
def correction_list(request: HtmxHttpRequest) -> HttpResponse:
    """htmx asks for the next page alone (#correction-page)."""
    template = "reader/correction_list.html"
    try:
        page = NEWEST_FIRST.page(
            Correction.objects.listed(levels=scales.levels(request).by_id),
            request.GET.get("after"),
            PAGE_SIZE,
        )
    except BadCursor as error:
        return render(request, template, {"error": str(error)}, status=400)
    context = {
        "page": page,
        "next": page.next_query(request.GET),
        "total": Correction.objects.count(),
    }
    return render(request, page_or_fragment(request, template, "correction-page"), context)
