"""Claims: made from words selected in a transcript, and the desk's page of a claim."""

from bisect import bisect_left
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from factcheck import anchoring, roles, services
from factcheck.desk.forms import ClaimForm, add_service_errors
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.placements import chronology_context
from factcheck.desk.views.common import problem, refusal_status, see_other, waiting_on
from factcheck.models import (
    REVIEW_STEPS,
    Action,
    Claim,
    Evidence,
    Passage,
    Quote,
    Transcript,
    Verdict,
)
from factcheck.passages import Segment, cut
from kit.htmx import AuthenticatedHtmxRequest, page_or_fragment, vary_on_htmx
from kit.params import bounded_int


@dataclass(frozen=True)
class PassageView:
    passage: Passage
    segments: list[Segment[Quote]]
    quotes: list[Quote]  # every quote wholly in it, marked or not, in order


def _passage_views(transcript: Transcript) -> list[PassageView]:
    """Each passage's text cut around the quotes already anchored in it, so they can be
    marked (see factcheck.passages.cut), and those quotes, each with how many claims and
    event links it has and its first claim (whose desk page places its events)."""
    first_claim = Claim.objects.filter(quote=OuterRef("pk")).order_by("pk").values("slug")[:1]
    quotes = list(
        transcript.quotes.anchored()
        .annotate(
            claim_count=Count("claims", distinct=True),
            mention_count=Count("mentions", distinct=True),
            claim_slug=Subquery(first_claim),
        )
        .order_by("start", "end")
    )
    starts = [quote.start for quote in quotes]
    views = []
    for passage in transcript.passages.select_related("speaker"):
        inside = quotes[bisect_left(starts, passage.start) : bisect_left(starts, passage.end)]
        inside = [quote for quote in inside if quote.end <= passage.end]
        segments = cut(transcript.text, passage.start, passage.end, inside)
        views.append(PassageView(passage, segments, inside))
    return views


def _render_transcript(
    request: AuthenticatedHtmxRequest,
    transcript: Transcript,
    form: ClaimForm,
    status: int = 200,
    review: int | None = None,
) -> HttpResponse:
    template = page_or_fragment(request, "factcheck/desk/transcript.html", "claim-form")
    context = {"transcript": transcript, "form": form, "review": review}
    if not template.endswith("#claim-form"):
        context["passages"] = _passage_views(transcript)
        # Who imported the interview, corrected its details, published it, discarded a claim
        # of it: the last few. (A discarded claim's own record is kept on the interview too,
        # but is not the interview's.)
        own = transcript.actions.filter(verb__in=INTERVIEW_RECORD)
        actions = list(own.select_related("actor").order_by("-pk")[:ACTIONS_SHOWN])
        context["actions"] = actions[::-1]
        # Who corrected the details last publishes them no more than who imported them.
        context["corrected_last_by_you"] = not transcript.is_published and (
            services.details_corrected_last_by(transcript) == request.user.pk
        )
        context["details_version"] = services.details_version(transcript)
    return render(request, template, context, status=status)


ACTIONS_SHOWN = 10
INTERVIEW_RECORD = (
    Action.Verb.IMPORTED,
    Action.Verb.DETAILS_EDITED,
    Action.Verb.INTERVIEW_PUBLISHED,
    Action.Verb.DISCARDED,
)


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK)
def desk_transcript(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    transcripts = Transcript.objects.select_related("imported_by", "site_published_by")
    transcript = get_object_or_404(transcripts, slug=slug)
    initial = {}
    if "quote" in request.GET:
        pk = bounded_int(request.GET["quote"])
        quote = transcript.quotes.filter(pk=pk).first() if pk is not None else None
        if quote is None:
            return problem(request, "That quote is not in this interview.")
        initial = {"exact": quote.exact, "hint": quote.start}
    # Come from the review of a verdict on its words, which waits for it to be published:
    # publishing it goes back there. A review that no longer waits (published, sent back, a
    # link kept since) is no reason not to show the interview: it is left out.
    review = None
    if "review" in request.GET:
        review = bounded_int(request.GET["review"])
        if review is None:
            onward = (reverse("desk:transcript", args=[slug]), "Open the interview")
            return problem(request, "That is not a verdict's number.", onward=onward)
        if not waiting_on(transcript).filter(pk=review).exists():
            review = None
    return _render_transcript(request, transcript, ClaimForm(initial=initial), review=review)


@require_POST
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, *roles.CREATE_CLAIM)
def desk_claim_create(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    transcript = get_object_or_404(Transcript, slug=slug)
    form = ClaimForm(request.POST)
    if form.is_valid():
        try:
            claim = services.claim_create_from_selection(
                transcript=transcript, **form.cleaned_data, by=request.user
            )
        except services.ClaimExists as exists:
            # The form sent twice (a double click, Back and send again), or the same claim
            # typed again: the claim there is, rather than a refusal with no way on.
            claim = exists.claim
            messages.info(request, "This claim is made from these words already: here it is.")
        except ValidationError as error:
            add_service_errors(form, error)
            return _render_transcript(request, transcript, form, status=refusal_status(error, form))
        else:
            messages.success(request, "Claim created. Log its verdict below.")
        url = reverse("desk:claim", args=[claim.slug])
        return HttpResponseClientRedirect(url) if request.htmx else see_other(url)
    if "exact" in form.cleaned_data:
        # Words the form took, with a claim it did not: whether they are in the transcript
        # is said now too, not on the next try.
        try:
            anchoring.anchor(
                transcript.text,
                form.cleaned_data["exact"],
                hint=form.cleaned_data.get("hint"),
                alike=True,
            )
        except anchoring.AnchorError as error:
            form.add_error("exact", str(error))
    return _render_transcript(request, transcript, form, status=422)


def claim_actions(claim: Claim) -> list[Action]:
    """The record of who did what on the claim, oldest first (one query)."""
    return list(claim.actions.select_related("actor"))


def claim_context(claim: Claim, user, **extra) -> dict:
    """Everything the desk's claim page shows: the quote in context, every verdict (open,
    published and past), corrections and the record of who did what."""
    verdicts = list(
        claim.verdicts.select_related("level", "author", "approved_by", "revises")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("source")))
        .order_by("-created_at", "-pk")
    )
    # Editors count revisions, not saves: the oldest verdict is revision 1 (Verdict.version
    # counts saves of one draft, for refusing a stale one; it means nothing to a person).
    for number, verdict in enumerate(reversed(verdicts), 1):
        verdict.revision_number = number
        verdict.revision_count = len(verdicts)
    quote = claim.quote
    open_verdict = next((v for v in verdicts if v.status in Verdict.OPEN_STATUSES), None)
    published = next((v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None)
    # Taken down: the latest verdict withdrawn, when none is published since.
    withdrawn = None
    if published is None:
        withdrawn = next((v for v in verdicts if v.status == Verdict.Status.WITHDRAWN), None)
    actions = claim_actions(claim)
    returned = proposal = None
    if open_verdict is not None:
        mine = [a for a in actions if a.verdict_id == open_verdict.pk]
        # The latest note sending it back, unless it was submitted again since.
        for action in mine if open_verdict.status == Verdict.Status.DRAFT else []:
            if action.verb in REVIEW_STEPS:
                returned = action if action.verb == Action.Verb.RETURNED else None
                break
        if open_verdict.revises_id:
            proposal = next((a for a in reversed(mine) if a.verb == Action.Verb.DRAFTED), None)
    return {
        "claim": claim,
        "quote": quote,
        "verdicts": verdicts,
        "open_verdict": open_verdict,
        "published": published,
        "withdrawn": withdrawn,
        "corrections": claim.corrections.select_related("created_by", "previous__level").all(),
        "actions": actions,
        "returned": returned,
        "proposal": proposal,
        "can_draft": user.has_perm(roles.DRAFT_VERDICT),
        "can_edit": user.has_perm(roles.EDIT_VERDICT),
        "can_publish": user.has_perm(roles.PUBLISH_VERDICT),
        # A draft in review, taken back to edit by one who wrote or edited it.
        "can_take_back": open_verdict is not None
        and open_verdict.status == Verdict.Status.IN_REVIEW
        and user.has_perm(roles.EDIT_VERDICT)
        and not open_verdict.take_back_refusal(user),
        "can_correct": user.has_perms(roles.CAN_CORRECT),
        "can_withdraw": user.has_perms(roles.CAN_WITHDRAW),
        # A claim made in error goes while no reader has seen it (services.claim_discard).
        "can_discard": user.has_perms(roles.CREATE_CLAIM)
        and not services.claim_discard_refusal(claim, (v.status for v in verdicts)),
        **extra,
    }


def claim_queryset() -> QuerySet:
    return Claim.objects.select_related("quote__speaker", "quote__transcript")


def render_claim(
    request: AuthenticatedHtmxRequest,
    claim: Claim,
    *,
    status: int = 200,
    fragment: str = "verdicts",
    chronology: dict | None = None,
    **extra,
) -> HttpResponse:
    """The claim's desk page, or for htmx one `fragment` of it: the verdict panel, or one
    of the chronology panel's (`chronology`: what placements.chronology_context takes;
    `actions` with `actions_oob` adds the record of who did what, swapped out of band)."""
    template = page_or_fragment(request, "factcheck/desk/claim.html", fragment)
    if template.endswith("#verdicts"):
        context = claim_context(claim, request.user, **extra)
    else:
        context = {"claim": claim, "quote": claim.quote, **extra}
        if "#" not in template:
            context.update(claim_context(claim, request.user, **extra))
        context.update(chronology_context(claim, request.user, **(chronology or {})))
    response = render(request, template, context, status=status)
    if template.endswith("#verdicts"):
        # Whatever part of the page asked, the answer is the whole verdict panel.
        response = reswap(retarget(response, "#desk-verdicts"), "outerHTML")
    return response


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK)
def desk_claim(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    """The claim's desk page; with `events`, the events found by that search (for htmx, the
    `event-results` fragment only)."""
    claim = get_object_or_404(claim_queryset(), slug=slug)
    query = request.GET.get("events", "")[:200]
    fragment = "event-results" if "events" in request.GET else "verdicts"
    return render_claim(request, claim, fragment=fragment, chronology={"query": query})


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, *roles.CREATE_CLAIM)
def desk_claim_discard(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    """Ask, then discard a claim made in error that readers have never seen (a slip, a
    duplicate): it goes with its drafts, and its quote if nothing else stands on the words."""
    claim = get_object_or_404(Claim.objects.select_related("quote__transcript"), slug=slug)
    back = (reverse("desk:claim", args=[claim.slug]), "Back to the claim")
    if refusal := services.claim_discard_refusal(claim):
        return problem(request, refusal, 409, onward=back)
    transcript = claim.quote.transcript
    if request.method == "POST":
        try:
            services.claim_discard(claim=claim, by=request.user)
        except ValidationError as error:
            return problem(request, " ".join(error.messages), 409, onward=back)
        messages.success(request, f"Discarded the claim “{claim.text}”.")
        return see_other(reverse("desk:transcript", args=[transcript.slug]))
    context = {
        "claim": claim,
        "transcript": transcript,
        "drafts": claim.verdicts.count(),
        "quote_goes": services.claim_discard_takes_its_words(claim),
    }
    return render(request, "factcheck/desk/claim_discard.html", context)
