from django import forms

from timeline.dates import DateParseError, parse_natural


class NaturalDateField(forms.CharField):
    """A date typed as a person says it (“Sept. 25, 2015”, “mid-2012”) or as EDTF; cleans
    to the normalised EDTF string."""

    default_error_messages = {"invalid": "%(reason)s"}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "help_text",
            "“Sept. 25, 2015”, “April 2024”, “mid-2012”, “c. 1999”, "
            "“1990s”, “2020–2023”, or EDTF such as 2024-01/2024-02.",
        )
        super().__init__(**kwargs)

    def to_python(self, value: str | None) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        try:
            return parse_natural(text).edtf
        except DateParseError as error:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"reason": str(error)}
            ) from error
