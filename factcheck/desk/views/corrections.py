"""Corrections and withdrawals of a published verdict."""

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
from kit.htmx import HtmxHttpRequest


def _published_verdict(pk: int) -> Verdict:
    return get_object_or_404(
        Verdict.objects.select_related("level", "claim__quote__speaker"), pk=pk
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, *roles.CAN_CORRECT)
def desk_verdict_correct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = _published_verdict(pk)
    refusal = verdict.replacement_refusal("corrected")
    if refusal:
        return problem(request, refusal, 409)
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
                status = refusal_status(error, form)
            else:
                messages.success(
                    request, "Correction started: change the draft, then submit it for review."
                )
                return see_other(reverse("desk:verdict_edit", args=[revision.pk]))
    context = {"verdict": verdict, "claim": verdict.claim, "form": form}
    return render(request, "factcheck/desk/correct.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, *roles.CAN_WITHDRAW)
def desk_verdict_withdraw(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    verdict = _published_verdict(pk)
    refusal = verdict.replacement_refusal("withdrawn")
    if refusal:
        return problem(request, refusal, 409)
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
                status = refusal_status(error, form)
            else:
                messages.success(request, "The verdict is withdrawn; the correction is public.")
                return see_other(reverse("desk:claim", args=[verdict.claim.slug]))
    context = {"verdict": verdict, "claim": verdict.claim, "form": form}
    return render(request, "factcheck/desk/withdraw.html", context, status=status)
