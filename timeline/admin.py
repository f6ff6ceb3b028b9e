from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count
from django.utils import timezone

from kit.admin import DateColumn, IndexedSearch, RecordAdmin
from timeline.forms import NaturalDateField
from timeline.models import Era, Event, Topic


class NaturalDateAdmin(DateColumn, RecordAdmin):
    """Dates are typed as people say them and stored as EDTF, and listed in date order."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "edtf":
            return NaturalDateField(label="Date", required=not db_field.blank)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class DateHierarchyChangeList(ChangeList):
    """Django's change list, refusing a date-hierarchy year it cannot make a date of as it
    refuses any other filter it cannot apply (the list again, saying so). Django catches a
    ValueError only where it builds the first day: a 23-digit year overflows there, and the
    year 9999 overflows when it adds a year for the last."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    list_display = ["name", "slug", "event_count"]
    # Explicit, as the count's GROUP BY drops the model's default ordering, and the
    # autocomplete's paginator needs an ordered list.
    ordering = ["name"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(ordering="event_count", description="events")
    def event_count(self, topic: Topic) -> int:
        return topic.event_count  # type: ignore[attr-defined]  # annotated by get_queryset


@admin.register(Era)
class EraAdmin(NaturalDateAdmin):
    list_display = ["title", "dated", "edtf"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class ReadersSeeItFilter(admin.SimpleListFilter):
    """Events readers see, and those made at the desk that still wait for an approver."""

    title = "readers see it"
    parameter_name = "public"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "Not yet: waiting for review")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.public()
        if self.value() == "no":
            return queryset.pending()
        return queryset


@admin.register(Event)
class EventAdmin(IndexedSearch, NaturalDateAdmin):
    # What fits beside the filters at 1280 px: the precision is a filter, and on the page.
    list_display = ["title", "dated", "edtf", "era", "topic_list", "is_public"]
    list_filter = [ReadersSeeItFilter, "topics", "precision", "era"]
    search_fields = ["title", "summary"]  # read from the index instead
    date_hierarchy = "date_lower"
    filter_horizontal = ["topics"]
    autocomplete_fields = ["era"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["date_lower", "date_upper", "precision", "published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "topics", "era", "published_at"]}),
        ("Date", {"fields": ["edtf", "date_lower", "date_upper", "precision"]}),
    ]

    def indexed_search(self, queryset, text: str):
        return queryset.matching(text)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("era").with_topics()

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList

    def save_model(self, request, obj: Event, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.date_lower and obj.date_lower > timezone.localdate():
            # Saved, as a planned summit may be; said, as a mistyped year usually is.
            self.message_user(
                request,
                f"“{obj.title}” is dated {obj.date_label}, after today: readers will see it "
                "at the end of the chronology. Check the date if it has not been announced.",
                messages.WARNING,
            )

    @admin.display(boolean=True, ordering="published_at", description="readers see it")
    def is_public(self, event: Event) -> bool:
        return event.published_at is not None

    @admin.display(description="topics")
    def topic_list(self, event: Event) -> str:
        return ", ".join(topic.name for topic in event.listed_topics)
