"""Sources: search, the verdict form's picker rows, and new sources."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import reswap, retarget

from factcheck import roles, services
from factcheck.desk.forms import (
    EVIDENCE_PREFIX,
    MAX_EVIDENCE,
    SOURCE_PREFIX,
    add_service_errors,
    evidence_row,
)
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.common import problem, refusal_status, see_other
from factcheck.forms import SourceForm
from factcheck.models import Source
from kit import fulltext
from kit.forms import SEARCH_MAX_LENGTH, Search
from kit.htmx import AuthenticatedHtmxRequest, page_or_fragment, vary_on_htmx
from kit.params import bounded_int

SOURCE_RESULTS = 20


def _chosen_source_ids(request) -> set[int]:
    """Sources already cited by the form's evidence rows (sent along by the picker)."""
    prefix, suffix = f"{EVIDENCE_PREFIX}-", "-source"
    chosen = (
        bounded_int(value)
        for name, value in request.GET.items()
        if name.startswith(prefix) and name.endswith(suffix)
    )
    return {pk for pk in chosen if pk is not None}


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.FIND_SOURCES)
def desk_sources(request: AuthenticatedHtmxRequest) -> HttpResponse:
    search = Search(request.GET)
    # A search that cannot be read (words too common, none, too long) is said where the
    # count goes, as the editor types, and nothing is listed: a 422, which htmx puts in
    # place like any answer to what was typed, so the verdict form around the picker stays.
    query = search.words
    picker = request.GET.get("picker") == "1"
    results, count = [], 0
    if query:
        matches = Source.objects.search(query)
        count = matches.count()
        results = list(matches[:SOURCE_RESULTS])
    elif not picker and not search.refused:
        # Before any search, the sources added last: something to browse, and the one just
        # added at hand.
        results = list(Source.objects.order_by("-pk")[:SOURCE_RESULTS])
    context = {
        "query": query,
        "typed": search.typed,
        "refused": search.refused,
        "results": results,
        "count": count,
        "shown": len(results),
        "picker": picker,
        "chosen": _chosen_source_ids(request) if picker else set(),
    }
    template = page_or_fragment(request, "factcheck/desk/sources.html", "source-results")
    return render(request, template, context, status=422 if search.refused else 200)


def _total_forms(data) -> int | None:
    return bounded_int(data.get(f"{EVIDENCE_PREFIX}-TOTAL_FORMS"), low=0, high=MAX_EVIDENCE + 9)


def _evidence_row_context(source: Source, index: int) -> dict:
    row = evidence_row(index, source)
    row.chosen_source = source
    return {"row": row, "total_forms": index + 1, "prefix": EVIDENCE_PREFIX, "new": True}


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.FIND_SOURCES)
def desk_evidence_row(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """HTMX only: the `evidence-row` fragment (one evidence row for the chosen source, and
    the formset's new row count out of band)."""
    if not request.htmx:
        return problem(request, "This address adds a row to the verdict form; open the form.")
    pk, index = bounded_int(request.GET.get("source")), _total_forms(request.GET)
    source = Source.objects.filter(pk=pk).first() if pk is not None else None
    if source is None or index is None:
        return problem(request, "Choose a source from the search results.")
    if source.pk in _chosen_source_ids(request):
        response = render(
            request,
            "factcheck/desk/sources.html#picker-status",
            {"status": f"“{source.title}” is already cited."},
        )
        return reswap(retarget(response, "#desk-source-count"), "innerHTML")
    context = _evidence_row_context(source, index)
    return render(request, "factcheck/desk/_evidence_added.html", context)


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.ADD_SOURCE)
def desk_source_create(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """A new source. In the verdict form (HTMX) it is added as an evidence row at once."""
    inline = bool(request.htmx)
    form = SourceForm(request.POST or None, prefix=SOURCE_PREFIX)
    if inline and request.method == "GET":
        form.fields["title"].widget.attrs["autofocus"] = True
    status = 200
    if request.method == "POST":
        index = _total_forms(request.POST) if inline else None
        if inline and index is None:
            return problem(request, "Add sources from the verdict form.")
        if form.is_valid():
            try:
                source = services.source_create(**form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
                status = refusal_status(error, form)
                return _render_source_form(request, form, inline=inline, status=status)
            if index is not None:  # inline: the form's new evidence row
                context = _evidence_row_context(source, index)
                return render(request, "factcheck/desk/source_form.html#source-added", context)
            messages.success(request, f"Source added: “{source.title}”.")
            found = _search_for(source)
            search = reverse("desk:sources") + (f"?{urlencode({'q': found})}" if found else "")
            return see_other(_safe_next(request) or search)
        status = 422
    return _render_source_form(request, form, inline=inline, status=status)


def _search_for(source: Source) -> str:
    """A search that finds `source`: its title, or as many of its first words as a search
    reads (every word must match, so fewer still find it: fulltext.words); none for a title
    of words too common to search by ("The Who"), whose source the list of those added
    last shows first."""
    if not fulltext.words(source.title):
        return ""
    kept: list[str] = []  # the title's own first words, as many as a search reads
    for word in source.title.split():
        text = " ".join([*kept, word])
        if len(text) > SEARCH_MAX_LENGTH or fulltext.too_many_words(text):
            break
        kept.append(word)
    return " ".join(kept)


def _render_source_form(
    request: AuthenticatedHtmxRequest, form: SourceForm, *, inline: bool, status: int
) -> HttpResponse:
    template = page_or_fragment(request, "factcheck/desk/source_form.html", "source-fields")
    context = {"form": form, "inline": inline, "next": _safe_next(request) or ""}
    return render(request, template, context, status=status)
