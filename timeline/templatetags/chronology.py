"""Dates on the chronology's pages."""

import datetime

from django import template

from timeline.dates import Precision
from timeline.models import FuzzyDated

register = template.Library()


@register.filter
def machine_date(dated: FuzzyDated) -> str:
    """The value of a `<time datetime>` for a fuzzy date: its first day, written no more
    precisely than it is known ("2012" for c. 2012, "2024-01" for Jan–Feb 2024). These are
    valid HTML date strings (HTML Standard, "valid year", "month" and "date" strings).
    A range open at the start ("until 2012") is dated by its end."""
    lower = dated.date_lower if dated.date_lower != datetime.date.min else dated.date_upper
    if dated.precision == Precision.DAY:
        return lower.isoformat()
    if dated.precision == Precision.MONTH:
        return f"{lower.year:04d}-{lower.month:02d}"
    return f"{lower.year:04d}"
