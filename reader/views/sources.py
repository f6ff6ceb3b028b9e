"""The sources that public verdicts cite."""

from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from factcheck.models import Evidence, Source, Verdict
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx, wants_fragment
from reader.filters import SourceFilterForm


@require_safe
@vary_on_htmx
def source_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every source a public verdict cites, newest first, each with the verdicts citing it.
    htmx swaps the list (#source-results) when the reader picks a kind of source. An unknown
    kind is a 400 with a message and every source."""
    cited = Source.objects.cited()
    form = SourceFilterForm(request.GET, sources=cited)
    public_evidence = (
        Evidence.objects.filter(verdict__in=Verdict.objects.public())
        .select_related("verdict__level", "verdict__claim")
        .order_by("verdict__claim__quote__start", "verdict__claim__pk", "-verdict__published_at")
    )
    sources = list(
        form.filter(cited)
        .order_by(F("date_lower").desc(nulls_last=True), "title")
        .prefetch_related(Prefetch("evidence", queryset=public_evidence))
    )
    context = {
        "form": form,
        "sources": sources,
        "problem": " ".join(map(str, form.errors.get("kind", []))),
        "fragment": wants_fragment(request),
    }
    template = page_or_fragment(request, "reader/source_list.html", "source-results")
    return render(request, template, context, status=400 if form.errors else 200)
