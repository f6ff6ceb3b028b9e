"""What the reader's pages need beyond the evidence's own tags (factcheck's `evidence`)."""

from urllib.parse import quote

from django import template
from django.urls import reverse
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
