"""The rating levels as every page shows them: each level by id, its tone, and each scale's
levels worst first. The table is tiny and changes only with the data, so it is read once per
request at most, and kept in the cache until the data changes (kit.cache)."""

from dataclasses import dataclass

from django.http import HttpRequest

from factcheck.models import RatingLevel
from kit.cache import remember

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


@dataclass(frozen=True)
class Levels:
    by_id: dict[int, RatingLevel]
    tones: dict[int, int]  # level id -> 1 (least accurate) .. TONES (most)
    scales: dict[int, list[Rung]]  # scale id -> its levels, worst first


def levels(request: HttpRequest | None = None) -> Levels:
    cached = getattr(request, "_rating_levels", None)
    if cached is not None:
        return cached
    found = remember("rating-levels", _read)
    if request is not None:
        request._rating_levels = found  # type: ignore[attr-defined]
    return found


def _read() -> Levels:
    by_id = {level.pk: level for level in RatingLevel.objects.order_by("scale", "value")}
    by_scale: dict[int, list[RatingLevel]] = {}
    for level in by_id.values():
        by_scale.setdefault(level.scale_id, []).append(level)
    scales = {
        scale: [
            Rung(lv.pk, lv.label, tone(lv.value, rungs[0].value, rungs[-1].value)) for lv in rungs
        ]
        for scale, rungs in by_scale.items()
    }
    tones = {rung.pk: rung.tone for rungs in scales.values() for rung in rungs}
    return Levels(by_id, tones, scales)
