"""Form fields the site's forms share."""

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist

from kit import fulltext
from kit.validators import typed


class TextBox(forms.CharField):
    """Text typed in a box of several lines (a Textarea), its line ends read as one
    character each, "\\n", as a person counts them: a form sends each as "\\r\\n" (HTML's
    form submission), which would count twice against max_length.

    The box has no maxlength: a browser cuts text pasted past it without a word, and what
    it cut is lost. Text too long is refused instead, saying by how much, every word kept
    in the box to shorten."""

    widget = forms.Textarea
    default_error_messages = {
        "max_length": "Keep it to %(limit_value)d characters: this has %(show_value)d.",
    }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class TypedModelForm(forms.ModelForm):
    """A form of a model's fields whose text refuses what is not text (control, direction
    and invisible characters, kit.validators.typed), made outside the admin as the admin
    makes its own (kit.admin.RecordAdmin)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            try:
                check = typed(self._meta.model._meta.get_field(name))
            except FieldDoesNotExist:
                continue
            if check is not None and check not in field.validators:
                field.validators.append(check)


SEARCH_MAX_LENGTH = 200  # characters: a search is a few words


class SearchField(forms.CharField):
    """Words to search for: text with none (punctuation alone, or only words as common as
    "the") is refused, rather than read as no search and answered with everything."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, max_length=SEARCH_MAX_LENGTH, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text and fulltext.too_common(text):
            raise forms.ValidationError(
                "Words as common as “%(text)s” are left out of a search: add one that says "
                "what you are looking for.",
                code="too_common",
                params={"text": text[:40]},
            )
        if text and not fulltext.words(text):
            raise forms.ValidationError(
                "Search for a word: punctuation or symbols alone find nothing.",
                code="no_words",
            )
        if fulltext.too_many_words(text or ""):
            raise forms.ValidationError(
                "Search for at most %(most)d words: the ones that say what you are looking for.",
                code="too_many_words",
                params={"most": fulltext.MOST_WORDS},
            )
        return text


class Search(forms.Form):
    """One search box (?q=) read as SearchField reads it, for a page that lists on when the
    search cannot be made: `refused` says why ("" when it could), `words` is what to search
    for ("" for none, or when refused), `typed` what to show back in the box."""

    q = SearchField()

    @property
    def refused(self) -> str:
        return " ".join(str(error) for error in self.errors.get("q", ()))

    @property
    def words(self) -> str:
        return "" if self.refused else self.cleaned_data["q"].strip()

    @property
    def typed(self) -> str:
        return (self.data.get("q") or "")[:SEARCH_MAX_LENGTH]
