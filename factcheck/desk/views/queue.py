"""The queue: what waits for an editor or an approver, tab by tab."""

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from factcheck import roles
from factcheck.desk import queue
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.common import problem
from factcheck.models import ErrorReport, Transcript
from kit.forms import Search, SearchField
from kit.htmx import AuthenticatedHtmxRequest, page_or_fragment, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor, Keyset

# The queue names the newest interviews (to make a claim, or to filter it by); every other
# one is a search away on the desk's list of interviews, a page at a time.
INTERVIEWS_LISTED = 20
INTERVIEWS_PER_PAGE = 50
NEWEST_IMPORTED_FIRST = Keyset(("-created_at", "-pk"))
# What a line naming an interview shows: not its text, which can run to many pages.
LISTED_FIELDS = ("slug", "title", "interview_date_label", "site_published_at", "created_at")


class InterviewSearch(Search):
    q = SearchField(label="Title or name")


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
    # One read of the newest interviews names them twice: in the menu and, on the whole
    # page, in the list to make a claim from.
    newest = list(
        Transcript.objects.only(*LISTED_FIELDS).order_by("-created_at", "-pk")[
            : INTERVIEWS_LISTED + 1
        ]
    )
    context = {
        "tab": tab,
        "tabs": tabs,
        "page": page,
        "next": next_page,
        "interview": interview,
        "choices": _choices(newest[:INTERVIEWS_LISTED], interview),
    }
    template = "factcheck/desk/queue.html"
    if wants_fragment(request):
        template += "#queue-page" if "after" in request.GET else "#queue"
    else:
        context["interviews"] = newest[:INTERVIEWS_LISTED]
        context["more_interviews"] = len(newest) > INTERVIEWS_LISTED
        if request.user.has_perm(roles.READ_REPORTS):
            context["open_reports"] = ErrorReport.objects.filter(closed_at__isnull=True).count()
        context["sent_back"] = queue.sent_back_to(request.user)
    return render(request, template, context)


def _choices(newest: list[Transcript], chosen: Transcript | None) -> list[tuple[str, str]]:
    """The queue's interview menu: the newest interviews, and the one chosen if older."""
    choices = [(interview.slug, interview.title) for interview in newest]
    if chosen is not None and chosen.slug not in {slug for slug, _ in choices}:
        choices.append((chosen.slug, chosen.title))
    return choices


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK)
def desk_interviews(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """Every interview, published or not, newest imported first, a page at a time, found by
    words of its title or of the interviewee's or interviewer's name (?q=). htmx asks for
    the next page alone (#interview-page)."""
    search = InterviewSearch(request.GET)
    # A search that cannot be read is said above the search box, which keeps it, with
    # every interview listed below (a 400), rather than a page with no way on.
    if search.refused and wants_fragment(request):
        return problem(request, search.refused)
    interviews = Transcript.objects.select_related("interviewee").only(
        *LISTED_FIELDS, "interviewee__name"
    )
    if search.words:
        interviews = interviews.matching(search.words)
    listed = request.GET.copy()
    if search.refused:
        listed.pop("q", None)  # the next page is of what is listed: every interview
    try:
        page = NEWEST_IMPORTED_FIRST.page(interviews, request.GET.get("after"), INTERVIEWS_PER_PAGE)
    except BadCursor as error:
        return problem(request, str(error))
    context = {
        "search": search,
        "words": search.words,
        "page": page,
        "next": page.next_query(listed),
    }
    template = page_or_fragment(request, "factcheck/desk/interviews.html", "interview-page")
    return render(request, template, context, status=400 if search.refused else 200)
