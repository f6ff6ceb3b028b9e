"""Form fields the site's forms share."""

from typing import Any

from django import forms


class TextBox(forms.CharField):
    """Text typed in a box of several lines (a Textarea), its line ends read as one
    character each, "\\n", as the browser counts them against the box's maxlength: a form
    sends each as "\\r\\n" (HTML's form submission), which would count twice against
    max_length and refuse text the box let a reader type."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value
