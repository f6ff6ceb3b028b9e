"""Corrections and withdrawals of a published verdict: one page, worded for each."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from factcheck import roles, services
from factcheck.desk.forms import NoteForm, add_service_errors
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.common import problem, refusal_status, see_other
from factcheck.models import Verdict
from kit.htmx import AuthenticatedHtmxRequest


@dataclass(frozen=True)
class Change:
    """A change to a published verdict, as its page words it."""

    done: str  # what the verdict will have been: "corrected", "withdrawn"
    title: str
    help: str
    note_label: str
    note_help: str
    button: str
    nothing_done: str  # what an invalid note leaves undone
    danger: bool = False


CORRECT = Change(
    done="corrected",
    title="Correct the verdict",
    help="A published verdict is never edited. Starting a correction copies it into a new "
    "draft; you change the draft and submit it, and an approver publishes it with a public "
    "correction note. Until then readers keep seeing the published verdict.",
    note_label="What needs correcting",
    note_help="For the reviewer; it is offered as the public note when the correction is "
    "published.",
    button="Start the correction",
    nothing_done="Nothing was started",
)
WITHDRAW = Change(
    done="withdrawn",
    title="Withdraw the verdict",
    help="Withdrawing takes the verdict off the claim at once and publishes a correction "
    "saying so. The verdict stays in the claim’s public history. To change the verdict "
    "instead, correct it.",
    note_label="Public note",
    note_help="Why the verdict is withdrawn; readers see it on the claim page, the "
    "corrections page and in the feed.",
    button="Withdraw the verdict",
    nothing_done="Nothing was withdrawn",
    danger=True,
)


def _change_page(
    request: AuthenticatedHtmxRequest,
    pk: int,
    change: Change,
    act: Callable[[Verdict, str], HttpResponse],
) -> HttpResponse:
    """The page asking for the note; on a valid post, `act` calls the service and answers."""
    verdict = get_object_or_404(
        Verdict.objects.select_related("level", "claim__quote__speaker"), pk=pk
    )
    refusal = verdict.replacement_refusal(change.done)
    if refusal:
        return problem(request, refusal, 409)
    under_way = verdict.claim.open_verdict()
    if under_way is not None and change is CORRECT:  # started meanwhile, elsewhere
        return problem(
            request,
            f"A correction of this verdict is under way already "
            f"({under_way.get_status_display().lower()}): carry on with it rather than "
            "starting another.",
            409,
            onward=(reverse("desk:claim", args=[verdict.claim.slug]), "Open the claim's page"),
        )
    form = NoteForm(request.POST or None, label=change.note_label, help_text=change.note_help)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                return act(verdict, form.cleaned_data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
                status = refusal_status(error, form)
    context = {
        "verdict": verdict,
        "claim": verdict.claim,
        "form": form,
        "change": change,
        # Withdrawing leaves a correction under way as it is: the page says so.
        "under_way": under_way,
    }
    return render(request, "factcheck/desk/change.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, *roles.CAN_CORRECT)
def desk_verdict_correct(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    def start(verdict: Verdict, note: str) -> HttpResponse:
        revision = services.verdict_correct(verdict=verdict, note=note, by=request.user)
        messages.success(
            request, "Correction started: change the draft, then submit it for review."
        )
        return see_other(reverse("desk:verdict_edit", args=[revision.pk]))

    return _change_page(request, pk, CORRECT, start)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, *roles.CAN_WITHDRAW)
def desk_verdict_withdraw(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    def withdraw(verdict: Verdict, note: str) -> HttpResponse:
        services.verdict_withdraw(verdict=verdict, note=note, by=request.user)
        messages.success(request, "The verdict is withdrawn; the correction is public.")
        return see_other(reverse("desk:claim", args=[verdict.claim.slug]))

    return _change_page(request, pk, WITHDRAW, withdraw)
