"""A claim's place on the chronology: link its quote to events, create one with its date
typed as people say it, take back a link readers have not seen yet."""

import functools
import re
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from factcheck import roles, services
from factcheck.desk.forms import EventCreateForm, EventLinkForm, add_service_errors
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.placements import LINK_PREFIX, NEW_PREFIX, readings
from factcheck.desk.views.claims import claim_actions, claim_queryset, render_claim
from factcheck.desk.views.common import refusal_message, refusal_status, see_other
from factcheck.models import Claim, Mention
from kit.htmx import AuthenticatedHtmxRequest, vary_on_htmx, wants_fragment
from timeline.models import Event

PLACE = (roles.VIEW_DESK, *services.PLACE_ON_CHRONOLOGY)


def _placed(
    request: AuthenticatedHtmxRequest, claim: Claim, notice: str, warning: str = ""
) -> HttpResponse:
    """After a change: the chronology panel again with the record of who did what, which
    the change added to (htmx), or back to the claim's page; with `warning`, what the
    editor should look at again."""
    if wants_fragment(request):
        return render_claim(
            request,
            claim,
            fragment="chronology",
            chronology={"placement_notice": notice, "placement_warning": warning},
            actions=claim_actions(claim),
            actions_oob=True,
        )
    # Said in the panel the page opens at, not above the page, out of sight.
    messages.success(request, notice, extra_tags="desk-chronology")
    if warning:
        messages.warning(request, warning, extra_tags="desk-chronology")
    return see_other(reverse("desk:claim", args=[claim.slug]) + "#desk-chronology")


# How many events holding a new event's words are compared with its title: more than
# ever share one title, however large the archive.
SAME_TITLE_CANDIDATES = 50


def _plain(title: str) -> str:
    """A title as its words alone: no case, no punctuation ("Xi's visit." = "xi s visit")."""
    return " ".join(re.findall(r"\w+", title.casefold()))


def _same_title(mention: Mention) -> str:
    """What to say when the event just created has the title of another, its case and
    punctuation aside: the same event twice on the chronology, most likely, which the
    other's link would have avoided. The others are found by the full-text index."""
    event = mention.event
    plain = _plain(event.title)
    if not plain:
        return ""
    candidates = (
        Event.objects.matching(event.title)
        .exclude(pk=event.pk)
        .only("title", "date_label")[:SAME_TITLE_CANDIDATES]
    )
    other = next((each for each in candidates if _plain(each.title) == plain), None)
    if other is None:
        return ""
    return (
        f"Another event has this title: “{other.title}” ({other.date_label}). If it is the "
        "same event, link that one and unlink this."
    )


def _date_warning(mention: Mention) -> str:
    """What to say when the date as spoken does not meet the event's documented date: the
    public event page will mark it "Not the documented date", which may be the point (the
    speaker misremembered) or a slip (the wrong event, or a mistyped date)."""
    if mention.agrees_with(mention.event) is not False:
        return ""
    return (
        f"“{mention.phrase}” reads as {mention.heard_label}, which is not the event's date "
        f"({mention.event.date_label}): readers will see it marked “Not the documented "
        "date”. If that is not the point, check the event and its date, or unlink it."
    )


def _refused(
    request: AuthenticatedHtmxRequest, claim: Claim, status: int, **chronology
) -> HttpResponse:
    return render_claim(request, claim, status=status, fragment="chronology", chronology=chronology)


@require_safe
@vary_on_htmx
@desk_permission_required(*PLACE)
def desk_event_date_preview(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    """HTMX only: the `date-preview` fragment, how the new event's date and the date as
    spoken are read."""
    claim = get_object_or_404(claim_queryset(), slug=slug)
    date = request.GET.get(f"{NEW_PREFIX}-date", "")[:200]
    phrase = request.GET.get(f"{NEW_PREFIX}-phrase", "")[:200]
    context = readings(claim, date, phrase)
    return render(request, "factcheck/desk/claim.html#date-preview", context)


def _place(
    request: AuthenticatedHtmxRequest,
    claim: Claim,
    form: forms.Form,
    place: Callable[..., Mention],
    notice: Callable[[Mention], str],
    created: bool = False,
) -> HttpResponse:
    """`place(**the form's cleaned data)`, then the panel with `notice(the link)`; or the
    panel again with the form and what refused it (422 for what was typed)."""
    status = 422
    if form.is_valid():
        try:
            mention = place(**form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            status = refusal_status(error, form)
            if isinstance(error, ValidationError):
                add_service_errors(form, error)
            else:
                form.add_error(None, str(error))
        else:
            warnings = [_date_warning(mention), _same_title(mention) if created else ""]
            return _placed(request, claim, notice(mention), " ".join(filter(None, warnings)))
    if isinstance(form, EventLinkForm):  # the events found again, the one chosen kept
        search = request.POST.get("events", "")[:200]
        return _refused(request, claim, status, link_form=form, query=search)
    return _refused(request, claim, status, event_form=form)


@require_POST
@vary_on_htmx
@desk_permission_required(*PLACE)
def desk_event_link(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(claim_queryset(), slug=slug)
    return _place(
        request,
        claim,
        EventLinkForm(request.POST, prefix=LINK_PREFIX),
        functools.partial(services.claim_event_link, claim=claim, by=request.user),
        lambda mention: f"Linked to “{mention.event.title}”.",
    )


@require_POST
@vary_on_htmx
@desk_permission_required(*PLACE)
def desk_event_create(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(claim_queryset(), slug=slug)
    return _place(
        request,
        claim,
        EventCreateForm(request.POST, prefix=NEW_PREFIX),
        functools.partial(services.claim_event_create, claim=claim, by=request.user),
        lambda mention: f"Event created: “{mention.event.title}” ({mention.event.date_label}).",
        created=True,
    )


@require_POST
@vary_on_htmx
@desk_permission_required(*PLACE)
def desk_event_unlink(request: AuthenticatedHtmxRequest, slug: str, pk: int) -> HttpResponse:
    claim = get_object_or_404(claim_queryset(), slug=slug)
    mention = Mention.objects.select_related("event").filter(pk=pk, quote=claim.quote_id).first()
    if mention is None:  # unlinked from another tab, or by someone else, meanwhile
        return _refused(
            request,
            claim,
            409,
            placement_error="That link is gone already: someone unlinked it meanwhile. "
            "The quote's links are listed as they are now.",
        )
    try:
        services.claim_event_unlink(claim=claim, mention=mention, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        return _refused(
            request, claim, refusal_status(error), placement_error=refusal_message(error)
        )
    return _placed(request, claim, f"Unlinked “{mention.event.title}”.")
