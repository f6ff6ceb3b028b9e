"""The one form a reader sends: a report of an error on a page (the filters, which only
read, are in reader/filters.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

from factcheck.pages import page_name, record_of, record_titles
from kit.forms import TextBox
from kit.validators import PlainText

# A report says what is wrong and how the reader knows; a few paragraphs at most.
REPORT_MAX_CHARS = 4000
PAGE_MAX_CHARS = 300
# Pages of the site that are not the record: no error in them to report.
NOT_REPORTED = {"report", "report_sent"}


def reader_page(path: str) -> tuple[str, str]:
    """(`path`, what the page is called) when `path` is the address of one of the reader's
    pages on this site (its path alone, as the page's own link gives it), else a
    ValidationError: another site's address, an address no page has, or the page of a
    record readers cannot see. ("", "") is no page. One query for a record's page."""
    if not path:
        return "", ""
    if len(path) > PAGE_MAX_CHARS or not path.startswith("/") or path.startswith("//"):
        raise ValidationError("That is not the address of a page of this site.", code="page")
    try:
        match = resolve(path)
    except Resolver404:
        raise ValidationError("No page of this site has that address.", code="page") from None
    if match.namespace != "reader" or match.url_name in NOT_REPORTED:
        raise ValidationError("That page is not one of the site’s published pages.", code="page")
    if record_of(path) is None:
        return path, page_name(path)
    title = record_titles([path]).get(path)
    if title is None:
        raise ValidationError("No published page has that address.", code="page")
    return path, title


class ErrorReportForm(forms.Form):
    page_title = ""  # what the page it is about is called, once cleaned (reader_page)
    message = TextBox(
        label="What is wrong?",
        help_text="Say what is wrong and how you know: a link to a source helps us check.",
        max_length=REPORT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[PlainText(lines=True)],
        error_messages={
            "required": "Say what is wrong: the report is empty.",
            "max_length": "Keep the report to %(limit_value)d characters (it has "
            "%(show_value)d): a link to a source can say the rest.",
        },
    )
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        help_text="Only if you would like a reply. It is never published.",
        required=False,
        error_messages={"invalid": "That is not an e-mail address: check it, or leave it out."},
    )
    page = forms.CharField(required=False, max_length=PAGE_MAX_CHARS, widget=forms.HiddenInput)
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
        page, self.page_title = reader_page(self.cleaned_data["page"])
        return page

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError("Leave this box empty: it is there to catch robots.")
        return ""
