"""What the reader's pages need beyond the evidence's own tags (factcheck's `evidence`)."""

from django import template
from django.utils.safestring import SafeString

from factcheck.models import Transcript
from reader import claimreview

register = template.Library()


@register.simple_tag
def latest_interview() -> Transcript | None:
    """The most recent published interview, for pages that introduce the site (without its text)."""
    return (
        Transcript.objects.published()
        .select_related("interviewer", "interviewee")
        .defer("text")
        .first()
    )


@register.filter
def json_ld(data: dict) -> SafeString:
    """`data` as a JSON-LD <script> element that no string inside it can break out of."""
    return claimreview.json_ld(data)
