"""A claim's page: the verdict readers see, the words it comes from, and its history."""

import hashlib
import re
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from factcheck import scales
from factcheck.models import (
    MENTIONS_CHRONOLOGICAL,
    Claim,
    ClaimQuerySet,
    RatingLevel,
)
from kit.cache import remember
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor, Keyset
from kit.params import query_string, tidy_query
from reader import selectors, share_card
from reader.claimreview import claim_review_for, rating_bounds
from reader.filters import ClaimListFilterForm
from timeline.models import Event

PAGE_SIZE = 20
NEWEST_FIRST = Keyset(("-pk",))


def verdict_distribution(
    form: ClaimListFilterForm, levels: dict[int, RatingLevel]
) -> list[tuple[RatingLevel, int]]:
    """(level, how many of the claims the `form`'s filters let through have their
    published verdict at it), most accurate first: one query, kept for those filters until
    the data changes."""
    claims = form.filter(Claim.objects.published())
    counts = remember(f"claim-distribution:{form.filters_key()}", partial(_level_counts, claims))
    rated = sorted((levels[pk] for pk in counts if pk in levels), key=lambda level: -level.value)
    return [(level, counts[level.pk]) for level in rated]


def _level_counts(claims: ClaimQuerySet) -> dict[int, int]:
    return dict(
        claims.order_by()
        .values_list("published_verdict__level")
        .annotate(count=Count("pk"))
        .values_list("published_verdict__level", "count")
    )


@require_safe
@vary_on_htmx
@tidy_query
def claim_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every checked claim, newest first, a page at a time (keyset), filtered by verdict,
    speaker, topic and interview, with how the verdicts are distributed. htmx swaps the
    list (#claim-results) as the filters change, and asks for the next page alone
    (#claim-page). A filter or place that cannot be read is a 400 with the message, the
    rest applied."""
    form = ClaimListFilterForm(request.GET)
    claims = form.filter(Claim.objects.published())
    problems = [
        f"{form.fields[name].label}: {' '.join(map(str, errors))} This filter was left out."
        for name, errors in form.errors.items()
    ]
    levels = scales.levels(request).by_id
    shown = claims.with_current_verdict(listed=True, levels=levels)
    shown = shown.with_passage_kind().with_last_correction()
    try:
        page = NEWEST_FIRST.page(shown, request.GET.get("after") or None, PAGE_SIZE)
    except BadCursor as error:
        problems.append(f"{error} The list starts from the beginning instead.")
        page = NEWEST_FIRST.page(shown, None, PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "next": page.next_query(request.GET),
        "problems": problems,
        "filtered": sum(bool(value) for value in form.cleaned_data.values()),
        "start_url": query_string(request.GET, after=None),
    }
    if form.cited:
        context["without_source"] = query_string(request.GET, source=None, after=None)
    # The distribution's levels narrow these claims: the other filters stay.
    without_level = query_string(request.GET, level=None, after=None).removesuffix("?")
    context["by_level"] = request.path + without_level
    # htmx swaps the whole list (#claim-results) when a filter changes, and asks for the
    # next page alone (#claim-page), which shows neither the count nor the bar.
    whole_list = not wants_fragment(request) or request.htmx.target == "claim-results"
    if whole_list:
        distribution = verdict_distribution(form, levels)
        context["distribution"] = distribution
        context["total"] = sum(count for _, count in distribution)
    fragment = "claim-results" if whole_list else "claim-page"
    template = page_or_fragment(request, "reader/claim_list.html", fragment)
    return render(request, template, context, status=400 if problems else 200)


EVENTS_SHOWN = 20  # a quote may date any number of events; the page names the first
# The claims checked next in the same interview, in the order they were said, to read on.
NEXT_SHOWN = 3
# Other claims in the same words: the first few, and a link to every claim checked in the
# interview when there are more.
OTHERS_SHOWN = 10


@require_safe
@vary_on_htmx
def claim_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A claim, the quote it comes from in context, its current verdict with the evidence,
    the verdicts it replaced and the corrections, and its ClaimReview. htmx asks for the
    current verdict alone (#verdict), to open it in place in the interview."""
    levels = scales.levels(request).by_id
    claims = Claim.objects.public().with_current_verdict(in_context=True, levels=levels)
    claim = get_object_or_404(claims.with_passage_kind().with_any_correction(), slug=slug)
    history, corrections = selectors.verdict_history(claim, levels)
    current = next((v for v in history if v.pk == claim.published_verdict_id), None)
    quote = claim.quote
    fragment = wants_fragment(request)
    # Opened in place (a fragment), the verdict alone: none of the lists around it is read.
    events: list[Event] = []
    other_claims: list[Claim] = []
    next_claims: list[Claim] = []
    more_others = False
    if not fragment:
        # Through the quote's (quote, event dates) index: the first few read, however many.
        links = (
            quote.mentions.published()
            .select_related("event")
            # The quote too: the quote's own links are given it as they are read.
            .only("quote", "event", *selectors.LISTED_MENTIONED_EVENT_FIELDS)
        )
        first = links.order_by(*MENTIONS_CHRONOLOGICAL)[: EVENTS_SHOWN + 1]
        events = [link.event for link in first]
        other_claims, more_others = selectors.claims_in_same_words(claim, levels, OTHERS_SHOWN)
        next_claims = selectors.claims_said_next(claim, levels, NEXT_SHOWN)
    context = {
        "claim": claim,
        "quote": quote,
        "verdict": current,
        "earlier": [verdict for verdict in history if verdict is not current],
        "corrections": corrections,
        "events": events[:EVENTS_SHOWN],
        # The rest are on the chronology, filtered to this claim.
        "more_events": len(events) > EVENTS_SHOWN,
        "other_claims": other_claims,
        "more_others": more_others,
        # Read on: the next claims checked in the interview, in the order they were said.
        "next_claims": next_claims,
        "original_url": quote.transcript.url,
        "claim_review": claim_review_for(claim, rating_bounds(request)) if current else None,
        # Opened in place (a fragment), its headings become plain lines: see _heading.html.
        "heading": 0 if fragment else 2,
        "subheading": 0 if fragment else 3,
        "fragment": fragment,
        # On the page the rating and the finding stand under the headline; opened in place
        # (a fragment), the verdict says them itself.
        "finding_above": not fragment,
        "verdict_heading": "The verdict" if fragment else "How we reached this verdict",
        "verbatim": is_verbatim(claim.text, quote.exact),
        "card": _card_url(claim),
    }
    template = page_or_fragment(request, "reader/claim_detail.html", "verdict")
    return render(request, template, context)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def is_verbatim(claim: str, words: str) -> bool:
    """Whether the claim is the speaker's own words (letter for letter, punctuation and case
    aside): only then may the page present it as what they said. An editor's paraphrase is
    labelled as the claim, never put in the speaker's mouth."""
    claimed = _words(claim)
    return bool(claimed) and f" {claimed} " in f" {_words(words)} "


def _card_url(claim: Claim) -> str:
    """The share card's address, with the verdict revision it shows."""
    path = reverse("reader:claim_card", args=[claim.slug])
    return f"{path}?v={claim.published_verdict_id or 0}"


@require_safe
def claim_card(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The claim's share card (og:image): a PNG of the claim, who made it and the current
    verdict's badge. Drawn once per claim and verdict revision and kept in the cache; the
    page links it with the revision in the address (?v=), so a correction makes a new one
    for the platforms that keep images too."""
    claim = get_object_or_404(
        Claim.objects.public()
        .with_current_verdict(levels=scales.levels(request).by_id)
        .with_passage_kind(),
        slug=slug,
    )
    verdict = claim.published_verdict
    words = (claim.text, claim.byline, verdict.level.label if verdict else "")
    digest = hashlib.sha256("\n".join(words).encode()).hexdigest()[:16]
    key = f"share-card:{claim.pk}:{verdict.pk if verdict else 0}:{digest}"
    png = cache.get(key)
    if png is None:
        png = share_card.render_card(
            claim=claim.text,
            byline=claim.byline,
            label=verdict.level.label if verdict else "Verdict withdrawn",
            tone=scales.levels(request).tones.get(verdict.level_id, 3) if verdict else 0,
            site_name=settings.SITE_NAME,
        )
        cache.set(key, png, timeout=None)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
