from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.db.models.functions import Least, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from factcheck import anchoring, models, services
from factcheck.forms import HttpsURLField, SourceForm
from factcheck.templatetags.evidence import host
from factcheck.transcripts import same_text_hashes
from kit.admin import DateColumn, IndexedSearch, RecordAdmin
from kit.forms import TextBox
from kit.validators import quoted_words
from timeline.forms import NaturalDateField


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = models.Speaker
        fields = ["name", "slug", "job_title", "description", "url"]
        field_classes = {"url": HttpsURLField}


class SpeakerAliasFormSet(forms.BaseInlineFormSet):
    """A speaker's aliases, each once: names are matched whatever their case, accents or
    spacing ("BOB  davis" is "Bob Davis"), so two such are one alias, refused beside the
    second rather than failing the save."""

    def clean(self) -> None:
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            name = (getattr(form, "cleaned_data", None) or {}).get("name")
            if not name or form.cleaned_data.get("DELETE"):
                continue
            slug = models.name_slug(name)
            if slug in seen:
                form.add_error("name", f"“{seen[slug]}” is this alias already.")
            seen.setdefault(slug, name)


class SpeakerAliasInline(admin.TabularInline):
    model = models.SpeakerAlias
    formset = SpeakerAliasFormSet
    fields = ["name"]
    extra = 1


@admin.register(models.Speaker)
class SpeakerAdmin(RecordAdmin):
    form = SpeakerForm
    list_display = ["name", "job_title"]
    search_fields = ["name", "job_title", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]


class AppearanceInline(admin.TabularInline):
    """Who speaks in the interview, with the job title each held then."""

    model = models.Appearance
    fields = ["position", "speaker", "role", "job_title"]
    autocomplete_fields = ["speaker"]
    extra = 0


# How much of a passage its row in the transcript's admin shows.
EXCERPT_LENGTH = 120


class PassageInline(admin.TabularInline):
    model = models.Passage
    fields = ["position", "kind", "speaker", "start", "end", "excerpt"]
    readonly_fields = ["start", "end", "excerpt"]
    autocomplete_fields = ["speaker"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # passages come from the text; correct the text instead

    def get_queryset(self, request):
        # Each passage's first words cut from the text in the query, and its transcript (which
        # names its row) without the text: read through each passage, the whole text was
        # read again for every passage.
        length = Least(F("end") - F("start"), EXCERPT_LENGTH)
        excerpt = Substr("transcript__text", F("start") + 1, length)
        passages = super().get_queryset(request).select_related("transcript")
        return passages.defer("transcript__text").annotate(excerpt_text=excerpt)

    @admin.display(description="text")
    def excerpt(self, passage: models.Passage) -> str:
        return passage.excerpt_text  # type: ignore[attr-defined]


class TranscriptForm(forms.ModelForm):
    interview_date = NaturalDateField(label="Interview date")
    published = NaturalDateField(label="Publication date", required=False)

    class Meta:
        model = models.Transcript
        # The text's line ends as one character each, as the page has them: a browser sends
        # each as "\r\n", which would make every save a correction of the text.
        field_classes = {"url": HttpsURLField, "text": TextBox}
        fields = [
            "title",
            "slug",
            "interviewer",
            "interviewee",
            "publisher",
            "url",
            "interview_date",
            "published",
            "text",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # As stored, to the last line end: an uploaded file's final newline, stripped, would
        # make every save a correction of the text.
        cast(forms.CharField, self.fields["text"]).strip = False

    def clean_text(self) -> str:
        """Check the text's shape here, so a bad text is an error beside the field."""
        text = self.cleaned_data["text"]
        corrects = self.instance if self.instance.pk and text != self.instance.text else None
        try:
            services.transcript_passages(text, corrects=corrects, interviewer_paragraphs=[])
        except ValidationError as error:
            raise ValidationError(error.message_dict["text"]) from error
        return text

    def clean(self) -> dict[str, Any]:
        """What the desk's import refuses, refused here too: a text or an address imported
        already, the same person twice, a date after today or a publication before the
        interview, and (for a new transcript) an interviewee who never answers."""
        data = super().clean() or {}
        others = models.Transcript.objects.exclude(pk=self.instance.pk)
        if text := data.get("text"):
            same = others.filter(content_hash__in=same_text_hashes(text)).first()
            if same is not None:
                self.add_error("text", f"This text is in “{same.title}” ({same.slug}) already.")
        if (url := data.get("url")) and (same := others.filter(url=url).first()) is not None:
            self.add_error("url", f"“{same.title}” ({same.slug}) has this address already.")
        interviewer, interviewee = data.get("interviewer"), data.get("interviewee")
        if interviewer is not None and interviewer == interviewee:
            self.add_error(
                "interviewee", "The interviewee must be someone other than the interviewer."
            )
        errors: dict[str, str] = {}
        if data.get("interview_date"):
            services.interview_details(
                interviewer="",
                interviewee="",
                interview_date=data["interview_date"],
                published=data.get("published", ""),
                errors=errors,
            )
        if text and interviewer and interviewee and not self.instance.pk and "text" not in errors:
            try:
                parsed = services.transcript_passages(
                    text, interviewer=interviewer.name, interviewee=interviewee.name
                )
            except ValidationError as error:
                errors.update({key: " ".join(each) for key, each in error.message_dict.items()})
            else:
                services.interviewee_answers(parsed, interviewee.name, errors)
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class InterviewFilter(admin.RelatedFieldListFilter):
    """A list's filter by interview, whose choices are read without the interviews' whole
    texts (the filter names each by its title)."""

    def field_choices(self, field, request, model_admin) -> list[tuple[str, Any]]:
        ordering = self.field_admin_ordering(field, request, model_admin)
        interviews = models.Transcript.objects.listed()
        if ordering:  # else the interviews' own order, newest first
            interviews = interviews.order_by(*ordering)
        return [(str(interview.pk), str(interview)) for interview in interviews]


@admin.register(models.Transcript)
class TranscriptAdmin(RecordAdmin):
    form = TranscriptForm
    raw_text_fields = ("text",)
    list_display = [
        "title",
        "interviewee",
        "interviewer",
        "interview_date",
        "publisher",
        "site_published_at",
    ]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "interviewee__name", "interviewer__name"]
    autocomplete_fields = ["interviewer", "interviewee"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AppearanceInline, PassageInline]

    def get_inlines(self, request, obj):
        # A new transcript's cast comes from its import: nothing to edit before it exists.
        return self.inlines if obj is not None else [PassageInline]

    def get_queryset(self, request):
        # The list shows no text (tens of kilobytes each); a change form reads its own.
        return super().get_queryset(request).select_related("interviewer", "interviewee").listed()

    def save_model(self, request, obj: models.Transcript, form, change: bool) -> None:
        if not change:
            # The form's fields are the service's arguments, cleaned.
            created = services.transcript_create(**form.cleaned_data, by=request.user)
            obj.pk = created.pk
            obj._state.adding = False
            return
        was = models.Transcript.objects.values_list("interview_date", flat=True).get(pk=obj.pk)
        if "text" in form.changed_data:
            new_text = obj.text
            obj.text = models.Transcript.objects.values_list("text", flat=True).get(pk=obj.pk)
            obj.save()
            report = services.transcript_update_text(transcript=obj, text=new_text)
            level = messages.WARNING if report.orphaned else messages.SUCCESS
            self.message_user(
                request,
                (
                    f"Quotes re-anchored: {report.anchored} in place, {report.moved} moved, "
                    f"{len(report.orphaned)} orphaned (no longer found; shown flagged)."
                ),
                level,
            )
        else:
            obj.save()
        if obj.interview_date != was:
            self._report_redate(request, services.transcript_redate(transcript=obj, was=was))

    def _report_redate(self, request, report: services.RedateReport) -> None:
        if report.read_again:
            self.message_user(
                request,
                f"Dates as spoken read again against the new interview date: "
                f"{_mentions_named(report.read_again)}.",
                messages.SUCCESS,
            )
        if report.kept:
            self.message_user(
                request,
                "Dates as spoken left as they were (set by hand, or not read against the new "
                f"date): {_mentions_named(report.kept)}. Check them in each quote's mentions.",
                messages.WARNING,
            )


# A message names this many mentions, then how many more.
MENTIONS_NAMED = 10


def _mentions_named(mentions: list[models.Mention]) -> str:
    named = [
        f"“{mention.phrase}” ({mention.event.title}): {mention.spoken_label or 'no date'}"
        for mention in mentions[:MENTIONS_NAMED]
    ]
    if len(mentions) > MENTIONS_NAMED:
        named.append(f"and {len(mentions) - MENTIONS_NAMED} more")
    return "; ".join(named)


class MentionFormSet(forms.BaseInlineFormSet):
    """The date as spoken must be the quote's own words, as on the desk: a reader is shown
    it as what the speaker said."""

    def clean(self) -> None:
        super().clean()
        quote = self.instance
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not form.has_changed():
                continue
            phrase = services.spoken_phrase(data.get("phrase") or "")
            if problem := services.phrase_problem(phrase, quote):
                form.add_error("phrase", problem)


class MentionInline(admin.TabularInline):
    """Saved through the mention services (QuoteAdmin.save_formset): a relative phrase is
    resolved against the interview date unless a resolved date is typed."""

    model = models.Mention
    formset = MentionFormSet
    fields = ["event", "phrase", "spoken_edtf", "published_at"]
    readonly_fields = ["published_at"]
    autocomplete_fields = ["event"]
    extra = 0


class ClaimInline(admin.TabularInline):
    """Claims are made on the desk; listed here, read-only."""

    model = models.Claim
    fields = readonly_fields = ("slug", "text")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class QuoteForm(forms.ModelForm):
    class Meta:
        model = models.Quote
        fields = ["transcript", "speaker", "exact"]

    def clean_exact(self) -> str:
        """Words of the transcript, with the marks it may keep (kit.validators.quoted_words)."""
        exact = self.cleaned_data["exact"]
        quoted_words(exact)
        return exact

    def clean(self) -> dict:
        """Anchor the words now, so words not in the transcript are an error on the form."""
        data = super().clean() or {}
        transcript, exact = data.get("transcript"), data.get("exact")
        if not self.instance.pk and transcript and exact:
            try:
                anchoring.anchor(transcript.text, exact, alike=True)
            except anchoring.AnchorError as error:
                self.add_error("exact", str(error))
        return data


@admin.register(models.Quote)
class QuoteAdmin(IndexedSearch, RecordAdmin):
    form = QuoteForm
    list_display = ["__str__", "speaker", "transcript", "anchor_status", "start"]
    list_filter = ["anchor_status", "speaker", ("transcript", InterviewFilter)]
    search_fields = ["exact"]  # read from the index instead
    autocomplete_fields = ["transcript", "speaker"]
    raw_text_fields = ("exact",)  # QuoteForm.clean_exact
    readonly_fields = [
        "prefix",
        "suffix",
        "start",
        "end",
        "anchor_status",
        "created_by",
        "created_at",
    ]
    inlines = [MentionInline, ClaimInline]

    def indexed_search(self, queryset, text: str):
        return queryset.matching(text)

    def get_queryset(self, request):
        # Each row names its interview, whose whole text it does not show.
        queryset = super().get_queryset(request).select_related("speaker", "transcript")
        return queryset.defer("transcript__text")

    def get_readonly_fields(self, request, obj=None):
        # Once anchored, the words are fixed: correct the transcript, not the quote.
        return [*self.readonly_fields, "exact", "transcript"] if obj else self.readonly_fields

    def save_model(self, request, obj: models.Quote, form, change: bool) -> None:
        if change:
            obj.save()
            return
        quote = services.quote_create(
            transcript=obj.transcript, exact=obj.exact, speaker=obj.speaker, by=request.user
        )
        obj.pk = quote.pk

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is not models.Mention:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # sorts the rows into new, changed and deleted
        for mention in formset.deleted_objects:
            services.mention_remove(mention=mention)
        for mention, changed in formset.changed_objects:
            if "event" in changed:  # another event: the old link goes, a new one is made
                services.mention_remove(mention=models.Mention.objects.get(pk=mention.pk))
            typed = mention.spoken_edtf if "spoken_edtf" in changed else None
            services.mention_add(
                quote=form.instance, event=mention.event, phrase=mention.phrase, spoken_edtf=typed
            )
        for mention in formset.new_objects:
            services.mention_add(
                quote=form.instance,
                event=mention.event,
                phrase=mention.phrase,
                spoken_edtf=mention.spoken_edtf or None,
            )


# A scale verdicts stand on keeps its levels: their values and slugs are what ClaimReview,
# the API and the filters publish (a new level would rewrite every published rating's
# bestRating or worstRating). Labels and definitions may still be put right.
FIXED_LEVEL_FIELDS = ["value", "slug"]


class RatingLevelInline(admin.TabularInline):
    model = models.RatingLevel
    fields = ["value", "label", "slug", "definition"]
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return FIXED_LEVEL_FIELDS if obj is not None and obj.in_use() else []

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not (obj and obj.in_use())

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.in_use())


@admin.register(models.RatingScale)
class RatingScaleAdmin(RecordAdmin):
    """Which scale is current is changed by the action "Make it the current scale", which
    moves the mark in one step: there is never none, and never two."""

    list_display = ["name", "version", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["is_current"]
    inlines = [RatingLevelInline]
    actions = ["make_current"]

    @admin.action(description="Make it the current scale (for new verdicts)")
    def make_current(self, request, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Choose one scale to make current.", messages.ERROR)
            return
        try:
            scale = services.rating_scale_make_current(scale=queryset.get())
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, f"{scale} is the current scale now.", messages.SUCCESS)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.in_use())


class RatingLevelForm(forms.ModelForm):
    def clean_scale(self):
        scale = self.cleaned_data["scale"]
        if self.instance.pk is None and scale.in_use():
            raise ValidationError(
                f"Verdicts stand on {scale}: its levels are fixed. Add a new version of the "
                "scale for other levels."
            )
        return scale


@admin.register(models.RatingLevel)
class RatingLevelAdmin(RecordAdmin):
    form = RatingLevelForm
    list_display = ["label", "value", "scale"]
    list_filter = ["scale"]
    search_fields = ["label", "definition"]
    list_select_related = ["scale"]

    def get_readonly_fields(self, request, obj=None):
        return ["scale", *FIXED_LEVEL_FIELDS] if obj is not None and obj.scale.in_use() else []

    def has_delete_permission(self, request, obj=None) -> bool:
        in_use = obj is not None and obj.scale.in_use()
        return super().has_delete_permission(request, obj) and not in_use


class LinkFilter(admin.SimpleListFilter):
    """Sources by what `manage.py check_sources` last found at their addresses, so that the
    dead links can be listed to mend: the same choices whether or not any was checked yet
    (a filter by the status numbers themselves offered only "-" until one was)."""

    title = "link"
    parameter_name = "link"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [
            ("broken", "Broken (an error, or no answer)"),
            ("working", "Working"),
            ("unchecked", "Not checked yet"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "broken":
            return queryset.broken_links()
        if self.value() == "working":
            return queryset.working_links()
        if self.value() == "unchecked":
            return queryset.filter(link_checked_at__isnull=True).exclude(url="")
        return queryset


@admin.register(models.Source)
class SourceAdmin(IndexedSearch, DateColumn, RecordAdmin):
    form = SourceForm
    fields = ["slug", *SourceForm.Meta.fields, "notes"]
    # What fits beside the filters at 1280 px: the kind is a filter, the whole address and
    # when it was checked are on each source's page.
    list_display = ["title", "publisher", "dated", "verdict_count", "link"]
    list_filter = ["kind", LinkFilter, "publisher"]
    search_fields = ["title", "publisher", "author", "url"]  # read from the index instead
    readonly_fields = [
        "slug",
        "link_status",
        "link_final_url",
        "link_error",
        "link_checked_at",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        # One query for the whole list: the count is an annotation, not a query per row.
        return (
            super()
            .get_queryset(request)
            .annotate(verdict_count=Count("evidence__verdict", distinct=True))
        )

    def indexed_search(self, queryset, text: str):
        return queryset.search(text)  # by title, which the list then sorts as asked

    def has_delete_permission(self, request, obj=None) -> bool:
        # A source a verdict cites stays, as the verdict does: no delete button to be
        # answered "you do not have permission to delete evidence".
        cited = obj is not None and obj.evidence.exists()
        return super().has_delete_permission(request, obj) and not cited

    def get_deleted_objects(self, objs, request):
        """Sources chosen for deletion that a verdict cites are named as kept, and why, not
        as ones the admin lacks the permission to delete (their own, and their evidence's)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        cited = set(
            models.Evidence.objects.filter(source__in=objs).values_list("source", flat=True)
        )
        if cited:
            names = {models.Source._meta.verbose_name, models.Evidence._meta.verbose_name}
            perms_needed = set(perms_needed) - names
            kept = [f"{source}: a verdict cites it" for source in objs if source.pk in cited]
            protected = [*protected, *kept]
        return deleted, counts, perms_needed, protected

    def get_fields(self, request, obj=None):
        # The slug is made from the title, numbered when another source has it, as on the
        # desk (services.source_create): an admin adding a source with a title already
        # used is not refused over a field they never typed. It is shown once made.
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [name for name in fields if name != "slug"]

    def save_model(self, request, obj: models.Source, form: SourceForm, change: bool) -> None:
        """Through the services, as the desk adds sources."""
        description = {name: form.cleaned_data[name] for name in form.fields}
        if change:
            services.source_update(source=obj, **description)
        else:
            obj.pk = services.source_create(**description).pk
            obj._state.adding = False

    @admin.display(ordering="verdict_count", description="verdicts")
    def verdict_count(self, source: models.Source) -> int:
        return source.verdict_count  # type: ignore[attr-defined]  # annotated by get_queryset

    @admin.display(ordering="url", description="link")
    def link(self, source: models.Source) -> str:
        """The site the URL leads to, linked, and what it last answered: in one column, and
        the whole address only on hovering (it is on the source's page), so that the list
        fits the screen beside its filters."""
        if not source.url:
            return "-"
        if source.link_checked_at is None:
            answer = "not checked yet"
        else:
            status = source.link_status
            said = f"answered {status}" if status is not None else "no answer"
            checked = date_format(timezone.localtime(source.link_checked_at), "j M Y")
            answer = f"{'broken: ' if source.link_broken else ''}{said}, {checked}"
        url = source.url
        return format_html(
            '<a href="{}" title="{}">{}</a><br><small>{}</small>', url, url, host(url), answer
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are written elsewhere, as part of something else, and kept as made."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DeskWorkAdmin(ReadOnlyAdmin):
    """Claims, verdicts and their evidence are written on the desk, where every change is
    versioned, recorded and reviewed by a second person. Here they are read-only, with a
    link to the claim's page on the desk."""

    readonly_fields = ["on_the_desk"]

    def claim_of(self, obj) -> models.Claim:
        return obj.claim

    @admin.display(description="on the desk")
    def on_the_desk(self, obj) -> str:
        url = reverse("desk:claim", args=[self.claim_of(obj).slug])
        return format_html('<a href="{}">Open the claim on the desk</a>', url)

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "on_the_desk"]
        return ["on_the_desk", *fields]


@admin.register(models.Claim)
class ClaimAdmin(IndexedSearch, DeskWorkAdmin):
    list_display = ["__str__", "speaker", "current_level", "created_at"]
    list_filter = [
        "published_verdict__level",
        "quote__speaker",
        ("quote__transcript", InterviewFilter),
    ]
    search_fields = ["text", "quote__exact"]  # read from the indexes instead

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_verdict()

    def indexed_search(self, queryset, text: str):
        """Claims by their words or their quote's."""
        # One list of keys from the two indexes: an OR of the two made PostgreSQL read every
        # claim to test each against both.
        by_quote = models.Claim.objects.filter(quote__in=models.Quote.objects.matching(text))
        found = models.Claim.objects.matching(text).order_by().values("pk")
        return queryset.filter(pk__in=found.union(by_quote.order_by().values("pk")))

    def claim_of(self, claim: models.Claim) -> models.Claim:
        return claim

    @admin.display(description="speaker", ordering="quote__speaker__name")
    def speaker(self, claim: models.Claim) -> str:
        return claim.quote.speaker.name

    @admin.display(description="verdict", ordering="published_verdict__level__value")
    def current_level(self, claim: models.Claim) -> str:
        return claim.published_verdict.level.label if claim.published_verdict else "—"


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    fields = ["source", "stance", "note", "position"]
    extra = 0


@admin.register(models.Verdict)
class VerdictAdmin(DeskWorkAdmin):
    list_display = ["claim", "level", "status", "as_of", "author", "approved_by", "published_at"]
    list_filter = ["status", "level", "as_of"]
    search_fields = ["claim__text", "rationale", "analysis"]
    list_select_related = ["claim", "level", "author", "approved_by"]
    inlines = [EvidenceInline]


@admin.register(models.Evidence)
class EvidenceAdmin(DeskWorkAdmin):
    list_display = ["source", "stance", "verdict"]
    list_filter = ["stance", "source__kind"]
    search_fields = ["source__title", "note", "verdict__claim__text"]
    list_select_related = ["source", "verdict__claim", "verdict__level"]

    def claim_of(self, evidence: models.Evidence) -> models.Claim:
        return evidence.verdict.claim


@admin.register(models.Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    """Corrections are public records: they are made on the desk and never edited."""

    list_display = ["claim", "kind", "published_at", "created_by"]
    list_filter = ["kind", "published_at"]
    search_fields = ["note", "claim__text"]
    list_select_related = ["claim", "created_by"]


@admin.register(models.Action)
class ActionAdmin(ReadOnlyAdmin):
    """The desk's record of who did what: read-only."""

    list_display = ["created_at", "actor", "verb", "claim"]
    list_filter = ["verb", "created_at"]
    search_fields = ["note", "claim__text", "actor__username"]
    list_select_related = ["actor", "claim"]


@admin.register(models.ErrorReport)
class ErrorReportAdmin(ReadOnlyAdmin):
    """Readers' reports are read and closed on the desk. Here an admin may also delete one:
    a reader who asks for their address to be forgotten, or a report that is only spam."""

    list_display = ["created_at", "page", "email", "closed_at", "closed_by"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["message", "page", "email"]
    list_select_related = ["closed_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
