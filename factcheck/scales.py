"""The rating levels as every page shows them: each level by id, and its tone. The table is
tiny and changes only with the data, so it is read once per request at most, and kept in the
cache until the data changes (kit.cache)."""

from dataclasses import dataclass

from django.http import HttpRequest

from factcheck.models import RatingLevel
from kit.cache import remember

# Five tones from least to most accurate, whatever the scale's own numbers: a level's tone is
# its place between the scale's worst and best values. The stylesheet pairs each tone with
# a colour and the badge with an icon of its own shape, beside the level's label.
TONES = 5


@dataclass(frozen=True)
class Levels:
    by_id: dict[int, RatingLevel]
    tones: dict[int, int]  # level id -> 1 (least accurate) .. TONES (most)


def levels(request: HttpRequest | None = None) -> Levels:
    cached = getattr(request, "_rating_levels", None)
    if cached is not None:
        return cached
    found = remember("rating-levels", _read)
    if request is not None:
        request._rating_levels = found  # type: ignore[attr-defined]
    return found


def _read() -> Levels:
    by_id = {level.pk: level for level in RatingLevel.objects.all()}
    extremes: dict[int, tuple[int, int]] = {}
    for level in by_id.values():
        low, high = extremes.get(level.scale_id, (level.value, level.value))
        extremes[level.scale_id] = (min(low, level.value), max(high, level.value))
    tones = {}
    for pk, level in by_id.items():
        low, high = extremes[level.scale_id]
        share = (level.value - low) / (high - low) if high > low else 0.5
        tones[pk] = 1 + round(share * (TONES - 1))
    return Levels(by_id, tones)
