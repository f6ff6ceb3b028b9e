"""Forms of the evidence that the desk and the admin share."""

from urllib.parse import urlsplit, urlunsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from factcheck.models import Source
from kit.forms import TypedModelForm
from timeline.dates import parse_edtf
from timeline.forms import NaturalDateField


class HttpsURLField(forms.URLField):
    """A URL typed without a scheme ("nikkei.com/...") is taken as https: Django 6's default,
    chosen now. Forms name it in `Meta.field_classes`, which the admin honours too."""

    # A page on the web: not ftp:// or another scheme a reader's browser will not open.
    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Give the address of a web page (http or https)."}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def to_python(self, value):
        """The URL with its scheme and host in lower case, as the web reads them (RFC 3986,
        6.2.2.1: "HTTPS://EXAMPLE.org/Report" is "https://example.org/Report"; the path
        keeps its case), so the same address typed in other capitals is the same source."""
        url = super().to_python(value)
        if not url:
            return url
        parts = urlsplit(url)
        return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))


class SourceForm(TypedModelForm):
    """A source as editors describe it, on the desk and in the admin: its date as people
    say it, and a URL that is already a source refused by that source's title."""

    date = NaturalDateField(label="Date", required=False)

    class Meta:
        model = Source
        fields = ["title", "publisher", "author", "kind", "date", "url", "archived_url"]
        labels = {"url": "URL", "archived_url": "Archived URL"}
        field_classes = {"url": HttpsURLField, "archived_url": HttpsURLField}

    def clean_date(self) -> str:
        edtf = self.cleaned_data["date"]
        if edtf and parse_edtf(edtf).lower > timezone.localdate():
            typed = self.data.get(self.add_prefix("date"), edtf)
            raise ValidationError(f"“{typed}” is after today: a source cited is out already.")
        return edtf

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        existing = Source.objects.filter(url=url).exclude(pk=self.instance.pk).first()
        if url and existing is not None:
            raise ValidationError(f"This URL is already a source: “{existing.title}”.")
        return url
