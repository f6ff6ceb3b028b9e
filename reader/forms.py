"""The one form a reader sends: a report of an error on a page (the filters, which only
read, are in reader/filters.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

from kit.validators import PlainText

# A report says what is wrong and how the reader knows; a few paragraphs at most.
REPORT_MAX_CHARS = 4000
PAGE_MAX_CHARS = 300
# Pages of the site that are not the record: no error in them to report.
NOT_REPORTED = {"report", "report_sent"}


def reader_page(path: str) -> str:
    """`path` when it is the address of one of the reader's pages on this site (its path
    alone, as the page's own link gives it), else a ValidationError. "" is no page."""
    if not path:
        return ""
    if len(path) > PAGE_MAX_CHARS or not path.startswith("/") or path.startswith("//"):
        raise ValidationError("That is not the address of a page of this site.", code="page")
    try:
        match = resolve(path)
    except Resolver404:
        raise ValidationError("No page of this site has that address.", code="page") from None
    if match.namespace != "reader" or match.url_name in NOT_REPORTED:
        raise ValidationError("That page is not one of the site’s published pages.", code="page")
    return path


class ErrorReportForm(forms.Form):
    message = forms.CharField(
        label="What is wrong?",
        help_text="Say what is wrong and how you know: a link to a source helps us check.",
        max_length=REPORT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[PlainText(lines=True)],
        error_messages={"required": "Say what is wrong: the report is empty."},
    )
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        help_text="Only if you would like a reply. It is never published.",
        required=False,
    )
    page = forms.CharField(
        required=False, max_length=PAGE_MAX_CHARS, widget=forms.HiddenInput, validators=[]
    )
    # Left empty by people, who do not see it; filled in by the robots that fill every box.
    website = forms.CharField(
        label="Leave this box empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise ValidationError(
                "Say a little more: which words are wrong, and what is right?", code="short"
            )
        return message

    def clean_page(self) -> str:
        return reader_page(self.cleaned_data["page"])

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError("Leave this box empty: it is there to catch robots.")
        return ""
