from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count

from factcheck import anchoring, services
from factcheck.forms import https_formfield
from factcheck.models import (
    Action,
    Claim,
    Correction,
    Evidence,
    Mention,
    Passage,
    Quote,
    RatingLevel,
    RatingScale,
    Source,
    Speaker,
    Transcript,
    Verdict,
)
from factcheck.transcripts import TranscriptFormatError, parse_transcript
from timeline.forms import NaturalDateField

# A URL typed without a scheme is taken as https (Django 6's default, chosen explicitly).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "job_title"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["position", "kind", "speaker", "start", "end", "excerpt"]
    readonly_fields = ["start", "end", "excerpt"]
    autocomplete_fields = ["speaker"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # passages come from the text; correct the text instead

    @admin.display(description="text")
    def excerpt(self, passage: Passage) -> str:
        return passage.text[:120]


class TranscriptForm(forms.ModelForm):
    interview_date = NaturalDateField(label="Interview date")
    published = NaturalDateField(label="Publication date", required=False)

    class Meta:
        model = Transcript
        formfield_callback = https_formfield
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

    def clean_text(self) -> str:
        """Check the text's shape here, so a bad text is an error beside the field."""
        text = self.cleaned_data["text"]
        try:
            parsed = parse_transcript(text, interviewer_paragraphs=[])
        except TranscriptFormatError as error:
            raise ValidationError(str(error)) from error
        if self.instance.pk and text != self.instance.text:
            count = self.instance.passages.count()
            if len(parsed) != count:
                raise ValidationError(
                    f"The corrected text has {len(parsed)} passages where the transcript has "
                    f"{count}. Correct words within paragraphs, or import a new transcript."
                )
        return text


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):
    form = TranscriptForm
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "interviewee", "interviewer", "interview_date", "publisher"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "interviewee__name", "interviewer__name"]
    autocomplete_fields = ["interviewer", "interviewee"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PassageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("interviewer", "interviewee")

    def save_model(self, request, obj: Transcript, form, change: bool) -> None:
        if not change:
            created = services.transcript_create(
                slug=obj.slug,
                title=obj.title,
                text=obj.text,
                interviewer=obj.interviewer,
                interviewee=obj.interviewee,
                interview_date=obj.interview_date,
                publisher=obj.publisher,
                url=obj.url,
                published=obj.published,
            )
            obj.pk = created.pk
            obj._state.adding = False
            return
        if "text" in form.changed_data:
            new_text = obj.text
            obj.text = Transcript.objects.values_list("text", flat=True).get(pk=obj.pk)
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


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["event", "phrase", "spoken_edtf"]
    autocomplete_fields = ["event"]
    extra = 0


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["slug", "text"]
    extra = 0
    show_change_link = True


class QuoteForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = ["transcript", "speaker", "exact"]

    def clean(self) -> dict:
        """Anchor the words now, so words not in the transcript are an error on the form."""
        data = super().clean()
        transcript, exact = data.get("transcript"), data.get("exact")
        if not self.instance.pk and transcript and exact:
            try:
                anchoring.anchor(transcript.text, exact)
            except anchoring.AnchorError as error:
                self.add_error("exact", str(error))
        return data


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    form = QuoteForm
    list_display = ["__str__", "speaker", "transcript", "anchor_status", "start"]
    list_filter = ["anchor_status", "speaker", "transcript"]
    search_fields = ["exact"]
    autocomplete_fields = ["transcript", "speaker"]
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "transcript")

    def get_readonly_fields(self, request, obj=None):
        # Once anchored, the words are fixed: correct the transcript, not the quote.
        return [*self.readonly_fields, "exact", "transcript"] if obj else self.readonly_fields

    def save_model(self, request, obj: Quote, form, change: bool) -> None:
        if change:
            obj.save()
            return
        quote = services.quote_create(
            transcript=obj.transcript, exact=obj.exact, speaker=obj.speaker, by=request.user
        )
        obj.pk = quote.pk


class RatingLevelInline(admin.TabularInline):
    model = RatingLevel
    fields = ["value", "label", "slug", "definition"]
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingLevelInline]


@admin.register(RatingLevel)
class RatingLevelAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "scale"]
    list_filter = ["scale"]
    search_fields = ["label", "definition"]
    list_select_related = ["scale"]


class SourceForm(forms.ModelForm):
    date = NaturalDateField(label="Date", required=False)

    class Meta:
        model = Source
        formfield_callback = https_formfield
        fields = [
            "slug",
            "title",
            "publisher",
            "author",
            "kind",
            "date",
            "url",
            "archived_url",
            "notes",
        ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    formfield_overrides = HTTPS_URLS
    list_display = [
        "title",
        "publisher",
        "kind",
        "date_label",
        "verdict_count",
        "url",
        "link_status",
        "link_checked_at",
    ]
    list_filter = ["kind", "link_status", "publisher"]
    search_fields = ["title", "publisher", "author", "url", "archived_url"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
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

    @admin.display(ordering="verdict_count", description="verdicts citing it")
    def verdict_count(self, source: Source) -> int:
        return source.verdict_count

    @admin.display(ordering="date_lower", description="date")
    def date_label(self, source: Source) -> str:
        return source.date_label


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "current_level", "created_at"]
    list_filter = ["published_verdict__level", "quote__speaker", "quote__transcript"]
    search_fields = ["text", "slug", "quote__exact"]
    autocomplete_fields = ["quote"]
    readonly_fields = ["published_verdict", "created_by", "created_at"]
    prepopulated_fields = {"slug": ["text"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_verdict()

    @admin.display(description="speaker", ordering="quote__speaker__name")
    def speaker(self, claim: Claim) -> str:
        return claim.quote.speaker.name

    @admin.display(description="verdict", ordering="published_verdict__level__value")
    def current_level(self, claim: Claim) -> str:
        return claim.published_verdict.level.label if claim.published_verdict else "—"


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["source", "stance", "note", "position"]
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    """Published verdicts are read-only here as everywhere: they change by correction."""

    list_display = ["claim", "level", "status", "as_of", "author", "approved_by", "published_at"]
    list_filter = ["status", "level", "as_of"]
    search_fields = ["claim__text", "rationale", "analysis"]
    autocomplete_fields = ["claim", "level", "revises"]
    list_select_related = ["claim", "level", "author", "approved_by"]
    readonly_fields = [
        "status",
        "version",
        "author",
        "approved_by",
        "submitted_at",
        "published_at",
        "created_at",
        "updated_at",
    ]
    inlines = [EvidenceInline]

    def has_change_permission(self, request, obj: Verdict | None = None) -> bool:
        if obj is not None and obj.status != Verdict.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj: Verdict | None = None) -> bool:
        if obj is not None and obj.status != Verdict.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj: Verdict, form, change: bool) -> None:
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are written elsewhere, as part of something else, and kept as made."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Evidence is edited with its verdict (inline, while the verdict is a draft)."""

    list_display = ["source", "stance", "verdict"]
    list_filter = ["stance", "source__kind"]
    search_fields = ["source__title", "note", "verdict__claim__text"]
    autocomplete_fields = ["verdict", "source"]
    list_select_related = ["source", "verdict__claim", "verdict__level"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    """Corrections are public records: they are made on the desk and never edited."""

    list_display = ["claim", "kind", "published_at", "created_by"]
    list_filter = ["kind", "published_at"]
    search_fields = ["note", "claim__text"]
    list_select_related = ["claim", "created_by"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    """The desk's record of who did what: read-only."""

    list_display = ["created_at", "actor", "verb", "claim"]
    list_filter = ["verb", "created_at"]
    search_fields = ["note", "claim__text", "actor__username"]
    list_select_related = ["actor", "claim"]
