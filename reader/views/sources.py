"""The sources that public verdicts cite."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from factcheck import scales
from factcheck.models import Source
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor, Keyset
from kit.params import query_string, tidy_query
from reader import selectors
from reader.filters import SourceFilterForm

PAGE_SIZE = 25
NEWEST_FIRST = Keyset(("-pk",))
# A source lists the first verdicts citing it; past this many, how many there are and a
# link to the claims whose verdict cites it. A source cited across the record (a statute,
# a biography) makes the page no longer than one cited once.
CITATIONS_SHOWN = 5


@require_safe
@vary_on_htmx
@tidy_query
def source_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every source a public verdict cites, the latest added first, a page at a time
    (keyset), each with the verdicts citing it; searchable by title, publisher, author or address
    and filtered by kind. htmx swaps the list (#source-results) when the search or kind
    changes, and asks for the next page alone (#source-page) otherwise. A filter or place
    that cannot be read is a 400 with a message, the rest applied."""
    cited = Source.objects.cited()
    form = SourceFilterForm(request.GET)
    sources = form.filter(cited)
    listed = selectors.with_first_citations(sources, CITATIONS_SHOWN, scales.levels(request).by_id)
    problems = [
        (name, str(form.fields[name].label), " ".join(map(str, errors)))
        for name, errors in form.errors.items()
    ]
    try:
        page = NEWEST_FIRST.page(listed, request.GET.get("after") or None, PAGE_SIZE)
    except BadCursor as error:
        problems.append(("", "", f"{error} The list starts from the beginning instead."))
        page = NEWEST_FIRST.page(listed, None, PAGE_SIZE)
    fragment = wants_fragment(request)
    whole_list = not fragment or request.htmx.target == "source-results"
    context = {
        "form": form,
        "page": page,
        "next": page.next_query(request.GET),
        "problems": problems,
        "fragment": fragment,
        "filtered": bool(form.is_bound and any(form.cleaned_data.values())),
        "start_url": query_string(request.GET, after=None),
    }
    if whole_list:
        context["total"] = form.count()
    partial = "source-results" if whole_list else "source-page"
    template = page_or_fragment(request, "reader/source_list.html", partial)
    return render(request, template, context, status=400 if problems else 200)
