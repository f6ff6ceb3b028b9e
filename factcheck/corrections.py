"""The public record of corrections (IFCN Code of Principles, commitment 5: "open and
honest corrections"): every one, newest first, on one page."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from factcheck.keyset import BadCursor, keyset_page, parse_after
from factcheck.models import Correction

PAGE_SIZE = 20
ORDERING = ("-published_at", "-pk")


def public_corrections() -> QuerySet:
    return Correction.objects.select_related(
        "claim__quote__speaker", "previous__level", "revision__level"
    )


@require_GET
@vary_on_headers("HX-Request")
def correction_list(request: HttpRequest) -> HttpResponse:
    try:
        page = keyset_page(
            public_corrections(),
            ordering=ORDERING,
            after=parse_after(request.GET.get("after")),
            size=PAGE_SIZE,
        )
    except BadCursor as error:
        return render(request, "factcheck/correction_list.html", {"error": str(error)}, status=400)
    template = "factcheck/correction_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#correction-page"
    context = {"page": page, "total": Correction.objects.count()}
    return render(request, template, context)
