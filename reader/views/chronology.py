"""The readers' chronology: the timeline with its filters, and each event's page."""

import datetime
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from factcheck import scales
from factcheck.models import MENTIONS_BY_INTERVIEW, Claim, Evidence, Mention
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor, Keyset
from kit.params import bounded_int, query_string, tidy_query
from reader import selectors
from reader.filters import EventFilterForm
from timeline.dates import FuzzyDate
from timeline.models import CHRONOLOGICAL, Event

PAGE_SIZE = 20
CHRONOLOGY = Keyset(CHRONOLOGICAL)
# An event's page shows what was said about it this many quotes at a time, by interview
# (oldest first) and then in the order they were said: an event many interviews quote is
# no heavier to read, or to serve, than one quoted once.
QUOTES_PER_PAGE = 20
BY_INTERVIEW = Keyset(MENTIONS_BY_INTERVIEW)

# Spans of more years than this are drawn a bar per decade: a bar per year would be too thin
# to see, or to tap, on a phone.
DECADES_ABOVE_YEARS = 40
BAR_STEPS = 8  # bar heights, in the stylesheet's .density__bar--1 .. --8
LABEL_ALL_BARS = 8  # up to this many bars, each is labelled under the strip
# A gap of up to this many empty years is drawn at step 1, 2, 3; longer ones at step 4 (the
# stylesheet's .year__gap--1 .. --4): roughly in proportion, but never a screen of nothing.
GAP_STEPS = (2, 9, 29, 9999)
# A text search counts at most this many matches (and draws the strip from them): past it,
# the page says "more than" and asks for a narrower search, so that a common word costs
# about the same at any archive's size.
SEARCH_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Problem:
    """An input the page could not use, and what was done instead."""

    message: str
    label: str = ""
    field_id: str = ""  # the control to fix, when there is one
    left_out: bool = True  # the filter went unused (not: some of its values were)


@dataclass(frozen=True)
class ActiveFilter:
    """A filter the list is narrowed by, and the link to the list without it."""

    name: str  # the filter's label: "Topics"
    value: str  # what was chosen, as the reader saw it: "South China Sea"
    without: str  # the query string of the same list with this one filter taken off
    # Another value of the same filter: the list holds events of any of them ("Topics:
    # Taiwan", "or South China Sea").
    alternative: bool = False


@dataclass(frozen=True)
class YearGroup:
    year: int | None  # None for events whose start is open ("until 2012")
    events: list[Event]
    continued: bool  # carries on the year the previous page ended in
    gap: int = 0  # years in which no event starts, between the previous group and this one

    @property
    def gap_step(self) -> int:
        """How tall the gap is drawn (1..4): a decade never looks like a year."""
        return next(step for step, most in enumerate(GAP_STEPS, 1) if self.gap <= most)


@dataclass(frozen=True)
class DensityBar:
    label: str  # "2016" or "1990s"
    first_year: int  # the years it counts: first_year to last_year
    last_year: int
    count: int
    step: int  # 0 for no events, else 1..BAR_STEPS
    href: str
    jumps: bool  # the link loads the chronology from there (not an anchor on this page)
    here: bool  # some of its years are on this page: where the reader is
    all_here: bool  # and every event it counts is on this page, not only some
    major: bool  # labelled under the strip (the others are labelled for screen readers)


def _year_of(date_lower: datetime.date) -> int | None:
    """The year an event starts in; None for an open start ("until 2012")."""
    return None if date_lower == datetime.date.min else date_lower.year


def _year(event: Event) -> int | None:
    return _year_of(event.date_lower)


def _group_by_year(events: list[Event], continues: int | None) -> list[YearGroup]:
    """The page's events by the year they start in; the first group carries on the year
    `continues` (the year the previous page ended in), when it is that year. Each group
    counts the years with no event between it and the one before (or that page's last)."""
    groups: list[YearGroup] = []
    previous = continues
    for year, in_year in groupby(events, key=_year):
        continued = not groups and continues is not None and year == continues
        gap = year - previous - 1 if year is not None and previous is not None else 0
        groups.append(YearGroup(year, list(in_year), continued, max(gap, 0)))
        previous = year
    return groups


def _start_year(text: str) -> int:
    """The `year` parameter (a jump to the first event of that year), or ValueError."""
    year = bounded_int(text, high=9999)
    if year is None:
        raise ValueError(f"“{text[:20]}” is not a year; the list starts from the beginning.")
    return year


def active_filters(form: EventFilterForm, params: QueryDict) -> list[ActiveFilter]:
    """Each filter the list was narrowed by (those that could be read), with a link that
    takes that one off and keeps the others; the list starts again from its beginning."""
    active = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if not value:
            continue
        choices = form.labels(name)
        for number, chosen in enumerate(
            value if isinstance(value, list) else [params.get(name, "")]
        ):
            rest = QueryDict(mutable=True)
            for key, values in params.lists():
                kept = [v for v in values if v and not (key == name and v == chosen)]
                if kept:
                    rest.setlist(key, kept)
            without = query_string(rest, after=None, year=None)
            # The dates as they were read ("2012 onwards"), not as typed ("2012-").
            shown = value.label if isinstance(value, FuzzyDate) else choices.get(chosen, chosen)
            active.append(ActiveFilter(str(field.label), str(shown), without, number > 0))
    return active


def _density(
    found: dict[int | None, int] | None,
    params: QueryDict,
    years_on_page: set,
    shown: Counter,
) -> tuple[int | None, list[DensityBar]]:
    """How many events there are, and how many start in each year (or decade) of the
    filtered chronology, from `found` (EventFilterForm.read; None when a search found
    more than it counts: then no total and no strip), with the bars of the years on this
    page marked, wholly when `shown` (how many of each year's events it shows) is all of
    theirs. A bar links to its year on this page, or loads the chronology from that year."""
    if found is None:
        return None, []
    total = sum(found.values())
    # An open start ("until 2012") has no year: not year 1.
    counts = {year: count for year, count in found.items() if year is not None}
    if not counts:
        return total, []
    first, last = min(counts), max(counts)
    width = 10 if last - first > DECADES_ABOVE_YEARS else 1
    first -= first % width
    buckets = []
    for start in range(first, last + 1, width):
        years = [year for year in range(start, start + width) if year in counts]
        buckets.append((start, years, sum(counts[year] for year in years)))
    peak = max(count for _, _, count in buckets)
    last_index = len(buckets) - 1
    bars = []
    for index, (start, years, count) in enumerate(buckets):
        step = max(1, round(count / peak * BAR_STEPS)) if count else 0
        label = f"{start}s" if width == 10 else str(start)
        if not years:
            href = ""
        elif width == 1 and start in years_on_page:
            href = f"#year-{start}"
        else:
            href = f"{query_string(params, after=None, year=str(start))}#year-{years[0]}"
        # Few bars are all labelled; of many, the ends and every fifth year (or decade),
        # unless it would crowd an end's label (which stands inside the strip from its
        # edge: some three bars wide on a phone).
        major = (
            last_index < LABEL_ALL_BARS
            or index in (0, last_index)
            or (start % (5 * width) == 0 and min(index, last_index - index) >= 4)
        )
        here = any(year in years_on_page for year in years)
        all_here = here and sum(shown[year] for year in years) == count
        bars.append(
            DensityBar(
                label,
                start,
                start + width - 1,
                count,
                step,
                href,
                href.startswith("?"),
                here,
                all_here,
                major=major,
            )
        )
    return total, bars


@require_safe
@vary_on_htmx
@vary_on_headers("HX-Target")  # "load more" (aimed at #chronology) gets the next page alone
@tidy_query
def event_list(request: HtmxHttpRequest) -> HttpResponse:
    """The chronology, filtered by the query string, a page at a time (keyset, no OFFSET);
    `year` starts it at the first event of that year.

    htmx asks for the results (filters, year jumps: #results) or for the next page only
    ("load more", aimed at #chronology: #event-page). A filter or cursor that cannot be
    read answers 400, with the message in the page and the list filtered by the parameters
    that could be read: the reader still has a chronology to look at and learns what to fix,
    and the status tells caches, crawlers and scripts that the link is wrong. (The page's
    script lets htmx swap this 400 in, which it does not do by default.)
    """
    form = EventFilterForm(request.GET)
    load_more = bool(request.htmx) and request.htmx.target == "chronology"
    # The count and the strip, which the next page alone does not show; a search's first
    # query, as how it is best read depends on how many events it finds.
    events, found = form.read(Event.objects.public(), most=SEARCH_COUNT_LIMIT, years=not load_more)
    problems = [
        Problem(
            " ".join(map(str, errors)),
            str(form.fields[name].label),
            f"filter-{name}",
            left_out=name not in form.cleaned_data,
        )
        for name, errors in form.errors.items()
    ]
    shown = events
    year = None
    if request.GET.get("year"):
        try:
            year = _start_year(request.GET["year"])
        except ValueError as error:
            problems.append(Problem(str(error)))
        else:
            shown = events.from_year(year)
    cursor = request.GET.get("after") or None
    shown = shown.with_topics()
    try:
        page = CHRONOLOGY.page(shown, cursor, PAGE_SIZE)
    except BadCursor as error:
        problems.append(Problem(f"{error} The list starts from the beginning instead."))
        cursor = None
        page = CHRONOLOGY.page(shown, None, PAGE_SIZE)
    continues = None
    if load_more and cursor:
        continues = _year_of(CHRONOLOGY.values(Event, cursor)["date_lower"])
    groups = _group_by_year(page.items, continues)
    selectors.for_the_chronology(page.items, scales.levels(request).by_id)
    context = {
        "form": form,
        "problems": problems,
        "groups": groups,
        "cursor": cursor,
        "year": year,
        "start_url": query_string(request.GET, after=None, year=None),
        "next_url": page.next_query(request.GET),
        "load_more": load_more,
        "htmx_fragment": wants_fragment(request),
        # Whichever filters could be read and were applied (an unreadable one is left out).
        "filtered": any(form.cleaned_data.values()),
        "active_filters": active_filters(form, request.GET),
    }
    if not context["filtered"] and not load_more:  # the header, the page's or swapped in
        levels = scales.levels(request).by_id
        context["summary"] = selectors.front_summary(form.interview_choices, levels)
    if not load_more:  # the next page alone shows neither the count nor the strip
        years_on_page = {group.year for group in groups if not group.continued}
        on_page = Counter(_year(event) for group in groups for event in group.events)
        total, context["density"] = _density(found, request.GET, years_on_page, on_page)
        # More matches than a search counts: the page says so rather than a wrong number.
        context["total"] = SEARCH_COUNT_LIMIT if total is None else total
        context["more_than"] = total is None
    fragment = "event-page" if load_more else "results"
    template = page_or_fragment(request, "reader/event_list.html", fragment)
    return render(request, template, context, status=400 if problems else 200)


@require_safe
@vary_on_htmx
def event_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """An event's page: its date as documented and as spoken, the quotes about it in their
    context (QUOTES_PER_PAGE at a time), the claims made in them with their verdicts, and
    the sources cited. htmx asks for the evidence alone (#evidence) to open the event in
    place on the timeline, and for the next quotes alone (#event-quote-page)."""
    event = get_object_or_404(Event.objects.public().select_related("era").with_topics(), slug=slug)
    levels = scales.levels(request).by_id
    template = "reader/event_detail.html"
    context = {
        "event": event,
        "precision": event.precision_note,
        "on_chronology": _on_chronology(event),
    }
    mentions = (
        Mention.objects.public()
        .filter(event=event)
        # Each quote's context from the text around it, not its interview's whole text.
        .with_surroundings()
        .select_related("quote__speaker")
        .prefetch_related(
            # Three queries (the links, their claims with verdicts, the evidence with its
            # sources) rather than one for each table on the way.
            Prefetch(
                "quote__claims",
                queryset=Claim.objects.with_levels("published_verdict", levels=levels),
            ),
            Prefetch(
                "quote__claims__published_verdict__evidence",
                queryset=Evidence.objects.select_related("source"),
            ),
        )
    )
    after = request.GET.get("after")
    try:
        page = BY_INTERVIEW.page(mentions, after, QUOTES_PER_PAGE)
    except BadCursor as error:
        context |= {"error": str(error), "spoken": [], "sources": {}, "heading": 2}
        return render(request, template, context, status=400)
    claims = [
        claim
        for mention in page.items
        for claim in mention.quote.claims.all()
        if claim.published_verdict is not None
    ]
    sources: dict = {}
    for claim in claims:
        assert claim.published_verdict is not None  # only published claims are listed
        for evidence in claim.published_verdict.evidence.all():
            sources.setdefault(evidence.source, []).append((claim, evidence))
    fragment = wants_fragment(request)
    context |= {
        "page": page,
        "next": page.next_query(request.GET),
        "later_page": bool(after),
        "spoken": [_spoken(mention, event) for mention in page.items if mention.phrase],
        "sources": sources,
        "fragment": fragment,
        "heading": 0 if fragment else 2,
    }
    if fragment and after:
        return render(request, f"{template}#event-quote-page", context)
    return render(request, page_or_fragment(request, template, "evidence"), context)


def _on_chronology(event: Event) -> str:
    """The chronology from the event on (it opens the page, however many share its year),
    at the event."""
    after = urlencode({"after": CHRONOLOGY.cursor_at(event)})
    return f"{reverse('reader:event_list')}?{after}#event-{event.slug}"


@dataclass(frozen=True)
class SpokenDate:
    """A date as the speaker put it ("four or five months ago"), beside the record."""

    mention: object
    label: str  # the phrase read as a date ("Jan–Feb 2024"), "" when it is not one
    agrees: bool | None  # whether that date meets the documented one; None when unread


def _spoken(mention: Mention, event: Event) -> SpokenDate:
    """The mention's phrase as a date: resolved against the interview when it is relative
    ("four months ago", kept by the service), else read as a date when it is one ("in
    2016", "around 2012"), else left as words ("back in the Clinton administration"). Each
    was read when the mention was saved (derive_mention_dates): nothing is parsed here."""
    agrees = mention.agrees_with(event)
    return SpokenDate(mention, mention.heard_label if agrees is not None else "", agrees)
