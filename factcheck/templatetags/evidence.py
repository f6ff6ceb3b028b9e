"""How the evidence looks wherever it appears, to readers and on the desk alike: verdict
badges and quotes in their context."""

from django import template
from django.http import HttpRequest

from factcheck.models import Quote, RatingLevel

register = template.Library()

# Five tones from least to most accurate, whatever the scale's own numbers: a level's tone is
# its place between the scale's worst and best values. The stylesheet pairs each tone with
# a colour and the badge with an icon of its own shape, beside the level's label.
TONES = 5


def _tones(request: HttpRequest | None) -> dict[int, int]:
    """Tone of every rating level by id, read once per request (the table is tiny)."""
    cached = getattr(request, "_verdict_tones", None)
    if cached is not None:
        return cached
    levels = list(RatingLevel.objects.values_list("pk", "scale_id", "value"))
    extremes: dict[int, tuple[int, int]] = {}
    for _, scale, value in levels:
        low, high = extremes.get(scale, (value, value))
        extremes[scale] = (min(low, value), max(high, value))
    tones = {}
    for pk, scale, value in levels:
        low, high = extremes[scale]
        share = (value - low) / (high - low) if high > low else 0.5
        tones[pk] = 1 + round(share * (TONES - 1))
    if request is not None:
        request._verdict_tones = tones  # type: ignore[attr-defined]
    return tones


@register.inclusion_tag("factcheck/_verdict_badge.html", takes_context=True)
def verdict_badge(
    context: template.Context, level: RatingLevel | None, count: int = 1, note: str = ""
) -> dict:
    """A verdict's level as a badge: icon, label and colour, so colour is never the only
    signal. `level` None is a claim whose verdict was withdrawn; `count` > 1 says how many
    claims share the level; `note` is a status to add ("superseded")."""
    tone = _tones(context.get("request")).get(level.pk, 3) if level else 0
    return {"level": level, "tone": tone, "count": count, "note": note}


@register.inclusion_tag("factcheck/_quote.html")
def quote_in_context(quote: Quote, show_speaker: bool = True, on_desk: bool = False) -> dict:
    """The quote with the sentence before and after it (Quote.context); an orphaned quote
    (its words corrected out of the transcript) is shown flagged, without context. On the
    desk it links to the desk's transcript, where claims are made, not the reader's."""
    before, after = quote.context()
    return {
        "quote": quote,
        "before": before,
        "after": after,
        "show_speaker": show_speaker,
        "on_desk": on_desk,
    }
