"""The chronology's filters, as a reader types them into a URL: shared by the timeline
page, its exports and the API so that a filtered view means the same everywhere.

Speaker and verdict-level choices are read through the events' relations (only speakers
quoted about an event, only levels some event's claims carry), so timeline never imports
factcheck.
"""

from django import forms
from django.db.models import F

from timeline.dates import DateParseError, FuzzyDate, parse_natural
from timeline.models import Event, EventQuerySet, Topic

LEVEL = "mentions__quote__claims__published_verdict__level__"


class EventFilterForm(forms.Form):
    """Bind to request.GET. `filter()` applies every valid parameter; an invalid one is
    named in `errors` and left out, so the caller can say what was ignored."""

    # Checkboxes rather than a multiple <select>: several topics at once, one tap each.
    topic = forms.MultipleChoiceField(
        required=False, label="Topics", widget=forms.CheckboxSelectMultiple
    )
    speaker = forms.ChoiceField(required=False, label="Speaker")
    level = forms.MultipleChoiceField(
        required=False, label="Verdict", widget=forms.CheckboxSelectMultiple
    )
    dates = forms.CharField(
        required=False,
        max_length=64,
        label="Dates",
        help_text="A year or a range: 2012, 2015–2016, Sept 2015.",
    )
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        help_text="Words in an event, a quote or a claim.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = list(Topic.objects.values_list("slug", "name"))
        speakers = (
            Event.objects.filter(mentions__quote__speaker__isnull=False)
            .values_list("mentions__quote__speaker__slug", "mentions__quote__speaker__name")
            .order_by("mentions__quote__speaker__name")
            .distinct()
        )
        self.fields["speaker"].choices = [("", "Anyone"), *speakers]
        levels = (
            Event.objects.filter(**{f"{LEVEL}isnull": False})
            .values_list(f"{LEVEL}slug", f"{LEVEL}label", f"{LEVEL}value")
            .order_by(F(f"{LEVEL}value").desc())
            .distinct()
        )
        self.fields["level"].choices = [(slug, label) for slug, label, _ in levels]

    def clean_dates(self) -> FuzzyDate | None:
        text = self.cleaned_data["dates"].strip()
        if not text:
            return None
        try:
            return parse_natural(text)
        except DateParseError as error:
            raise forms.ValidationError(str(error), code="invalid_dates") from error

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def filter(self, queryset: EventQuerySet) -> EventQuerySet:
        """`queryset` narrowed by every valid filter (all must hold)."""
        self.is_valid()  # runs validation once; cleaned_data then holds the valid fields
        data = self.cleaned_data
        queryset = queryset.in_topics(data.get("topic") or [])
        if data.get("speaker"):
            queryset = queryset.said_by(data["speaker"])
        queryset = queryset.with_verdict_levels(data.get("level") or [])
        if data.get("dates"):
            queryset = queryset.between(data["dates"].lower, data["dates"].upper)
        return queryset.search(data.get("q") or "")
