"""What the reader's pages need beyond the evidence's own tags (factcheck's `evidence`)."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from factcheck import scales
from factcheck.models import RatingLevel
from reader import claimreview
from reader.forms import NOT_REPORTED

register = template.Library()


@register.filter
def json_ld(data: dict) -> SafeString:
    """`data` as a JSON-LD <script> element that no string inside it can break out of."""
    return claimreview.json_ld(data)


@register.inclusion_tag("reader/_distribution.html", takes_context=True)
def verdict_distribution(
    context: template.Context, counts: list[tuple[RatingLevel, int]], link: str = ""
) -> dict:
    """How many verdicts are at each level, as one bar split in proportion (an SVG, whose
    widths are attributes: the Content-Security-Policy allows no inline style) and as a
    list with the numbers. `link`: the list to filter by a level (level=<slug> added)."""
    total = sum(count for _, count in counts)
    tones = scales.levels(context.get("request")).tones
    segments, start = [], 0.0
    joiner = "&" if "?" in link else "?"
    for level, count in counts:
        width = 100 * count / total if total else 0
        segments.append(
            {
                "level": level,
                "count": count,
                "tone": tones.get(level.pk, 3),
                "x": start,
                "width": width,
                "href": f"{link}{joiner}level={level.slug}" if link else "",
            }
        )
        start += width
    return {"segments": segments, "total": total, "link": link, "request": context.get("request")}


# The main menu's sections: {section: its own page, then the pages within it}.
SECTIONS = {
    "timeline": ("reader:event_list", "reader:event_detail"),
    "claims": ("reader:claim_list", "reader:claim_detail", "reader:correction_list"),
    "interviews": (
        "reader:interview_list",
        "reader:transcript_detail",
        "reader:speaker_list",
        "reader:speaker_detail",
    ),
    "sources": ("reader:source_list",),
    "methodology": ("reader:methodology",),
}


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, section: str) -> str:
    """The aria-current of the main menu's link to `section`: "page" on the section's own
    page, "true" on a page within it (a claim's page is in Claims), nothing elsewhere."""
    request = context.get("request")
    match = request and request.resolver_match
    if not match:
        return ""
    own, *within = SECTIONS[section]
    if match.view_name == own:
        return format_html(' aria-current="{}"', "page")
    if match.view_name in within:
        return format_html(' aria-current="{}"', "true")
    return ""


@register.simple_tag(takes_context=True)
def report_url(context: template.Context) -> str:
    """Report an error's address, naming the reader's page it is linked from (the form's own
    pages, the desk's and the admin's name none)."""
    url = reverse("reader:report")
    request = context.get("request")
    if request is None or request.resolver_match is None:
        return url  # an error page, outside any view
    match = request.resolver_match
    if match.namespace == "reader" and match.url_name not in NOT_REPORTED:
        return f"{url}?page={quote(request.path_info, safe='/')}"
    return url
