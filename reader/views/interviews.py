"""The interviews as readers read them: the list of all of them, and each one's whole text
with every checked quote marked, or the events it mentions in the order they happened."""

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from html import escape  # the standard library's: Django's adds a lazy wrapper per call
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from factcheck import scales
from factcheck.models import Claim, Mention, Passage, Quote, Transcript
from factcheck.passages import Segment, cut
from factcheck.transcripts import is_table_rule, table_cells
from kit.cache import remember
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor, Keyset
from kit.urls import KeyAddresses
from reader import selectors
from timeline.models import CHRONOLOGICAL, Event
from timeline.templatetags.chronology import machine_date_of

PAGE_SIZE = 20
# Newest first: EDTF dates sort as their text does, year first (a day after its month).
# By the interview's stored bounds, not its EDTF text (as text, spring 2024, "2024-21", would
# come before June, "2024-06-03").
NEWEST_FIRST = Keyset(("-interview_date_lower", "-interview_date_upper", "-pk"))


@require_safe
@vary_on_htmx
def interview_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every published interview, newest first, each with who speaks, how many quotes and
    checked claims it has and how their verdicts fall. htmx asks for the next page alone
    (#interview-page)."""
    template = "reader/interview_list.html"
    try:
        page = NEWEST_FIRST.page(selectors.listed_interviews(), request.GET.get("after"), PAGE_SIZE)
    except BadCursor as error:
        return render(request, template, {"error": str(error)}, status=400)
    selectors.for_the_interview_list(page.items, scales.levels(request).by_id)
    context = {"page": page, "next": page.next_query(request.GET)}
    return render(request, page_or_fragment(request, template, "interview-page"), context)


@require_safe
def interview(request: HtmxHttpRequest) -> HttpResponse:
    """The most recent interview (a redirect, so the link in the menu never goes stale);
    the query string (?order=chronological) goes with it."""
    latest = Transcript.objects.published().only("slug").first()
    if latest is None:
        raise Http404("No interview has been published yet.")
    query = request.GET.urlencode()
    return redirect(f"{latest.get_absolute_url()}?{query}" if query else latest.get_absolute_url())


# In the order events happened, the page shows the first hundred of them (the first
# interview mentions a hundred), with their words, and links to all of them on the
# chronology.
EVENTS_IN_ORDER = 100
# Each quote names its first few events (five: all but one quote of the first interview
# date fewer), then says how many more and links to them all: the page is bounded by its
# transcript, however many events its quotes date.
EVENTS_PER_QUOTE = 5
# What the page shows of a mention and its event, in the order events happened.
LISTED_MENTION_FIELDS = (
    "quote_id",
    "event_id",
    "phrase",
    "spoken_label",
    *selectors.LISTED_MENTIONED_EVENT_FIELDS,
)

ORDERS = {"interview": "As the interview ran", "chronological": "In the order events happened"}
# In the interview's order: every passage, or only those with a checked claim in them.
SHOWN = {"all": "Every passage", "checked": "Only the checked passages"}


@dataclass
class AnnotatedPassage:
    passage: Passage
    segments: list[Segment[Quote]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)  # annotated quotes, in text order
    rows: list["TableRow"] = field(default_factory=list)  # a sidebar's table
    marked: set[int] = field(default_factory=set)  # quotes marked in the text (not overlapping)
    speaker_changes: bool = True  # show who speaks (not when the same person carries on)


@dataclass
class TableRow:
    """A row of a sidebar's table, and the quote it is part of, if any (marked in it; the
    first row of a quote carries its anchor, #quote-<id>)."""

    cells: list[str]
    quote: Quote | None = None
    anchor: bool = False


@dataclass
class EventMentions:
    event: Event
    mentions: list[Mention]


@require_safe
@vary_on_htmx
def transcript_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The whole interview, question by answer, with every checked quote marked and linked
    to its claims; or (?order=chronological) the events it mentions in the order they
    happened, each with the words that mention it. htmx swaps the body (#transcript-body)
    when the reader switches order. An unknown order is a 400 showing the interview order."""
    transcript = get_object_or_404(
        Transcript.objects.published()
        .select_related("interviewer", "interviewee")
        .prefetch_related(selectors.with_cast()),
        slug=slug,
    )
    order = request.GET.get("order") or "interview"
    problem = ""
    if order not in ORDERS:
        problem = f"There is no “{order}” order; the interview is shown as it ran."
        order = "interview"
    show = request.GET.get("show") or "all"
    if show not in SHOWN:
        problem = f"There is no “{show[:20]}” view; the whole interview is shown."
        show = "all"
    levels = scales.levels(request).by_id
    dated, event_count = remember(
        f"events-dated-in:{transcript.pk}", partial(selectors.events_dated_in, transcript)
    )
    quotes_read = (
        transcript.quotes.all()
        .select_related("speaker")
        .prefetch_related(
            # As a list on each quote: the page asks each quote for its claims a few times
            # over, and `quote.claims.all()` makes a manager and a queryset each time.
            Prefetch(
                "claims",
                queryset=Claim.objects.public().with_levels("published_verdict", levels=levels),
                to_attr="checked_claims",
            )
        )
    )
    quotes: list[Quote] = list(quotes_read)
    notes = _event_notes(transcript) if order == "interview" else {}
    chronology = reverse("reader:event_list")
    claim_count = 0
    for quote in quotes:
        claim_count += len(quote.checked_claims)  # type: ignore[attr-defined]
        quote.transcript = transcript  # its text is loaded already; no query per quote
        quote.mention_count = dated.get(quote.pk, 0)  # type: ignore[attr-defined]
        # Checked quotes get their neighbours (_link_checks); a template asking a quote
        # for a missing attribute costs a dir() of it.
        quote.previous_check = quote.next_check = None  # type: ignore[attr-defined]
        # For the template: the events it names, then how many more and where they are.
        named = notes.get(quote.pk, [])
        quote.event_notes = _notes_of(quote, named, event_count, chronology)  # type: ignore[attr-defined]
    annotated = [quote for quote in quotes if quote.checked_claims or quote.mention_count]  # type: ignore[attr-defined]
    context = {
        "transcript": transcript,
        "order": order,
        "orders": ORDERS,
        "problem": problem,
        "claim_count": claim_count,
        "distribution": _verdicts_by_level(quotes),
        # Checked claims whose verdict was withdrawn: counted, with no level in the spread.
        "withdrawn_count": sum(
            claim.published_verdict is None
            for quote in quotes
            for claim in quote.checked_claims  # type: ignore[attr-defined]
        ),
        "orphans": [quote for quote in annotated if quote.is_orphaned],
        "event_count": event_count,
        "show_events": True,  # beside each quote's claims; the chronological order has them
        "fragment": wants_fragment(request),
    }
    context["show"] = show
    context["shown"] = SHOWN
    if order == "interview":
        passages = _annotate(transcript, annotated)
        _link_checks(passages)
        if show == "checked":
            passages = [item for item in passages if any(q.checked_claims for q in item.quotes)]  # type: ignore[attr-defined]
        context["passages"] = passages
    else:
        context["events"] = _events_in_order(transcript, quotes)
    template = page_or_fragment(request, "reader/transcript_detail.html", "transcript-body")
    return render(request, template, context, status=400 if problem else 200)


def _event_notes(transcript: Transcript) -> dict[int, list[str]]:
    """{quote id: its notes, as HTML}: the first EVENTS_PER_QUOTE events each quote of
    `transcript` dates, in the order they were recorded (which the mention's own index
    gives without reading the events), each linked, with its date and the words that dated
    it. Read as values and written as text here, in one query: with many events dated, a
    page lists hundreds, and a model instance and a template tag for each would cost more
    than the rest of the page. (The calendar icon is the page's `#icon-calendar` symbol.)"""
    rows = (
        selectors.first_mentions(transcript, EVENTS_PER_QUOTE)
        .order_by("pk")
        .values_list("quote_id", "phrase", *selectors.LISTED_MENTIONED_EVENT_FIELDS)
    )
    notes: dict[int, list[str]] = {}
    address = KeyAddresses()
    for quote_id, phrase, slug, title, label, *bounds in rows:
        said = f' <span class="muted">(said as <q>{escape(phrase)}</q>)</span>' if phrase else ""
        notes.setdefault(quote_id, []).append(
            '<li class="note note--event"><svg class="icon" width="16" height="16" '
            'aria-hidden="true" focusable="false"><use href="#icon-calendar"/></svg>'
            f'<a href="{escape(address("reader:event_detail", slug))}">{escape(title)}</a>, '
            f'<time datetime="{machine_date_of(*bounds)}">{escape(label)}</time>'
            f"{said}</li>"
        )
    return notes


def _notes_of(quote: Quote, named: list[str], event_count: int, chronology: str) -> SafeString:
    """The event notes under `quote`: those `named` (_event_notes), then, when it mentions
    more, how many and a link to them all on the `chronology` (by its claim, which filters
    them to its words, or by the interview)."""
    more = quote.mention_count - len(named)  # type: ignore[attr-defined]
    if more <= 0:
        return mark_safe("".join(named))  # escaped by _event_notes
    claims = quote.checked_claims  # type: ignore[attr-defined]
    if claims:
        query, whose = {"claim": claims[0].slug}, f"all {quote.mention_count} these words mention"  # type: ignore[attr-defined]
    else:
        query, whose = (
            {"interview": quote.transcript.slug},
            f"all {event_count} this interview mentions",
        )
    link = f"{chronology}?{urlencode(query)}"
    events = "event" if more == 1 else "events"
    return mark_safe(  # escaped here and by _event_notes
        "".join(named)
        + f'<li class="note note--event"><a href="{escape(link)}">{more} more {events}: '
        f"{whose}, on the chronology</a></li>"
    )


def _verdicts_by_level(quotes: list[Quote]) -> list[tuple]:
    """(level, how many claims) of the quotes' published verdicts, most accurate first, from
    what is prefetched: the interview's spread of verdicts."""
    counts = Counter(
        claim.published_verdict.level
        for quote in quotes
        for claim in quote.checked_claims  # type: ignore[attr-defined]
        if claim.published_verdict is not None
    )
    return sorted(counts.items(), key=lambda item: -item[0].value)


def _annotate(transcript: Transcript, quotes: list[Quote]) -> list[AnnotatedPassage]:
    """Each passage's text cut into plain words and quotes (factcheck.passages.cut). A
    quote that overlaps one already marked is not marked again; it is still listed in the
    passage's notes."""
    text = transcript.text
    anchored = sorted((q for q in quotes if not q.is_orphaned), key=lambda q: (q.start, -q.end))
    passages = []
    previous_speaker = None
    for passage in transcript.passages.select_related("speaker"):
        item = AnnotatedPassage(passage)
        item.quotes = [q for q in anchored if passage.start <= q.start and q.end <= passage.end]
        if passage.kind == Passage.Kind.SIDEBAR:
            item.rows = _table_rows(text, passage, item.quotes)
            item.marked = {row.quote.pk for row in item.rows if row.anchor and row.quote}
        else:
            item.segments = cut(text, passage.start, passage.end, item.quotes)
            item.marked = {segment.quote.pk for segment in item.segments if segment.quote}
        item.speaker_changes = passage.speaker_id != previous_speaker
        previous_speaker = passage.speaker_id
        passages.append(item)
    return passages


def _link_checks(passages: list[AnnotatedPassage]) -> None:
    """Give each checked quote (one with a claim) the checked quotes before and after it,
    in the order they were said: a reader goes from check to check."""
    checked = [quote for item in passages for quote in item.quotes if quote.checked_claims]  # type: ignore[attr-defined]
    for number, quote in enumerate(checked):
        quote.previous_check = checked[number - 1] if number else None  # type: ignore[attr-defined]
        quote.next_check = checked[number + 1] if number + 1 < len(checked) else None  # type: ignore[attr-defined]


def _table_rows(text: str, passage: Passage, quotes: list[Quote]) -> list[TableRow]:
    """A sidebar set as a pipe table ("AGE | 64 |"), as rows of cells, each with the first of
    `quotes` (in text order) that takes in any of its words; the "---|---|" rule under the
    first row is dropped."""
    rows: list[TableRow] = []
    anchored: set[int] = set()
    position = passage.start
    for line in text[passage.start : passage.end].splitlines(keepends=True):
        start, end = position, position + len(line.rstrip())
        position += len(line)
        cells = table_cells(line)
        if is_table_rule(cells):
            continue
        # The first row is the table's caption, drawn without a row of its own: a quote of it
        # alone keeps its anchor in the passage's notes.
        taken = (q for q in quotes if q.start < end and start < q.end)
        quote = next(taken, None) if rows else None
        anchor = quote is not None and quote.pk not in anchored
        if quote is not None:
            anchored.add(quote.pk)
        rows.append(TableRow([cell for cell in cells if cell] or [""], quote, anchor))
    return rows


def _events_in_order(transcript: Transcript, quotes: list[Quote]) -> list[EventMentions]:
    """The first events the interview mentions in the order they happened (EVENTS_IN_ORDER
    of them; the page links to the rest on the chronology), each with the interview's
    mentions of it in the order they were said. One query, whatever the quotes date."""
    mentioned = Mention.objects.public().filter(quote__transcript=transcript)
    first = (
        Event.objects.public()
        .filter(pk__in=mentioned.values("event_id"))
        .order_by(*CHRONOLOGICAL)
        .values("pk")[:EVENTS_IN_ORDER]
    )
    by_quote = {quote.pk: quote for quote in quotes}
    by_event: dict[int, EventMentions] = {}
    in_order = [f"event__{field}" for field in CHRONOLOGICAL] + ["quote__start"]
    for mention in (
        mentioned.filter(event__in=first)
        .select_related("event")
        .only(*LISTED_MENTION_FIELDS)
        .order_by(*in_order)
    ):
        mention.quote = by_quote[mention.quote_id]  # loaded, with its claims
        by_event.setdefault(mention.event_id, EventMentions(mention.event, [])).mentions.append(
            mention
        )
    return list(by_event.values())
