"""The editors' desk. Views parse the request, call a service or a query, and render.

Every view checks permissions itself (`desk_permission_required`), HTMX or not. HTMX only
changes which fragment of the page's own template is rendered; every form also works as a
plain page. Invalid input is answered 422 with the errors beside the fields, a save that
lost a race 409, a bad query string 400; nothing is written in any of those cases.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from factcheck import anchoring, roles, services
from factcheck.desk import queue
from factcheck.desk.forms import (
    EVIDENCE_PREFIX,
    MAX_EVIDENCE,
    ClaimForm,
    EvidenceForm,
    NoteForm,
    PublishCorrectionForm,
    SourceForm,
    VerdictForm,
    add_service_errors,
    evidence_formset,
)
from factcheck.desk.permissions import desk_permission_required
from factcheck.models import (
    Action,
    Claim,
    Evidence,
    Passage,
    Quote,
    Source,
    Transcript,
    Verdict,
)
from factcheck.services import StaleVerdictError, VerdictSnapshot
from factcheck.transcripts import MARKER
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor

SOURCE_RESULTS = 20
INTERVIEWS_LISTED = 20
SEARCH_MAX_LENGTH = 200


def _see_other(url: str) -> HttpResponseRedirect:
    """Post/redirect/get: 303 tells the browser to GET the next page."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _problem(request, message: str, status: int = 400) -> HttpResponse:
    template = page_or_fragment(request, "factcheck/desk/problem.html", "problem")
    return render(request, template, {"message": message}, status=status)


# The queue


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK)
def desk(request: HtmxHttpRequest) -> HttpResponse:
    default = "review" if request.user.has_perm(roles.PUBLISH_VERDICT) else "quotes"
    slug = request.GET.get("tab", default)
    tab = queue.TABS_BY_SLUG.get(slug)
    if tab is None:
        return _problem(request, f"There is no “{slug[:40]}” tab on the desk.")
    try:
        page = tab.keyset.page(tab.queryset(), request.GET.get("after"), queue.PAGE_SIZE)
    except BadCursor as error:
        return _problem(request, str(error))
    tabs = [(each, each.queryset().count()) for each in queue.TABS]
    context = {"tab": tab, "tabs": tabs, "page": page}
    template = "factcheck/desk/queue.html"
    if wants_fragment(request):
        template += "#queue-page" if "after" in request.GET else "#queue"
    else:
        context["interviews"] = Transcript.objects.order_by("-created_at")[:INTERVIEWS_LISTED]
    return render(request, template, context)


# Claims from transcript words


@dataclass(frozen=True)
class Segment:
    text: str
    quote: Quote | None = None


@dataclass(frozen=True)
class PassageView:
    passage: Passage
    segments: list[Segment]


def _passage_views(transcript: Transcript) -> list[PassageView]:
    """Each passage's text cut around the quotes already anchored in it, so they can be
    marked; the cut pieces join back to exactly the passage's text (the selection script
    counts offsets in it)."""
    passages = list(transcript.passages.select_related("speaker"))
    quotes = list(transcript.quotes.anchored().annotate(claim_count=Count("claims")))
    text = transcript.text
    views = []
    for passage in passages:
        position, segments = passage.start, []
        for quote in quotes:
            if quote.start < position or quote.end > passage.end or quote.start >= passage.end:
                continue  # in another passage, or overlapping a quote already marked
            if quote.start > position:
                segments.append(Segment(text[position : quote.start]))
            segments.append(Segment(text[quote.start : quote.end], quote))
            position = quote.end
        if position < passage.end:
            segments.append(Segment(text[position : passage.end]))
        views.append(PassageView(passage, segments))
    return views


def _render_transcript(
    request: HtmxHttpRequest, transcript: Transcript, form: ClaimForm, status: int = 200
) -> HttpResponse:
    template = page_or_fragment(request, "factcheck/desk/transcript.html", "claim-form")
    context = {"transcript": transcript, "form": form}
    if not template.endswith("#claim-form"):
        context["passages"] = _passage_views(transcript)
    return render(request, template, context, status=status)


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK)
def desk_transcript(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    transcript = get_object_or_404(Transcript, slug=slug)
    initial = {}
    if "quote" in request.GET:
        raw = request.GET["quote"]
        quote = transcript.quotes.filter(pk=int(raw)).first() if raw.isdigit() else None
        if quote is None:
            return _problem(request, "That quote is not in this interview.")
        initial = {"exact": quote.exact, "hint": quote.start}
    return _render_transcript(request, transcript, ClaimForm(initial=initial))


@require_POST
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, *roles.CREATE_CLAIM)
def desk_claim_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    transcript = get_object_or_404(Transcript, slug=slug)
    form = ClaimForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                quote = services.quote_create(
                    transcript=transcript,
                    exact=form.cleaned_data["exact"],
                    hint=form.cleaned_data["hint"],
                    by=request.user,
                )
                claim = services.claim_create(
                    quote=quote, text=form.cleaned_data["text"], by=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Claim created. Log its verdict below.")
            url = reverse("desk:claim", args=[claim.slug])
            return HttpResponseClientRedirect(url) if request.htmx else _see_other(url)
    return _render_transcript(request, transcript, form, status=422)


# A claim on the desk


def _quote_in_context(quote: Quote) -> tuple[str, str]:
    """The words before and after a quote in its paragraph, without the "Q:"/"A:" marker
    (empty for a quote whose words are no longer found)."""
    if quote.is_orphaned:
        return "", ""
    text = quote.transcript.text
    before, after = anchoring.context(text, quote.start, quote.end)
    # context() strips the pieces; keep the spacing (or its absence) the speaker's text has.
    if before:
        before = text[text.rfind(before, 0, quote.start) : quote.start]
    if after:
        after = text[quote.end : text.find(after, quote.end) + len(after)]
    return MARKER.sub("", before, count=1), after


def _claim_context(claim: Claim, user, **extra) -> dict:
    """Everything the desk's claim page shows: the quote in context, every verdict (open,
    published and past), corrections and the record of who did what."""
    verdicts = list(
        claim.verdicts.select_related("level", "author", "approved_by", "revises")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("source")))
        .order_by("-created_at", "-pk")
    )
    quote = claim.quote
    before, after = _quote_in_context(quote)
    open_verdict = next((v for v in verdicts if v.status in Verdict.OPEN_STATUSES), None)
    published = next((v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None)
    actions = list(claim.actions.select_related("actor"))
    returned = proposal = None
    if open_verdict is not None:
        mine = [a for a in actions if a.verdict_id == open_verdict.pk]
        # The latest note sending it back, unless it was submitted again since.
        for action in mine if open_verdict.status == Verdict.Status.DRAFT else []:
            if action.verb in {Action.Verb.SUBMITTED, Action.Verb.RETURNED}:
                returned = action if action.verb == Action.Verb.RETURNED else None
                break
        if open_verdict.revises_id:
            proposal = next((a for a in reversed(mine) if a.verb == Action.Verb.DRAFTED), None)
    return {
        "claim": claim,
        "quote": quote,
        "before": before,
        "after": after,
        "verdicts": verdicts,
        "open_verdict": open_verdict,
        "published": published,
        "corrections": claim.corrections.select_related("created_by", "previous__level").all(),
        "actions": actions,
        "returned": returned,
        "proposal": proposal,
        "can_draft": user.has_perm(roles.DRAFT_VERDICT),
        "can_edit": user.has_perm(roles.EDIT_VERDICT),
        "can_publish": user.has_perm(roles.PUBLISH_VERDICT),
        "can_correct": user.has_perms([roles.CORRECT_VERDICT, roles.DRAFT_VERDICT]),
        "can_withdraw": user.has_perms([roles.CORRECT_VERDICT, roles.PUBLISH_VERDICT]),
        **extra,
    }


def _claim_queryset() -> QuerySet:
    return Claim.objects.select_related("quote__speaker", "quote__transcript")


def _render_claim(
    request: HtmxHttpRequest, claim: Claim, *, status: int = 200, **extra
) -> HttpResponse:
    template = page_or_fragment(request, "factcheck/desk/claim.html", "verdicts")
    response = render(
        request, template, _claim_context(claim, request.user, **extra), status=status
    )
    if template.endswith("#verdicts"):
        # Whatever part of the page asked, the answer is the whole verdict panel.
        response = reswap(retarget(response, "#desk-verdicts"), "outerHTML")
    return response


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK)
def desk_claim(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(_claim_queryset(), slug=slug)
    return _render_claim(request, claim)


# Logging and editing a verdict


def _evidence_initial(verdict: Verdict) -> list[dict]:
    return [
        {"source": row.source_id, "stance": row.stance, "note": row.note}
        for row in verdict.evidence.order_by("position")
    ]


def _render_verdict_form(
    request: HtmxHttpRequest,
    *,
    claim: Claim,
    form: VerdictForm,
    formset,
    verdict: Verdict | None = None,
    in_place: bool = False,
    conflict: list | None = None,
    stale: StaleVerdictError | None = None,
    status: int = 200,
) -> HttpResponse:
    formset.attach_sources()
    template = page_or_fragment(request, "factcheck/desk/verdict_form.html", "verdict-form")
    context = {
        "claim": claim,
        "quote": claim.quote,
        "verdict": verdict,
        "form": form,
        "formset": formset,
        "in_place": in_place,
        "conflict": conflict,
        "stale": stale,
        "action_url": (
            reverse("desk:verdict_edit", args=[verdict.pk])
            if verdict
            else reverse("desk:verdict_create", args=[claim.slug])
        ),
    }
    return render(request, template, context, status=status)


def _saved(
    request: HtmxHttpRequest, verdict: Verdict, notice: str, *, in_place: bool
) -> HttpResponse:
    """After a save: in place, the claim page's verdict panel replaces the form's slot;
    otherwise the browser goes to the claim page (post/redirect/get)."""
    claim = verdict.claim
    if request.htmx and in_place:
        claim = _claim_queryset().get(pk=claim.pk)
        context = _claim_context(claim, request.user, notice=notice)
        response = render(request, "factcheck/desk/claim.html#verdicts", context)
        return reswap(retarget(response, "#desk-verdicts"), "outerHTML")
    messages.success(request, notice)
    url = reverse("desk:claim", args=[claim.slug])
    return HttpResponseClientRedirect(url) if request.htmx else _see_other(url)


def _submit_after_save(request, verdict: Verdict) -> tuple[Verdict, str]:
    if request.POST.get("_action") != "submit":
        return verdict, "Draft saved."
    verdict = services.verdict_submit(verdict=verdict, version=verdict.version, by=request.user)
    return verdict, "Submitted for review."


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.DRAFT_VERDICT)
def desk_verdict_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(_claim_queryset(), slug=slug)
    open_verdict = claim.verdicts.open().first()
    if claim.published_verdict_id is not None or open_verdict is not None:
        message = (
            "This claim already has a published verdict; correct it instead."
            if open_verdict is None
            else f"This claim already has a verdict {open_verdict.get_status_display().lower()}."
        )
        return _render_claim(request, claim, status=409, error=message)
    in_place = bool(request.htmx) if request.method == "GET" else "in_place" in request.POST
    if request.method == "GET":
        form = VerdictForm(initial={"as_of": timezone.localdate()})
        formset = evidence_formset()
        return _render_verdict_form(
            request, claim=claim, form=form, formset=formset, in_place=in_place
        )
    form, formset = VerdictForm(request.POST), evidence_formset(request.POST)
    if form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                verdict = services.verdict_draft(
                    claim=claim,
                    level=data["level"],
                    rationale=data["rationale"],
                    analysis=data["analysis"],
                    as_of=data["as_of"],
                    evidence=formset.evidence_items(),
                    by=request.user,
                )
                verdict, notice = _submit_after_save(request, verdict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, verdict, notice, in_place=in_place)
    return _render_verdict_form(
        request, claim=claim, form=form, formset=formset, in_place=in_place, status=422
    )


def _conflict(current: VerdictSnapshot, form: VerdictForm, formset) -> list[dict]:
    """What differs between the draft as saved now and what this editor typed."""
    data = form.cleaned_data
    rows = []

    def compare(label: str, saved, theirs) -> None:
        if saved != theirs:
            rows.append({"label": label, "saved": saved, "yours": theirs})

    compare("Rating", current.level.label, data["level"].label)
    compare("Rationale", current.rationale, data["rationale"])
    compare("Analysis", current.analysis, data["analysis"].strip())
    compare("As of", current.as_of, data["as_of"])

    def evidence(items) -> str:
        return "; ".join(f"{item.source.title} ({item.stance})" for item in items) or "none"

    compare("Evidence", evidence(current.evidence), evidence(formset.evidence_items()))
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.EDIT_VERDICT)
def desk_verdict_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = get_object_or_404(Verdict.objects.select_related("claim"), pk=pk)
    claim = _claim_queryset().get(pk=verdict.claim_id)
    if verdict.status != Verdict.Status.DRAFT:
        message = (
            f"This verdict is {verdict.get_status_display().lower()}; only a draft can be edited."
        )
        return _render_claim(request, claim, status=409, error=message)
    in_place = bool(request.htmx) if request.method == "GET" else "in_place" in request.POST
    if request.method == "GET":
        form = VerdictForm(
            initial={
                "level": verdict.level_id,
                "rationale": verdict.rationale,
                "analysis": verdict.analysis,
                "as_of": verdict.as_of,
                "version": verdict.version,
            }
        )
        formset = evidence_formset(initial=_evidence_initial(verdict))
        return _render_verdict_form(
            request, claim=claim, form=form, formset=formset, verdict=verdict, in_place=in_place
        )
    form, formset = VerdictForm(request.POST), evidence_formset(request.POST)
    if form.is_valid() and not form.cleaned_data["version"]:
        form.add_error(None, "This form is missing its version; reload the draft and edit again.")
    if form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                saved = services.verdict_update(
                    verdict=verdict,
                    version=data["version"],
                    level=data["level"],
                    rationale=data["rationale"],
                    analysis=data["analysis"],
                    as_of=data["as_of"],
                    evidence=formset.evidence_items(),
                    by=request.user,
                )
                saved, notice = _submit_after_save(request, saved)
        except StaleVerdictError as stale:
            # Keep every word this editor typed; the form now carries the version saved
            # meanwhile, so saving again (after comparing) is a deliberate overwrite.
            conflict = _conflict(stale.current, form, formset)
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            return _render_verdict_form(
                request,
                claim=claim,
                form=VerdictForm(data),
                formset=evidence_formset(request.POST),
                verdict=verdict,
                in_place=in_place,
                conflict=conflict,
                stale=stale,
                status=409,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, saved, notice, in_place=in_place)
    return _render_verdict_form(
        request,
        claim=claim,
        form=form,
        formset=formset,
        verdict=verdict,
        in_place=in_place,
        status=422,
    )


@require_POST
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.EDIT_VERDICT)
def desk_verdict_submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = get_object_or_404(Verdict, pk=pk)
    claim = _claim_queryset().get(pk=verdict.claim_id)
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        return _render_claim(
            request, claim, status=400, error="Reload the page: the form had no version."
        )
    try:
        services.verdict_submit(verdict=verdict, version=int(raw), by=request.user)
    except StaleVerdictError as stale:
        return _render_claim(request, claim, status=409, error=str(stale))
    except ValidationError as error:
        return _render_claim(request, claim, status=409, error=" ".join(error.messages))
    messages.success(request, "Submitted for review.")
    return _see_other(reverse("desk:claim", args=[claim.slug]))


# Review


def _reviewer_problem(verdict: Verdict, user) -> str:
    """Why this user may not approve this draft (the two-person rule), or ""."""
    if verdict.author_id == user.pk:
        return "You wrote this draft; another approver must review it."
    if verdict.actions.filter(
        actor=user, verb__in=[Action.Verb.DRAFTED, Action.Verb.EDITED]
    ).exists():
        return "You edited this draft; another approver must review it."
    return ""


def _render_review(
    request: HtmxHttpRequest,
    verdict: Verdict,
    *,
    publish_form: PublishCorrectionForm | None = None,
    return_form: NoteForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    claim = _claim_queryset().get(pk=verdict.claim_id)
    quote = claim.quote
    before, after = _quote_in_context(quote)
    proposal = None
    if verdict.revises_id:
        proposal = verdict.actions.filter(verb=Action.Verb.DRAFTED).select_related("actor").last()
    if publish_form is None and verdict.revises_id:
        publish_form = PublishCorrectionForm(initial={"note": proposal.note if proposal else ""})
    context = {
        "verdict": verdict,
        "claim": claim,
        "quote": quote,
        "before": before,
        "after": after,
        "evidence": verdict.evidence.select_related("source"),
        "previous": verdict.revises,
        "previous_evidence": (
            verdict.revises.evidence.select_related("source") if verdict.revises_id else []
        ),
        "proposal": proposal,
        "publish_form": publish_form,
        "return_form": return_form or _return_form(),
        "problem": _reviewer_problem(verdict, request.user),
        "actions": verdict.actions.select_related("actor"),
        "error": error,
    }
    return render(request, "factcheck/desk/review.html", context, status=status)


def _return_form(data=None) -> NoteForm:
    return NoteForm(
        data,
        label="What needs changing",
        help_text="The editors see this note with the draft.",
    )


def _review_verdict(pk: int) -> Verdict:
    return get_object_or_404(
        Verdict.objects.select_related("level", "author", "revises__level", "claim"), pk=pk
    )


@require_safe
@desk_permission_required(roles.VIEW_DESK, roles.PUBLISH_VERDICT)
def desk_verdict_review(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _render_review(request, _review_verdict(pk))


@require_POST
@desk_permission_required(roles.VIEW_DESK, roles.PUBLISH_VERDICT)
def desk_verdict_publish(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = _review_verdict(pk)
    publish_form = None
    kind = note = ""
    if verdict.revises_id:
        publish_form = PublishCorrectionForm(request.POST)
        if not publish_form.is_valid():
            return _render_review(request, verdict, publish_form=publish_form, status=422)
        kind, note = publish_form.cleaned_data["kind"], publish_form.cleaned_data["note"]
    try:
        services.verdict_publish(
            verdict=verdict, by=request.user, correction_kind=kind, correction_note=note
        )
    except ValidationError as error:
        if publish_form is not None and hasattr(error, "error_dict"):
            add_service_errors(publish_form, error)
            return _render_review(request, verdict, publish_form=publish_form, status=422)
        return _render_review(
            request, verdict, publish_form=publish_form, error=" ".join(error.messages), status=409
        )
    messages.success(request, "Published." if not kind else "Published, with the correction.")
    return _see_other(reverse("desk:claim", args=[verdict.claim.slug]))


@require_POST
@desk_permission_required(roles.VIEW_DESK, roles.PUBLISH_VERDICT)
def desk_verdict_return(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = _review_verdict(pk)
    form = _return_form(request.POST)
    if form.is_valid():
        try:
            services.verdict_return(
                verdict=verdict, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            return _render_review(
                request, verdict, return_form=form, error=" ".join(error.messages), status=409
            )
        messages.success(request, "Sent back to the editors with your note.")
        return _see_other(reverse("desk:queue") + "?tab=review")
    return _render_review(request, verdict, return_form=form, status=422)


# Corrections and withdrawals


def _published_verdict(pk: int) -> Verdict:
    return get_object_or_404(
        Verdict.objects.select_related("level", "claim__quote__speaker"), pk=pk
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, roles.CORRECT_VERDICT, roles.DRAFT_VERDICT)
def desk_verdict_correct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = _published_verdict(pk)
    if verdict.status != Verdict.Status.PUBLISHED:
        return _problem(request, "Only a claim's published verdict can be corrected.", 409)
    form = NoteForm(
        request.POST or None,
        label="What needs correcting",
        help_text="For the reviewer; it is offered as the public note when the correction "
        "is published.",
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                revision = services.verdict_correct(
                    verdict=verdict, note=form.cleaned_data["note"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 409
            else:
                messages.success(
                    request, "Correction started: change the draft, then submit it for review."
                )
                return _see_other(reverse("desk:verdict_edit", args=[revision.pk]))
    context = {"verdict": verdict, "claim": verdict.claim, "form": form}
    return render(request, "factcheck/desk/correct.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, roles.CORRECT_VERDICT, roles.PUBLISH_VERDICT)
def desk_verdict_withdraw(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = _published_verdict(pk)
    if verdict.status != Verdict.Status.PUBLISHED:
        return _problem(request, "Only a claim's published verdict can be withdrawn.", 409)
    form = NoteForm(
        request.POST or None,
        label="Public note",
        help_text="Why the verdict is withdrawn; readers see it on the claim page, the "
        "corrections page and in the feed.",
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.verdict_withdraw(
                    verdict=verdict, note=form.cleaned_data["note"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 409
            else:
                messages.success(request, "The verdict is withdrawn; the correction is public.")
                return _see_other(reverse("desk:claim", args=[verdict.claim.slug]))
    context = {"verdict": verdict, "claim": verdict.claim, "form": form}
    return render(request, "factcheck/desk/withdraw.html", context, status=status)


# Sources: search, the picker's rows, and new sources


def search_sources(query: str) -> QuerySet:
    """Sources whose title, publisher or URL contain every word of `query`."""
    sources = Source.objects.all()
    for word in query.split():
        sources = sources.filter(
            Q(title__icontains=word) | Q(publisher__icontains=word) | Q(url__icontains=word)
        )
    return sources.order_by("title", "pk")


def _chosen_source_ids(request) -> set[int]:
    """Sources already cited by the form's evidence rows (sent along by the picker)."""
    prefix, suffix = f"{EVIDENCE_PREFIX}-", "-source"
    return {
        int(value)
        for name, value in request.GET.items()
        if name.startswith(prefix) and name.endswith(suffix) and value.isdigit()
    }


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.FIND_SOURCES)
def desk_sources(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    if len(query) > SEARCH_MAX_LENGTH:
        return _problem(request, f"Search with at most {SEARCH_MAX_LENGTH} characters.")
    picker = request.GET.get("picker") == "1"
    results, count = [], 0
    if query:
        matches = search_sources(query)
        count = matches.count()
        results = list(matches[:SOURCE_RESULTS])
    context = {
        "query": query,
        "results": results,
        "count": count,
        "shown": len(results),
        "picker": picker,
        "chosen": _chosen_source_ids(request) if picker else set(),
    }
    template = page_or_fragment(request, "factcheck/desk/sources.html", "source-results")
    return render(request, template, context)


def _total_forms(data) -> int | None:
    raw = data.get(f"{EVIDENCE_PREFIX}-TOTAL_FORMS", "")
    if not raw.isdigit() or int(raw) >= MAX_EVIDENCE + 10:
        return None
    return int(raw)


def _evidence_row_context(source: Source, index: int) -> dict:
    row = EvidenceForm(prefix=f"{EVIDENCE_PREFIX}-{index}", initial={"source": source.pk})
    row.chosen_source = source
    return {"row": row, "total_forms": index + 1, "prefix": EVIDENCE_PREFIX, "new": True}


@require_safe
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.FIND_SOURCES)
def desk_evidence_row(request: HtmxHttpRequest) -> HttpResponse:
    """HTMX only: the `evidence-row` fragment (one evidence row for the chosen source, and
    the formset's new row count out of band)."""
    if not request.htmx:
        return _problem(request, "This address adds a row to the verdict form; open the form.")
    raw, index = request.GET.get("source", ""), _total_forms(request.GET)
    source = Source.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if source is None or index is None:
        return _problem(request, "Choose a source from the search results.")
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
def desk_source_create(request: HtmxHttpRequest) -> HttpResponse:
    """A new source. In the verdict form (HTMX) it is added as an evidence row at once."""
    inline = bool(request.htmx)
    form = SourceForm(request.POST or None)
    if inline and request.method == "GET":
        form.fields["title"].widget.attrs["autofocus"] = True
    status = 200
    if request.method == "POST":
        index = _total_forms(request.POST) if inline else None
        if inline and index is None:
            return _problem(request, "Add sources from the verdict form.")
        if form.is_valid():
            source = form.save()
            if inline:
                context = _evidence_row_context(source, index)
                return render(request, "factcheck/desk/source_form.html#source-added", context)
            messages.success(request, f"Source added: “{source.title}”.")
            search = reverse("desk:sources") + "?" + urlencode({"q": source.title})
            return _see_other(_safe_next(request) or search)
        status = 422
    template = page_or_fragment(request, "factcheck/desk/source_form.html", "source-fields")
    context = {"form": form, "inline": inline, "next": _safe_next(request) or ""}
    return render(request, template, context, status=status)
