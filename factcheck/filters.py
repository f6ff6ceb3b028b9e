"""The sources page's filter, as a reader types it into a URL."""

from django import forms
from django.db.models import Count

from factcheck.models import Source, SourceQuerySet


class SourceFilterForm(forms.Form):
    """Bind to request.GET with the sources the page lists; only kinds among them are
    offered, each with how many there are."""

    kind = forms.ChoiceField(required=False, label="Kind of source")

    def __init__(self, *args, sources: SourceQuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        counts = dict(sources.order_by().values_list("kind").annotate(count=Count("pk")))
        labels = dict(Source.Kind.choices)
        self.fields["kind"].choices = [
            ("", f"All kinds ({sum(counts.values())})"),
            *((kind, f"{labels[kind]} ({counts[kind]})") for kind in labels if kind in counts),
        ]

    def filter(self, sources: SourceQuerySet) -> SourceQuerySet:
        if self.is_valid() and self.cleaned_data["kind"]:
            return sources.filter(kind=self.cleaned_data["kind"])
        return sources
