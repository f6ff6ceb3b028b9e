"""Forms of the desk. They parse and check what an editor typed; the services decide."""

import datetime
import json
import re
from collections.abc import Mapping
from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from factcheck import anchoring
from factcheck.forms import HttpsURLField
from factcheck.models import Correction, Evidence, RatingLevel, Source
from factcheck.services import EvidenceItem
from factcheck.transcripts import TranscriptFormatError, check_size, check_text, read_transcript
from kit.forms import TextBox
from kit.params import bounded_int
from kit.validators import quoted_words, several_lines, single_line
from timeline.forms import NaturalDateField
from timeline.models import Event, Topic

EVIDENCE_PREFIX = "evidence"
SOURCE_PREFIX = "source"
MAX_EVIDENCE = 30
# Rows offered to an editor without JavaScript, who picks sources from a list (with
# JavaScript the search-as-you-type picker adds rows instead).
BLANK_EVIDENCE_ROWS = 3
RATIONALE_MAX_SENTENCES = 2


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside the field it names when the
    form has that field, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ClaimForm(forms.Form):
    """A claim from words of a transcript: selected there (the words and where they start)
    or pasted without JavaScript."""

    exact = TextBox(
        validators=[quoted_words],
        label="The exact words",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Select words in the transcript, or paste them exactly as printed.",
    )
    # Where the selection starts, in code points of the transcript text: tells a sentence
    # the speaker repeats apart from its other occurrences. Only a hint (clean_hint).
    hint = forms.CharField(required=False, widget=forms.HiddenInput)
    text = TextBox(
        validators=[several_lines],
        label="The claim, in plain words",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One checkable statement, as a reader would put it.",
    )

    def clean_hint(self) -> int | None:
        """A place in the text, or none: one that is not a place (altered, or sent by an old
        page) is no hint, and the words are looked for as if pasted, not refused with
        nothing to correct in sight."""
        return bounded_int(self.cleaned_data["hint"], low=0)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        # A statement has a subject and what is said of it: "x", "!!!" or "Mayor" is a slip.
        if len(re.findall(r"\w+", text)) < CLAIM_MIN_WORDS:
            raise ValidationError(
                "Write the claim as a statement a reader could check, in a few words at "
                "least: “Japan has invested more in the Philippines than China”.",
                code="short",
            )
        return text


# The fewest words a claim is written in: a statement says something of something.
CLAIM_MIN_WORDS = 2
# Others who speak in one interview, besides the interviewer and the interviewee.
MOST_OTHER_SPEAKERS = 40


def _spoken_phrase() -> forms.CharField:
    return forms.CharField(
        validators=[single_line],
        label="The date as the speaker put it",
        max_length=120,
        required=False,
        help_text="Their words, verbatim: “four months ago”, “in 2012”. Leave empty when "
        "they give no date.",
    )


class EventLinkForm(forms.Form):
    """An existing event the claim's quote mentions, chosen from the search results."""

    event = forms.ModelChoiceField(
        queryset=Event.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose an event from the search results.",
            "invalid_choice": "There is no such event; choose one from the search results.",
        },
    )
    phrase = _spoken_phrase()


class EventCreateForm(forms.Form):
    """A new event for the chronology, created at the desk for the claim's quote."""

    title = forms.CharField(
        validators=[single_line],
        label="What happened",
        max_length=200,
        help_text="As a heading on the timeline.",
        error_messages={"required": "Give the event a title: what happened."},
    )
    summary = TextBox(
        validators=[several_lines],
        label="In a sentence or two",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What readers read under the title, on the event's page. Optional.",
    )
    date = NaturalDateField(
        label="When",
        error_messages={"required": "Give the date, as people say it (“mid-2012”) or as EDTF."},
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    phrase = _spoken_phrase()

    # As the desk shows them: the two dates together, their reading beneath (claim.html).
    field_order = ["title", "date", "phrase", "summary", "topics"]


# What a form says of a hidden field that came back as it was never given (an old page, an
# edit of the page): nothing to correct in sight, so where to start again.
ALTERED = "The form came back altered: nothing was saved. Open it again from the claim."


class VerdictForm(forms.Form):
    level = forms.ModelChoiceField(
        label="Rating",
        queryset=RatingLevel.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose a rating: what the record shows of the claim.",
            "invalid_choice": "Choose one of the ratings listed.",
        },
    )
    rationale = TextBox(
        validators=[several_lines],
        label="Rationale",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences: the finding, plainly.",
        error_messages={"required": "Write the rationale: the finding, in a sentence or two."},
    )
    analysis = TextBox(
        validators=[several_lines],
        label="Analysis",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the record shows, with dates.",
    )
    as_of = forms.DateField(
        label="As of",
        # ISO only: "12/06/24" is June or December depending on who typed it.
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": "Enter the date as YYYY-MM-DD, e.g. 2024-06-03.",
            "required": "Give the date the evidence was last checked, e.g. 2024-06-03.",
        },
    )
    # The version the editor started from (optimistic locking); absent for a new verdict.
    version = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": ALTERED, "min_value": ALTERED},
    )
    # What that version said (views.verdicts.snapshot_values): when someone saves meanwhile,
    # the fields only they changed are taken into this editor's form, and only the fields
    # both changed are put to the editor to compare.
    base = forms.JSONField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": ALTERED}
    )

    def __init__(self, *args, retired: RatingLevel | None = None, **kwargs) -> None:
        """`retired`: the draft's rating, when its scale is no longer the one in use: it
        cannot be chosen again, and the form says so (`retired_notice`) rather than open
        with no rating and refuse to save without a reason."""
        super().__init__(*args, **kwargs)
        self.fields["as_of"].help_text = (
            "The date the evidence was last checked. If that is more than "
            f"{settings.RECHECK_AFTER_DAYS} days ago, the verdict goes on the desk's re-check "
            "list as soon as it is published."
        )
        level = self.fields["level"]
        assert isinstance(level, forms.ModelChoiceField)
        level.queryset = RatingLevel.objects.filter(scale__is_current=True).order_by("-value")
        self.retired_message = ""
        if retired is not None:
            self.retired_message = (
                f"This draft was rated “{retired.label}” on a scale no longer in use "
                f"({retired.scale.name}): choose one of the current ratings."
            )
            level.error_messages = {**level.error_messages, "required": self.retired_message}

    @property
    def retired_notice(self) -> str:
        """What to say of a retired rating while no current one is chosen in its place."""
        chosen = self.is_bound and self.data.get(self.add_prefix("level"))
        return "" if chosen else self.retired_message

    def clean_rationale(self) -> str:
        rationale = " ".join(self.cleaned_data["rationale"].split())
        sentences = len(anchoring.sentences(rationale))
        if sentences > RATIONALE_MAX_SENTENCES:
            raise ValidationError(
                f"Keep the rationale to one or two sentences (this has {sentences}); the "
                "analysis holds the rest."
            )
        return rationale

    def clean_as_of(self) -> datetime.date:
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise ValidationError("The as-of date cannot be in the future.")
        return as_of


class EvidenceForm(forms.Form):
    source = forms.ModelChoiceField(
        label="Source",
        queryset=Source.objects.all(),
        required=False,
        error_messages={"invalid_choice": "That source no longer exists; choose another."},
    )
    stance = forms.ChoiceField(
        label="What it shows",
        choices=Evidence.Stance.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = TextBox(
        validators=[several_lines],
        label="Note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What in it bears on the claim (optional).",
    )

    # The Source this row cites, looked up once for the whole formset (see attach_sources).
    chosen_source: Source | None = None

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.cleaned_data.get("DELETE"):
            return data
        # A source that no longer exists has said so on its field already.
        chosen = data.get("source") is not None or "source" in self.errors
        if not chosen and (data.get("stance") or data.get("note")):
            raise ValidationError("Choose a source for this row, or leave the row empty.")
        if data.get("source") is not None and not data.get("stance"):
            self.add_error(
                "stance", "Say whether the source supports, contradicts or adds context."
            )
        return data


class BaseEvidenceFormSet(forms.BaseFormSet):
    @property
    def altered(self) -> bool:
        """Its count of rows came back unreadable, or below the rows sent (an edited page):
        read as it says, the rows past it would be dropped without a word."""
        if not self.is_bound:
            return False
        if not self.management_form.is_valid():
            return True
        rows: int = self.management_form.cleaned_data["TOTAL_FORMS"] or 0
        start = f"{self.prefix}-"
        numbers = (key[len(start) :].split("-")[0] for key in self.data if key.startswith(start))
        return rows < 0 or any(n.isdigit() and int(n) >= rows for n in numbers)

    def clean(self) -> None:
        if self.altered:
            raise ValidationError(ALTERED)
        if any(self.errors):
            return
        seen: dict[int, Source] = {}
        for form in self.forms:
            source = form.cleaned_data.get("source")
            if source is None or form.cleaned_data.get("DELETE"):
                continue
            if source.pk in seen:
                raise ValidationError(f"“{source.title}” is cited twice; cite each source once.")
            seen[source.pk] = source

    def evidence_items(self) -> list[EvidenceItem]:
        return [
            EvidenceItem(
                source=form.cleaned_data["source"],
                stance=form.cleaned_data["stance"],
                note=form.cleaned_data.get("note", ""),
            )
            for form in self.forms
            if form.cleaned_data.get("source") is not None and not form.cleaned_data.get("DELETE")
        ]

    def attach_sources(self) -> None:
        """Look up, in one query, the source each row names, for showing it by title; and
        give the rows without one the list to choose from (one query, not one per row)."""
        ids = {}
        for form in self.forms:
            value = form["source"].value()
            if value not in (None, ""):
                ids[form.prefix] = str(value)
        # Only ids a 64-bit column can hold: SQLite cannot even compare a bigger number
        # (OverflowError in an IN list).
        valid = [pk for pk in map(bounded_int, ids.values()) if pk is not None]
        sources = {str(pk): source for pk, source in Source.objects.in_bulk(valid).items()}
        blank_rows = []
        for form in self.forms:
            form.chosen_source = sources.get(ids.get(form.prefix, ""))
            if form.chosen_source is None:
                blank_rows.append(form)
        if blank_rows:
            choices = [("", "Choose a source…")] + [
                (source.pk, str(source)) for source in Source.objects.order_by("title")
            ]
            for form in blank_rows:
                form.fields["source"].choices = choices


EvidenceFormSet = forms.formset_factory(
    EvidenceForm,
    formset=BaseEvidenceFormSet,
    extra=BLANK_EVIDENCE_ROWS,
    can_delete=True,
    max_num=MAX_EVIDENCE,
    absolute_max=MAX_EVIDENCE + BLANK_EVIDENCE_ROWS,
    validate_max=True,
)


def evidence_formset(data=None, *, initial: list[dict] | None = None) -> BaseEvidenceFormSet:
    return cast(BaseEvidenceFormSet, EvidenceFormSet(data, initial=initial, prefix=EVIDENCE_PREFIX))


def evidence_row(index: int, source: Source) -> EvidenceForm:
    """Row `index` of the evidence formset, new, citing `source`: added to the verdict form
    as the editor picks the source, and built as the formset builds its own rows, with their
    "Remove this source" box."""
    formset = evidence_formset()
    row = formset.form(
        prefix=formset.add_prefix(index),
        initial={"source": source.pk},
        **formset.get_form_kwargs(index),
    )
    formset.add_fields(row, index)
    return row


class NoteForm(forms.Form):
    note = TextBox(
        validators=[several_lines],
        label="Note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, label: str = "Note", help_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = label
        self.fields["note"].help_text = help_text
        self.fields["note"].error_messages["required"] = f"Write it: “{label}” is empty."


# What marking a reader's report dealt with may say of what was done: a few lines, not the
# correction itself.
OUTCOME_MAX_CHARS = 2000


class OutcomeForm(forms.Form):
    outcome = TextBox(required=False, max_length=OUTCOME_MAX_CHARS, validators=[several_lines])


class PublishCorrectionForm(forms.Form):
    """What readers are told when a revision replaces the published verdict."""

    kind = forms.ChoiceField(
        label="Kind of correction",
        choices=[(k.value, k.label) for k in Correction.Kind if k != Correction.Kind.VOID],
        widget=forms.RadioSelect,
        error_messages={"required": "Say what kind of correction this is."},
    )
    note = TextBox(
        validators=[several_lines],
        label="Public note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the verdict, on the corrections page and in the feed.",
        error_messages={"required": "Write the public note: what changed, and why."},
    )


class TranscriptImportForm(forms.Form):
    """A transcript to import, pasted or uploaded, with what is known of the interview."""

    title = forms.CharField(
        validators=[single_line],
        max_length=200,
        error_messages={"required": "Give the interview's title."},
    )
    interviewer = forms.CharField(
        validators=[single_line],
        max_length=120,
        help_text="Who asks the questions.",
        error_messages={"required": "Name who asks the questions."},
    )
    interviewee = forms.CharField(
        validators=[single_line],
        max_length=120,
        help_text="Who is interviewed.",
        error_messages={"required": "Name who is interviewed."},
    )
    interviewee_title = forms.CharField(
        validators=[single_line],
        label="Interviewee's job title",
        max_length=200,
        required=False,
        help_text="At the time.",
    )
    speakers = forms.CharField(
        validators=[several_lines],
        label="Anyone else who speaks",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One name a line.",
    )
    interview_date = forms.CharField(
        validators=[single_line],
        label="Interview date",
        max_length=64,
        help_text="As people say it: “3 June 2024”; “June 2024” if the day is not known.",
        error_messages={"required": "Give the date of the interview, as people say it."},
    )
    published = forms.CharField(
        validators=[single_line], label="Publication date", max_length=64, required=False
    )
    publisher = forms.CharField(validators=[single_line], max_length=200, required=False)
    url = HttpsURLField(label="URL", required=False)
    text = forms.CharField(
        label="Transcript",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste it here, a paragraph a line, or upload its file below.",
    )
    file = forms.FileField(
        label="Or upload the file", required=False, help_text="Plain UTF-8 text (.txt or .md)."
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        upload = data.get("file")
        typed = data.get("text", "")
        try:
            if upload:
                check_size(upload.size or 0, max_bytes=settings.TRANSCRIPT_MAX_BYTES)
                data["text"] = read_transcript(
                    upload.read(), max_bytes=settings.TRANSCRIPT_MAX_BYTES
                )
                if typed.strip() and typed.split() != data["text"].split():
                    # Which is meant cannot be told: neither is chosen behind the editor's back.
                    raise TranscriptFormatError(
                        "A file is chosen and the box holds another text: clear the file to "
                        "import the box's text, or empty the box to import the file."
                    )
            elif data.get("text", "").strip():
                check_text(data["text"], max_bytes=settings.TRANSCRIPT_MAX_BYTES)
            else:
                raise TranscriptFormatError("Paste the transcript, or upload its file.")
        except TranscriptFormatError as error:
            self.add_error("file" if upload else "text", str(error))
        return data

    def clean_speakers(self) -> str:
        typed = self.cleaned_data["speakers"]
        names = [line for line in typed.splitlines() if line.strip()]
        if len(names) > MOST_OTHER_SPEAKERS:
            raise forms.ValidationError(
                f"List at most {MOST_OTHER_SPEAKERS} others who speak (there are "
                f"{len(names)}): a panel is seldom larger."
            )
        if long := next((name for name in names if len(name.strip()) > 200), None):
            raise forms.ValidationError(f"A name is at most 200 characters: “{long[:40]}…”.")
        return typed

    def speaker_names(self) -> list[str]:
        typed = self.cleaned_data.get("speakers") or ""
        return [line.strip() for line in typed.splitlines() if line.strip()]

    def labelled_errors(self) -> list[tuple[forms.BoundField | None, str]]:
        """Each error with the field it is about (None: the form as a whole), for a list
        that names fields as the form labels them ("Interview date", not interview_date)."""
        return [
            (self[name] if name in self.fields else None, str(message))
            for name, messages in self.errors.items()
            for message in messages
        ]


def edited_meanwhile(
    base: Mapping[str, object], mine: Mapping[str, object], theirs: Mapping[str, object]
) -> tuple[list[str], list[str]]:
    """Of the fields in `mine` (what an editor sent, from a form opened at `base`), those
    only another editor changed since (`theirs` to be taken into the form), and those both
    changed, each differently (to be put to the editor). A field missing from `base` counts
    as changed by both where the two differ."""
    taken = [name for name in mine if name in base and mine[name] == base[name] != theirs[name]]
    both = [
        name
        for name in mine
        if mine[name] != theirs[name]
        and (name not in base or base[name] not in (mine[name], theirs[name]))
    ]
    return taken, both


class TranscriptDetailsForm(forms.Form):
    """What was typed of an interview at its import, to correct before it is published
    (services.transcript_details_update): the import's own fields, and the version of the
    details the form was opened at."""

    title = TranscriptImportForm.base_fields["title"]
    interviewee_title = TranscriptImportForm.base_fields["interviewee_title"]
    published = TranscriptImportForm.base_fields["published"]
    publisher = TranscriptImportForm.base_fields["publisher"]
    url = TranscriptImportForm.base_fields["url"]
    version = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={
            "required": "The form came without the version of the details it was opened at: "
            "open the details again."
        },
    )
    # The details as that version gave them (JSON): when someone saves meanwhile, what only
    # they changed is taken into this editor's form (edited_meanwhile). Read leniently
    # (`opened`): without it, every difference is put to the editor.
    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10_000)

    DETAILS = ("title", "interviewee_title", "published", "publisher", "url")

    def opened(self) -> dict[str, str]:
        """The details the form was opened with, or {} when they did not come back whole."""
        try:
            base = json.loads(self.cleaned_data.get("base") or "{}")
        except ValueError:
            return {}
        whole = isinstance(base, dict) and all(isinstance(base.get(n), str) for n in self.DETAILS)
        return base if whole else {}
