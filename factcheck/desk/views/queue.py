"""The queue: what waits for an editor or an approver, tab by tab."""

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from factcheck import roles
from factcheck.desk import queue
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.common import problem
from factcheck.models import Transcript
from kit.htmx import AuthenticatedHtmxRequest, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor

INTERVIEWS_LISTED = 20


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK)
def desk(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """The queue, tab by tab, of every interview or one (?interview=slug, published or
    not). htmx asks for the queue alone (#queue) or its next page (#queue-page)."""
    default = "review" if request.user.has_perm(roles.PUBLISH_VERDICT) else "quotes"
    slug = request.GET.get("tab", default)
    tab = queue.TABS_BY_SLUG.get(slug)
    if tab is None:
        return problem(request, f"There is no “{slug[:40]}” tab on the desk.")
    interview = None
    if chosen := request.GET.get("interview", ""):
        interview = Transcript.objects.filter(slug=chosen).first()
        if interview is None:
            return problem(request, f"No interview has the slug “{chosen[:60]}”.")
    try:
        page = tab.keyset.page(tab.items(interview), request.GET.get("after"), queue.PAGE_SIZE)
    except BadCursor as error:
        return problem(request, str(error))
    tabs = [(each, each.items(interview).count()) for each in queue.TABS]
    on_tab = QueryDict(mutable=True)
    on_tab["tab"] = tab.slug
    if interview:
        on_tab["interview"] = interview.slug
    next_page = page.next_query(on_tab)
    context = {
        "tab": tab,
        "tabs": tabs,
        "page": page,
        "next": next_page,
        "interview": interview,
        "choices": Transcript.objects.order_by("-created_at").values_list("slug", "title"),
    }
    template = "factcheck/desk/queue.html"
    if wants_fragment(request):
        template += "#queue-page" if "after" in request.GET else "#queue"
    else:
        context["interviews"] = Transcript.objects.order_by("-created_at")[:INTERVIEWS_LISTED]
    return render(request, template, context)
