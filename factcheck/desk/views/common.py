"""What every view of the desk shares: post/redirect/get, the page saying what went wrong,
and how a service's refusal is answered."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from factcheck.models import Transcript, Verdict, VerdictQuerySet
from factcheck.services import StaleVerdictError
from kit.htmx import AuthenticatedHtmxRequest, page_or_fragment

Refusal = PermissionDenied | ValidationError | StaleVerdictError


def see_other(url: str) -> HttpResponseRedirect:
    """Post/redirect/get: 303 tells the browser to GET the next page."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def problem(
    request: AuthenticatedHtmxRequest,
    message: str,
    status: int = 400,
    onward: tuple[str, str] | None = None,
    typed: str = "",
) -> HttpResponse:
    """The desk's page (or, for htmx, its fragment) saying what went wrong, and where to go
    on (`onward`: an address and its link's words), when there is a better place; with
    `typed`, what the editor wrote and was refused, to copy and send again."""
    template = page_or_fragment(request, "factcheck/desk/problem.html", "problem")
    context = {"message": message, "onward": onward, "typed": typed}
    return render(request, template, context, status=status)


def refusal_status(error: Refusal, *inputs: forms.BaseForm | forms.BaseFormSet) -> int:
    """The status that answers a service's refusal, the same on every page of the desk.

    403 when the user may not do it (the two-person rule included). 422 when the refusal
    names something typed in `inputs` (a form's field, or a formset by its prefix): it is
    shown there, to be corrected. 409 otherwise: the claim or verdict is no longer in a
    state that allows it (saved by someone else meanwhile, published, withdrawn), and the
    editor has to look again rather than retype."""
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        typed = set()
        for each in inputs:
            typed |= set(each.fields) if isinstance(each, forms.BaseForm) else {str(each.prefix)}
        if typed & set(error.error_dict):
            return 422
    return 409


def refusal_message(error: Refusal) -> str:
    """What the refusal says, as one line above the page's content."""
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def waiting_on(transcript: Transcript) -> VerdictQuerySet:
    """The verdicts in review on claims quoted from `transcript`: those its publication lets
    an approver publish."""
    return Verdict.objects.in_review().filter(claim__quote__transcript=transcript)
