"""Interviews in: an editor pastes or uploads a transcript, sees how each paragraph was
read, corrects any role or speaker and saves; another approver publishes it."""

import dataclasses
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from factcheck import roles, services
from factcheck.desk.forms import (
    TranscriptDetailsForm,
    TranscriptImportForm,
    add_service_errors,
    edited_meanwhile,
)
from factcheck.desk.permissions import desk_permission_required
from factcheck.desk.views.common import (
    problem,
    refusal_message,
    refusal_status,
    see_other,
    waiting_on,
)
from factcheck.models import Claim, Mention, Passage, Transcript, Verdict
from factcheck.transcripts import ParsedTranscript, content_hash
from kit.htmx import AuthenticatedHtmxRequest, page_or_fragment, vary_on_htmx
from kit.params import bounded_int
from kit.responses import readable_size


def row_digest(words: str) -> str:
    """What a preview row says of its paragraph's words (words-N): enough to find the same
    paragraph in the text as changed since, and no more than a few bytes a row."""
    return hashlib.sha256(words.encode()).hexdigest()[:16]


@dataclass
class Corrections:
    """The editor's corrections to take into this reading, by passage number, and how many
    could not be: their paragraphs are no longer in the text as they were."""

    by_number: dict[int, services.PassageCorrection] = dataclasses.field(default_factory=dict)
    set_aside: int = 0


def corrections_from(
    post: QueryDict, text: str, paragraphs: Callable[[], list[str]]
) -> Corrections:
    """The role and speaker chosen for each passage of the preview (role-N, speaker-N, with
    the role it showed them beside, shown-role-N, and the role and speaker it read the
    passage as, read-role-N and read-speaker-N). A preview of another text (`previewed`: a
    paragraph added, a typo mended) numbered its passages otherwise: each correction goes to
    the passage of the same words (words-N) in `paragraphs()`, the text's passages as read
    now (the second of two alike to the second: "Yes." said twice), or is set aside, and
    counted, when there is none, or when as many alike are not there as before."""
    posted = {}
    for key in post:
        row = key.removeprefix("role-")
        if key.startswith("role-") and row.isdigit():
            posted[int(row)] = services.PassageCorrection(
                role=post.get(key, ""),
                speaker=post.get(f"speaker-{row}", ""),
                shown_role=post.get(f"shown-role-{row}", ""),
                read_role=post.get(f"read-role-{row}", ""),
                read_speaker=post.get(f"read-speaker-{row}", ""),
            )
    if post.get("previewed") == content_hash(text):
        return Corrections(posted)
    # Rows left as read say nothing: the new text is read afresh for them.
    made = {number: each for number, each in posted.items() if not each.as_read}
    if not made:
        return Corrections()
    before: dict[str, list[int]] = defaultdict(list)  # the rows of each digest, in order
    for key in post:
        row = key.removeprefix("words-")
        if key.startswith("words-") and row.isdigit():
            before[post.get(key, "")].append(int(row))
    now: dict[str, list[int]] = defaultdict(list)
    for number, words in enumerate(paragraphs(), start=1):
        now[row_digest(words)].append(number)
    carried = Corrections()
    for number, correction in sorted(made.items()):
        digest = post.get(f"words-{number}", "")
        alike = sorted(before.get(digest, ()))
        if digest and alike and len(alike) == len(now.get(digest, ())):
            carried.by_number[now[digest][alike.index(number)]] = correction
        else:
            carried.set_aside += 1
    return carried


def _paragraphs(form: TranscriptImportForm) -> Callable[[], list[str]]:
    """The words of each passage of the form's text, as read without corrections (none when
    it cannot be read: the preview says why)."""

    def read() -> list[str]:
        data = form.cleaned_data
        if "text" not in data:  # refused by the form (emptied, a control character)
            return []
        try:
            parsed = services.transcript_preview(
                text=data["text"],
                interviewer=data.get("interviewer", ""),
                interviewee=data.get("interviewee", ""),
                speakers=form.speaker_names(),
            )
        except ValidationError:
            return []
        return [row["words"] for row in _rows(parsed)]

    return read


def _preview(
    form: TranscriptImportForm, corrections: dict[int, services.PassageCorrection]
) -> ParsedTranscript | None:
    """The transcript as the import would read it, as soon as its text can be read: the
    names help say who speaks, but the preview does not wait for them (nor for the title or
    the date, which only saving needs)."""
    data = form.cleaned_data
    try:
        return services.transcript_preview(
            text=data["text"],
            interviewer=data.get("interviewer", ""),
            interviewee=data.get("interviewee", ""),
            speakers=form.speaker_names(),
            corrections=corrections,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _before_saving(form: TranscriptImportForm, parsed: ParsedTranscript | None) -> None:
    """Add to a preview's list what saving would refuse of the details given so far (a date
    after today, the same person twice, an interviewee who never answers), beside the empty
    fields the form names itself: the editor learns it while typing, not on saving."""
    data = form.cleaned_data
    problems: dict[str, str] = {}
    typed = {field: data.get(field) or "" for field in ("interviewer", "interviewee")}
    services.interview_details(
        **typed,
        interview_date=data.get("interview_date") or "",
        published=data.get("published") or "",
        errors=problems,
    )
    if parsed is not None and typed["interviewee"]:
        services.interviewee_answers(parsed, typed["interviewee"], problems)
    if parsed is not None:
        services.others_speak(parsed, form.speaker_names(), problems)
    for field, message in problems.items():
        if field in data and not form.has_error(field):  # a field it named already
            form.add_error(field, message)


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_htmx
@desk_permission_required(roles.IMPORT_TRANSCRIPT)
def desk_import(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """The import page. A POST previews (htmx asks for #import-preview alone, as the editor
    types) or, with action=save, imports and goes to the new interview's desk page."""
    posted = request.method == "POST"  # an empty POST too: it is refused, naming the fields
    form = TranscriptImportForm(request.POST if posted else None, request.FILES if posted else None)
    parsed = None
    status = 200
    set_aside = 0
    saving = request.POST.get("action") == "save"
    if posted:
        valid = form.is_valid()
        text = form.cleaned_data.get("text", "")
        carried = corrections_from(request.POST, text, _paragraphs(form))
        corrections, set_aside = carried.by_number, carried.set_aside
        if valid and saving and set_aside:
            # Saved now, those passages would be saved as read, not as the editor said.
            form.add_error(None, _set_aside_message(set_aside))
            valid = False
        if valid and saving:
            try:
                transcript = services.transcript_import(
                    **{k: v for k, v in form.cleaned_data.items() if k not in ("file", "speakers")},
                    speakers=form.speaker_names(),
                    corrections=corrections,
                    by=request.user,
                )
            except ValidationError as error:
                made = services.just_imported(
                    text=text, title=form.cleaned_data["title"], by=request.user
                )
                if made is None:
                    add_service_errors(form, error)
                else:
                    # The form sent again: what the first sending made, not a refusal.
                    messages.info(request, f"“{made.title}” was imported a moment ago: here it is.")
                    url = reverse("desk:transcript", args=[made.slug])
                    return HttpResponseClientRedirect(url) if request.htmx else see_other(url)
            else:
                messages.success(
                    request,
                    f"Imported “{transcript.title}”. It is unpublished until another "
                    "approver publishes it.",
                )
                url = reverse("desk:transcript", args=[transcript.slug])
                return HttpResponseClientRedirect(url) if request.htmx else see_other(url)
        if text and not ({"text", "file", "passages"} & set(form.errors)):
            # The transcript can be read: its preview, with the editor's corrections, whatever
            # else is missing or was refused (listed above it, by field).
            parsed = _preview(form, corrections)
        if not (valid and saving):
            # Beside what the form refused, what saving would refuse too (a date it cannot
            # read): every mistake at once, not the next one after each fix.
            _before_saving(form, parsed)
        if form.cleaned_data.get("file") and text:
            # The uploaded file's text, in the box: the next post (a preview, without
            # JavaScript) carries it, where a file input comes back empty.
            with_text = request.POST.copy()
            with_text["text"] = text
            form.data = with_text
        status = 422 if form.errors else 200
    template = page_or_fragment(request, "factcheck/desk/import.html", "import-preview")
    title = form.cleaned_data.get("title", "") if posted else ""
    context = {
        # An interview with the same title already: said, not refused (a second part, a
        # rerun), so that a slip does not leave two alike on the desk.
        "same_title": list(
            Transcript.objects.titled(title).only("slug", "title", "interview_date_label")[:3]
        )
        if title
        else [],
        "form": form,
        "saving": saving,
        "parsed": parsed,
        "rows": _rows(parsed),
        # Said in the list of what saving refused, when it was a save.
        "set_aside": _set_aside_message(set_aside) if set_aside and not saving else "",
        "kinds": Passage.Kind.choices,
        "max_size": readable_size(settings.TRANSCRIPT_MAX_BYTES),
    }
    return render(request, template, context, status=status)


def _set_aside_message(count: int) -> str:
    if count == 1:
        said = "1 row you corrected no longer reads as it did, so it is read afresh. Check it"
    else:
        said = f"{count} rows you corrected no longer read as they did, so they are read "
        said += "afresh. Check them"
    return f"The transcript changed: {said} again."


def _rows(parsed: ParsedTranscript | None) -> list[dict]:
    if parsed is None:
        return []
    rows = []
    for number, passage in enumerate(parsed.passages, start=1):
        words = parsed.text[passage.start : passage.end]
        rows.append(
            {"number": number, "passage": passage, "words": words, "digest": row_digest(words)}
        )
    return rows


@require_POST
@desk_permission_required(roles.PUBLISH_TRANSCRIPT)
def desk_transcript_publish(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    transcript = get_object_or_404(Transcript, slug=slug)
    # The details as the approver saw them: none sent ("") is refused, not left unchecked.
    seen = request.POST.get("version", "")
    try:
        services.transcript_publish(transcript=transcript, by=request.user, version=seen)
    except (ValidationError, PermissionDenied) as error:
        return problem(request, refusal_message(error), status=refusal_status(error))
    messages.success(request, f"Published “{transcript.title}”: readers can see it now.")
    # Back to the review that sent the approver here, if it still waits.
    review = bounded_int(request.POST.get("review"))
    may_review = request.user.has_perm(roles.PUBLISH_VERDICT)
    if review is not None and may_review and waiting_on(transcript).filter(pk=review).exists():
        return see_other(reverse("desk:verdict_review", args=[review]))
    return see_other(reverse("desk:transcript", args=[slug]))


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, roles.IMPORT_TRANSCRIPT)
def desk_transcript_details(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    """Correct what was typed of an interview at its import, before it is published
    (services.transcript_details_update)."""
    transcript = get_object_or_404(
        Transcript.objects.select_related("interviewer", "interviewee").defer("text"), slug=slug
    )
    back = (reverse("desk:transcript", args=[slug]), "Back to the interview")
    if transcript.is_published:
        return problem(request, services.PUBLISHED_DETAILS, 409, onward=back)
    status = 200
    merge: dict[str, list] = {}
    if request.method == "POST":
        form = TranscriptDetailsForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                services.transcript_details_update(
                    transcript=transcript,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **{name: form.cleaned_data[name] for name in form.DETAILS},
                )
            except PermissionDenied as error:
                return problem(request, str(error), 403, onward=back)
            except services.StaleDetailsError as error:
                add_service_errors(form, error)
                status = refusal_status(error, form)
                merge = _merge_details(form, transcript, request.POST)
            except ValidationError as error:
                add_service_errors(form, error)
                status = refusal_status(error, form)
            else:
                messages.success(request, "Saved the interview's details.")
                return see_other(reverse("desk:transcript", args=[slug]))
    else:
        details = services.transcript_details(transcript)
        version = services.details_version(transcript)
        form = TranscriptDetailsForm(
            initial=details | {"version": version, "base": json.dumps(details)}
        )
    context = {"transcript": transcript, "form": form, "merge": merge}
    return render(request, "factcheck/desk/transcript_details.html", context, status=status)


def _merge_details(
    form: TranscriptDetailsForm, transcript: Transcript, post: QueryDict
) -> dict[str, list]:
    """After a refusal for an edit made meanwhile: the form, at the version saved now, with
    what only the other editor changed taken in, and what both changed kept as typed, put
    to the editor beside theirs (`taken`: labels; `both`: (label, theirs)), so that saving
    again is a choice made having seen both."""
    transcript.refresh_from_db()
    theirs = services.transcript_details(transcript)
    mine = {name: form.cleaned_data[name] for name in form.DETAILS}
    taken, both = edited_meanwhile(form.opened(), mine, theirs)
    data = post.copy()
    for name in taken:
        data[name] = theirs[name]
    data["version"] = services.details_version(transcript)
    data["base"] = json.dumps(theirs)
    form.data = data
    return {
        "taken": [form[name].label for name in taken],
        "both": [(form[name].label, theirs[name] or "(empty)") for name in both],
    }


@require_http_methods(["GET", "HEAD", "POST"])
@desk_permission_required(roles.VIEW_DESK, roles.IMPORT_TRANSCRIPT)
def desk_transcript_discard(request: AuthenticatedHtmxRequest, slug: str) -> HttpResponse:
    """Ask, then discard an interview imported in error that readers have never seen, with
    what was made on it at the desk (services.transcript_discard)."""
    transcript = get_object_or_404(Transcript, slug=slug)
    back = (reverse("desk:transcript", args=[slug]), "Back to the interview")
    if refusal := services.transcript_discard_refusal(transcript):
        return problem(request, refusal, 409, onward=back)
    if request.method == "POST":
        try:
            services.transcript_discard(transcript=transcript, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            return problem(request, refusal_message(error), refusal_status(error), onward=back)
        except (ProtectedError, IntegrityError):
            # Someone quoted it in the moment between: nothing was discarded.
            meanwhile = "Someone added to this interview meanwhile; look at it again first."
            return problem(request, meanwhile, 409, onward=back)
        messages.success(request, f"Discarded the interview “{transcript.title}”.")
        return see_other(reverse("desk:interviews"))
    claims = Claim.objects.filter(quote__transcript=transcript)
    context = {
        "transcript": transcript,
        "claims": claims.count(),
        "drafts": Verdict.objects.filter(claim__in=claims).count(),
        "links": Mention.objects.filter(quote__transcript=transcript).count(),
    }
    return render(request, "factcheck/desk/transcript_discard.html", context)
