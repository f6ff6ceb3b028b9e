"""What the reader's pages need beyond the evidence's own tags (factcheck's `evidence`)."""

from django import template
from django.utils.safestring import SafeString

from reader import claimreview

register = template.Library()


@register.filter
def json_ld(data: dict) -> SafeString:
    """`data` as a JSON-LD <script> element that no string inside it can break out of."""
    return claimreview.json_ld(data)
