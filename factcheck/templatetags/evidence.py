"""How the evidence looks wherever it appears, to readers and on the desk alike: verdict
badges, a level's place on its rating scale, and quotes in their context."""

from dataclasses import dataclass

from django import template
from django.http import HttpRequest

from factcheck.models import Quote, RatingLevel

register = template.Library()

# Five tones from least to most accurate, whatever the scale's own numbers: a level's tone is
# its place between the scale's worst and best values. The stylesheet pairs each tone with
# a colour and the badge with an icon of its own shape, beside the level's label.
TONES = 5


def tone(value: int, worst: int, best: int) -> int:
    """1 (least accurate) .. TONES (most) for `value` between a scale's `worst` and `best`;
    the middle tone on a scale of one level."""
    share = (value - worst) / (best - worst) if best > worst else 0.5
    return 1 + round(share * (TONES - 1))


@dataclass(frozen=True)
class Rung:
    """A level as drawn: its place on its scale, worst first."""

    pk: int
    label: str
    tone: int


def _scales(request: HttpRequest | None) -> dict[int, list[Rung]]:
    """Every scale's levels by scale id, worst first, read once per request (the table is
    tiny)."""
    cached = getattr(request, "_verdict_scales", None)
    if cached is not None:
        return cached
    by_scale: dict[int, list[tuple[int, str, int]]] = {}
    for pk, scale, label, value in RatingLevel.objects.order_by("scale", "value").values_list(
        "pk", "scale_id", "label", "value"
    ):
        by_scale.setdefault(scale, []).append((pk, label, value))
    scales = {
        scale: [
            Rung(pk, label, tone(value, levels[0][2], levels[-1][2])) for pk, label, value in levels
        ]
        for scale, levels in by_scale.items()
    }
    if request is not None:
        request._verdict_scales = scales  # type: ignore[attr-defined]
    return scales


def tones_by_level(request: HttpRequest | None) -> dict[int, int]:
    """Tone of every rating level by id."""
    return {rung.pk: rung.tone for rungs in _scales(request).values() for rung in rungs}


@register.inclusion_tag("factcheck/_verdict_badge.html", takes_context=True)
def verdict_badge(
    context: template.Context, level: RatingLevel | None, count: int = 1, note: str = ""
) -> dict:
    """A verdict's level as a badge: icon, label and colour, so colour is never the only
    signal. `level` None is a claim whose verdict was withdrawn; `count` > 1 says how many
    claims share the level; `note` is a status to add ("superseded")."""
    tone_ = tones_by_level(context.get("request")).get(level.pk, 3) if level else 0
    return {"level": level, "tone": tone_, "count": count, "note": note}


@register.inclusion_tag("factcheck/_verdict_scale.html", takes_context=True)
def verdict_scale(context: template.Context, level: RatingLevel) -> dict:
    """Where `level` sits on its rating scale: every level, worst to best, this one marked,
    so a reader sees at a glance how far from accurate a verdict is."""
    rungs = _scales(context.get("request")).get(level.scale_id, [])
    place = next((number for number, rung in enumerate(rungs, 1) if rung.pk == level.pk), 0)
    return {"level": level, "rungs": rungs, "place": place, "count": len(rungs)}


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
