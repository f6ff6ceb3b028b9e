from django.db import models
from django.forms import Field


def https_formfield(db_field: models.Field, **kwargs) -> Field | None:
    """Form fields for a ModelForm, a URL typed without a scheme taken as https (Django 6's
    default, chosen now: `Meta.formfield_callback = https_formfield`)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
