"""Review: an approver publishes a verdict in review, or sends it back with a note."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from factcheck import roles, services
from factcheck.desk.forms import NoteForm, PublishCorrectionForm, add_service_errors
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.claims import claim_queryset
from factcheck.desk.views.common import problem, refusal_message, refusal_status, see_other
from factcheck.models import Action, Evidence, Mention, Verdict
from factcheck.services import StaleVerdictError
from factcheck.wording import Piece, word_diff
from kit.htmx import AuthenticatedHtmxRequest
from kit.params import bounded_int


@dataclass(frozen=True)
class Change:
    """One part of a verdict a correction changes, word by word."""

    label: str  # "Rating", "Finding", ...
    pieces: list[Piece]

    @property
    def replacing(self) -> set[int]:
        """Where an added piece follows a removed one straight away: words replacing
        others, set apart from them ("Accurate Mostly accurate", not run together)."""
        return {
            number
            for number, (kind, _) in enumerate(self.pieces)
            if kind == "added" and number and self.pieces[number - 1][0] == "removed"
        }


def _changes(published: Verdict, correction: Verdict) -> list[Change]:
    """What the correction changes from the published verdict, part by part (the parts it
    leaves alone are left out): what the approver is asked to publish."""

    def sources(verdict: Verdict) -> str:
        return "\n".join(
            f"{row.get_stance_display()}: {row.source.title}" for row in verdict.evidence.all()
        )

    parts = [
        ("Rating", published.level.label, correction.level.label),
        ("Finding", published.rationale, correction.rationale),
        ("Analysis", published.analysis, correction.analysis),
        ("Evidence checked as of", f"{published.as_of:%-d %B %Y}", f"{correction.as_of:%-d %B %Y}"),
        ("Sources", sources(published), sources(correction)),
    ]
    return [Change(label, word_diff(old, new)) for label, old, new in parts if old != new]


# The links a publication would make public, listed on the review page before "and N more".
PLACEMENTS_SHOWN = 20


def _render_review(
    request: AuthenticatedHtmxRequest,
    verdict: Verdict,
    *,
    publish_form: PublishCorrectionForm | None = None,
    return_form: NoteForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    claim = claim_queryset().get(pk=verdict.claim_id)
    quote = claim.quote
    proposal = None
    if verdict.revises_id:
        proposal = verdict.actions.filter(verb=Action.Verb.DRAFTED).select_related("actor").last()
    if publish_form is None and verdict.revises_id:
        publish_form = PublishCorrectionForm(
            initial={"note": proposal.note if proposal else ""}, auto_id=PUBLISH_IDS
        )
    # What publishing also makes public: the quote's links made at the desk, and the
    # events made with them (services._publish_placements). A few shown, then how many.
    pending = Mention.objects.filter(quote=quote).pending()
    by_date = pending.select_related("event").order_by("event_date_lower", "event_date_upper", "pk")
    placements = list(by_date[: PLACEMENTS_SHOWN + 1])
    problem = verdict.review_refusal(request.user)
    context = {
        "verdict": verdict,
        "claim": claim,
        "placements": placements[:PLACEMENTS_SHOWN],
        "more_placements": pending.count() - PLACEMENTS_SHOWN
        if len(placements) > PLACEMENTS_SHOWN
        else 0,
        "quote": quote,
        "previous": verdict.revises,
        "changes": _changes(verdict.revises, verdict) if verdict.revises else [],
        "proposal": proposal,
        "publish_form": publish_form,
        "return_form": return_form or _return_form(),
        "problem": problem,
        # Who may not review it because they wrote or edited it may take it back to edit.
        "can_take_back": request.user.has_perm(roles.EDIT_VERDICT)
        and not verdict.take_back_refusal(request.user),
        # No verdict is published on an interview readers cannot see yet.
        "unpublished_interview": None if quote.transcript.is_published else quote.transcript,
        "actions": verdict.actions.select_related("actor"),
        "error": error,
    }
    return render(request, "factcheck/desk/review.html", context, status=status)


def _refused(
    request: AuthenticatedHtmxRequest,
    verdict: Verdict,
    error: PermissionDenied | ValidationError,
    *,
    publish_form: PublishCorrectionForm | None = None,
    return_form: NoteForm | None = None,
) -> HttpResponse:
    """The review page again: what the service refused beside the field it names, or
    above the page."""
    typed = [form for form in (publish_form, return_form) if form is not None]
    status = refusal_status(error, *typed)
    message = refusal_message(error)
    if isinstance(error, ValidationError) and error.code == "discarded":
        # Nothing to review now: the claim's page, not this one's buttons.
        onward = (reverse("desk:claim", args=[verdict.claim.slug]), "Open the claim")
        note = " ".join(form.data.get("note", "") for form in typed).strip()
        return problem(request, message, 409, onward=onward, typed=note)
    if status == 422 and isinstance(error, ValidationError):
        for form in typed:
            add_service_errors(form, error)
        message = ""
    return _render_review(
        request,
        verdict,
        publish_form=publish_form,
        return_form=return_form,
        error=message,
        status=status,
    )


def _changed_since(
    request: AuthenticatedHtmxRequest, pk: int, error: StaleVerdictError, undone: str
) -> HttpResponse:
    """The review page again, with the draft as it is now: it changed after the reviewer
    opened it (taken back, rewritten and submitted again), and they decide on what they
    read."""
    message = f"{error.changed}, so {undone}. It is shown below as it is now: read it again."
    return _render_review(request, _review_verdict(pk), error=message, status=409)


# The two forms of the review share field names (each posts its own "note"): their ids
# differ, or a label would lead to the other form's box (a public note typed as a return).
PUBLISH_IDS = "publish_%s"
RETURN_IDS = "return_%s"


def _return_form(data=None) -> NoteForm:
    return NoteForm(
        data,
        auto_id=RETURN_IDS,
        label="What needs changing",
        help_text="The editors see this note with the draft.",
    )


def _review_verdict(pk: int) -> Verdict:
    evidence = Evidence.objects.select_related("source")
    return get_object_or_404(
        Verdict.objects.select_related(
            "level", "author", "revises__level", "claim"
        ).prefetch_related(
            Prefetch("evidence", queryset=evidence),
            Prefetch("revises__evidence", queryset=evidence),
        ),
        pk=pk,
    )


@require_safe
@desk_permission_required(roles.VIEW_DESK, roles.PUBLISH_VERDICT)
def desk_verdict_review(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _render_review(request, _review_verdict(pk))


@require_POST
@desk_permission_required(roles.VIEW_DESK, roles.PUBLISH_VERDICT)
def desk_verdict_publish(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    verdict = _review_verdict(pk)
    publish_form = None
    kind = note = ""
    if verdict.revises_id:
        publish_form = PublishCorrectionForm(request.POST, auto_id=PUBLISH_IDS)
        if not publish_form.is_valid():
            return _render_review(request, verdict, publish_form=publish_form, status=422)
        kind, note = publish_form.cleaned_data["kind"], publish_form.cleaned_data["note"]
    try:
        services.verdict_publish(
            verdict=verdict,
            by=request.user,
            version=bounded_int(request.POST.get("version")),
            correction_kind=kind,
            correction_note=note,
        )
    except StaleVerdictError as error:
        return _changed_since(request, pk, error, "nothing was published")
    except (PermissionDenied, ValidationError) as error:
        return _refused(request, verdict, error, publish_form=publish_form)
    messages.success(request, "Published." if not kind else "Published, with the correction.")
    return see_other(reverse("desk:claim", args=[verdict.claim.slug]))


@require_POST
@desk_permission_required(roles.VIEW_DESK, roles.PUBLISH_VERDICT)
def desk_verdict_return(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    verdict = _review_verdict(pk)
    form = _return_form(request.POST)
    if form.is_valid():
        try:
            services.verdict_return(
                verdict=verdict,
                note=form.cleaned_data["note"],
                by=request.user,
                version=bounded_int(request.POST.get("version")),
            )
        except StaleVerdictError as error:
            return _changed_since(request, pk, error, "it was not sent back")
        except (PermissionDenied, ValidationError) as error:
            return _refused(request, verdict, error, return_form=form)
        messages.success(request, "Sent back to the editors with your note.")
        return see_other(reverse("desk:queue") + "?tab=review")
    return _render_review(request, verdict, return_form=form, status=422)
