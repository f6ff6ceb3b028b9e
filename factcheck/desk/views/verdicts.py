"""Logging and editing a verdict (with the conflict when someone saved meanwhile), and
submitting it for review."""

import json
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from factcheck import roles, services
from factcheck.desk.forms import VerdictForm, add_service_errors, edited_meanwhile, evidence_formset
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.claims import claim_context, claim_queryset, render_claim
from factcheck.desk.views.common import problem, refusal_message, refusal_status, see_other
from factcheck.models import Claim, Source, Verdict
from factcheck.services import StaleVerdictError, VerdictSnapshot
from kit.htmx import AuthenticatedHtmxRequest, page_or_fragment, vary_on_htmx
from kit.params import bounded_int


def _evidence_initial(verdict: Verdict) -> list[dict]:
    return [
        {"source": row.source_id, "stance": row.stance, "note": row.note}
        for row in verdict.evidence.order_by("position")
    ]


# The fields a three-way merge compares, with the labels the editor reads.
MERGED = {
    "level": "Rating",
    "rationale": "Rationale",
    "analysis": "Analysis",
    "as_of": "As of",
    "evidence": "Evidence",
}


def snapshot_values(level_id, rationale: str, analysis: str, as_of, evidence) -> dict:
    """A verdict's editable values, as the form carries them (`base`) and merges them."""
    return {
        "level": level_id,
        "rationale": rationale,
        "analysis": analysis.strip(),
        "as_of": as_of.isoformat(),
        "evidence": [[item.source.pk, item.stance, item.note] for item in evidence],
    }


def _merge(base: dict, current: VerdictSnapshot, form: VerdictForm, formset, post) -> tuple:
    """The form's data with what only the other editor changed since `base` taken in, and
    (the labels of the fields taken, those both editors changed differently)."""
    data = form.cleaned_data
    mine = snapshot_values(
        data["level"].pk, data["rationale"], data["analysis"], data["as_of"],
        formset.evidence_items(),
    )  # fmt: skip
    theirs = snapshot_values(
        current.level.pk, current.rationale, current.analysis, current.as_of, current.evidence
    )
    merged = post.copy()
    taken, both = edited_meanwhile(base, mine, theirs)
    for name in taken:
        if name == "evidence":
            for key in [key for key in merged if key.startswith("evidence-")]:
                del merged[key]
            merged["evidence-TOTAL_FORMS"] = str(len(theirs[name]))
            merged["evidence-INITIAL_FORMS"] = "0"
            for index, (source, stance, note) in enumerate(theirs[name]):
                merged[f"evidence-{index}-source"] = str(source)
                merged[f"evidence-{index}-stance"] = stance
                merged[f"evidence-{index}-note"] = note
        else:
            merged[name] = str(theirs[name])
    merged["base"] = json.dumps(theirs)
    return merged, [MERGED[name] for name in taken], [MERGED[name] for name in both]


def _render_verdict_form(
    request: AuthenticatedHtmxRequest,
    *,
    claim: Claim,
    form: VerdictForm,
    formset,
    verdict: Verdict | None = None,
    in_place: bool = False,
    conflict: list | None = None,
    stale: StaleVerdictError | None = None,
    merge: dict | None = None,
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
        "merge": merge,
        "action_url": (
            reverse("desk:verdict_edit", args=[verdict.pk])
            if verdict
            else reverse("desk:verdict_create", args=[claim.slug])
        ),
    }
    return render(request, template, context, status=status)


def _saved(request: AuthenticatedHtmxRequest, verdict: Verdict, *, in_place: bool) -> HttpResponse:
    """After a save: in place, the claim page's verdict panel replaces the form's slot;
    otherwise the browser goes to the claim page (post/redirect/get)."""
    submitted = verdict.status == Verdict.Status.IN_REVIEW
    notice = "Submitted for review." if submitted else "Draft saved."
    claim = verdict.claim
    if request.htmx and in_place:
        claim = claim_queryset().get(pk=claim.pk)
        context = claim_context(claim, request.user, notice=notice)
        response = render(request, "factcheck/desk/claim.html#verdicts", context)
        return reswap(retarget(response, "#desk-verdicts"), "outerHTML")
    messages.success(request, notice)
    url = reverse("desk:claim", args=[claim.slug])
    return HttpResponseClientRedirect(url) if request.htmx else see_other(url)


def _typed(form: VerdictForm, formset) -> dict:
    """What the editor typed, as the verdict services take it."""
    values = {name: form.cleaned_data[name] for name in ("level", "rationale", "analysis", "as_of")}
    return {**values, "evidence": formset.evidence_items()}


def _refused(
    request: AuthenticatedHtmxRequest,
    error: ValidationError,
    *,
    claim: Claim,
    form: VerdictForm,
    formset,
    **options,
) -> HttpResponse:
    """The form again, every word typed kept, with what the service refused: beside the
    fields it names (422), or above them when the claim or verdict does not allow it (409:
    a correction that changes nothing yet, say). Wherever the form is, on the claim's page or
    on its own, the answer takes its place."""
    status = refusal_status(error, form, formset)
    if status == 422:
        add_service_errors(form, error)
    else:
        form.add_error(None, refusal_message(error))
    return _render_verdict_form(
        request, claim=claim, form=form, formset=formset, status=status, **options
    )


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.DRAFT_VERDICT)
def desk_verdict_create(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(claim_queryset(), slug=slug)
    refusal = claim.drafting_refusal()
    in_place = bool(request.htmx) if request.method == "GET" else "in_place" in request.POST
    if refusal and request.method != "POST":
        return render_claim(request, claim, status=409, error=refusal)
    if refusal:
        # Another verdict was begun or published on the claim while this one was typed:
        # the form comes back with every word, and why it cannot be saved.
        form, formset = VerdictForm(request.POST), evidence_formset(request.POST)
        for each in (form, formset):
            each.full_clean()  # read what was typed, to show it again as typed
        form.add_error(None, refusal)
        return _render_verdict_form(
            request, claim=claim, form=form, formset=formset, in_place=in_place, status=409
        )
    if request.method == "GET":
        form = VerdictForm(initial={"as_of": timezone.localdate()})
        formset = evidence_formset()
        return _render_verdict_form(
            request, claim=claim, form=form, formset=formset, in_place=in_place
        )
    form, formset = VerdictForm(request.POST), evidence_formset(request.POST)
    submit = request.POST.get("_action") == "submit"
    if form.is_valid() and formset.is_valid():
        try:
            verdict = services.verdict_draft(
                claim=claim, **_typed(form, formset), submit=submit, by=request.user
            )
        except ValidationError as error:
            return _refused(
                request, error, claim=claim, form=form, formset=formset, in_place=in_place
            )
        return _saved(request, verdict, in_place=in_place)
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


def _typed_text(post: QueryDict) -> str:
    """What a verdict's form held, as text to copy: the finding, the analysis, and each
    source cited with what it shows and the note written of it."""
    parts = [post.get(name, "").strip() for name in ("rationale", "analysis")]
    cited = {
        key: post.get(key, "")
        for key in post
        if key.startswith("evidence-") and key.endswith("-source")
    }
    titles = dict(
        Source.objects.filter(pk__in=[v for v in cited.values() if v.isdigit()]).values_list(
            "pk", "title"
        )
    )
    for key, pk in cited.items():
        row = key.removesuffix("-source")
        title = titles.get(int(pk), "A source") if pk.isdigit() else "A source"
        stance, note = post.get(f"{row}-stance", ""), post.get(f"{row}-note", "").strip()
        parts.append(
            f"{title}" + (f" ({stance})" if stance else "") + (f": {note}" if note else "")
        )
    return "\n\n".join(filter(None, parts))


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.EDIT_VERDICT)
def desk_verdict_edit(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    verdict = Verdict.objects.select_related("claim", "level__scale").filter(pk=pk).first()
    if verdict is None and request.method == "POST":
        # Discarded since the form was opened (or never was): what was typed is not lost,
        # said where the form was (a 409, which htmx puts in its place).
        gone = "No draft has this number now: it was discarded. Nothing was saved."
        return problem(request, gone, 409, typed=_typed_text(request.POST))
    if verdict is None:
        raise Http404("No such draft.")
    claim = claim_queryset().get(pk=verdict.claim_id)
    in_place = bool(request.htmx) if request.method == "GET" else "in_place" in request.POST
    retired = None if verdict.level.scale.is_current else verdict.level
    if request.method == "GET":
        refusal = verdict.edit_refusal()
        if refusal:
            return render_claim(request, claim, status=409, error=refusal)
        form = VerdictForm(
            initial={
                "level": verdict.level_id,
                "rationale": verdict.rationale,
                "analysis": verdict.analysis,
                "as_of": verdict.as_of,
                "version": verdict.version,
                "base": snapshot_values(
                    verdict.level_id,
                    verdict.rationale,
                    verdict.analysis,
                    verdict.as_of,
                    verdict.evidence.select_related("source").order_by("position"),
                ),
            },
            retired=retired,
        )
        formset = evidence_formset(initial=_evidence_initial(verdict))
        return _render_verdict_form(
            request, claim=claim, form=form, formset=formset, verdict=verdict, in_place=in_place
        )
    form, formset = VerdictForm(request.POST, retired=retired), evidence_formset(request.POST)
    submit = request.POST.get("_action") == "submit"
    if form.is_valid() and not form.cleaned_data["version"]:
        form.add_error(None, "This form is missing its version; reload the draft and edit again.")
    if form.is_valid() and formset.is_valid():
        try:
            saved = services.verdict_update(
                verdict=verdict,
                version=form.cleaned_data["version"],
                **_typed(form, formset),
                submit=submit,
                by=request.user,
            )
        except StaleVerdictError as stale:
            # Keep every word this editor typed. While it is a draft, the form now carries
            # the version saved meanwhile, so saving again (after comparing) is a deliberate
            # overwrite; once it is in review, nothing can be saved over it.
            conflict = _conflict(stale.current, form, formset)
            data, merge = request.POST.copy(), None
            base = form.cleaned_data.get("base")
            if stale.current.is_draft and isinstance(base, dict):
                data, taken, both = _merge(base, stale.current, form, formset, request.POST)
                merge = {"taken": taken, "both": both}
                conflict = [row for row in conflict if row["label"] in both]
            if stale.current.is_draft:
                data["version"] = str(stale.current.version)
            return _render_verdict_form(
                request,
                claim=claim,
                form=VerdictForm(data, retired=retired),
                formset=evidence_formset(data),
                verdict=verdict,
                in_place=in_place,
                conflict=conflict,
                stale=stale,
                merge=merge,
                status=409,
            )
        except ValidationError as error:
            return _refused(
                request,
                error,
                claim=claim,
                form=form,
                formset=formset,
                verdict=verdict,
                in_place=in_place,
            )
        return _saved(request, saved, in_place=in_place)
    return _render_verdict_form(
        request,
        claim=claim,
        form=form,
        formset=formset,
        verdict=verdict,
        in_place=in_place,
        status=422,
    )


def _step(
    request: AuthenticatedHtmxRequest,
    pk: int,
    step: Callable[..., object],
    *,
    done: str,
    stale: str,
) -> HttpResponse:
    """Move a verdict on (`step`: a service given the verdict, the version the page showed
    and the editor), then back to its claim saying `done`; refused, the claim's page
    saying why (after `stale`, when the verdict had changed since the page was read)."""
    verdict = get_object_or_404(Verdict, pk=pk)
    claim = claim_queryset().get(pk=verdict.claim_id)
    version = bounded_int(request.POST.get("version"))
    if version is None:
        return render_claim(
            request, claim, status=400, error="Reload the page: the form had no version."
        )
    try:
        step(verdict=verdict, version=version, by=request.user)
    except (StaleVerdictError, ValidationError, PermissionDenied) as error:
        status, message = refusal_status(error), refusal_message(error)
        if isinstance(error, StaleVerdictError):  # nothing was typed: nothing to compare
            message = f"{error.changed}, {stale}"
        return render_claim(request, claim, status=status, error=message)
    messages.success(request, done)
    return see_other(reverse("desk:claim", args=[claim.slug]))


@require_POST
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.EDIT_VERDICT)
def desk_verdict_submit(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        services.verdict_submit,
        done="Submitted for review.",
        stale="so it was not submitted. It is shown below as saved now: read it, then submit "
        "it if it is ready.",
    )


@require_POST
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.EDIT_VERDICT)
def desk_verdict_discard(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    """A draft begun in error, discarded (services.verdict_discard)."""
    return _step(
        request,
        pk,
        services.verdict_discard,
        done="Discarded the draft. The record keeps what it said.",
        stale="so it was not discarded. It is shown below as saved now: read it first.",
    )


@require_POST
@vary_on_htmx
@desk_permission_required(roles.VIEW_DESK, roles.EDIT_VERDICT)
def desk_verdict_take_back(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    """A draft in review taken back to edit by one who wrote or edited it."""
    return _step(
        request,
        pk,
        services.verdict_take_back,
        done="Taken back: it is a draft again, to edit and submit when it is ready.",
        stale="so it was not taken back. It is shown below as saved now.",
    )
