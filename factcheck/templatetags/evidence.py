"""How the evidence looks wherever it appears, to readers and on the desk alike: verdict
badges, a level's place on its rating scale, and quotes in their context."""

import re
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from factcheck import scales
from factcheck.models import Quote, RatingLevel, Surroundings
from factcheck.transcripts import table_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def verdict_badge(
    context: template.Context,
    level: RatingLevel | None,
    count: int = 1,
    note: str = "",
    tally: bool = False,
) -> SafeString:
    """A verdict's level as a badge: icon, label and colour, so colour is never the only
    signal. `level` None is a claim whose verdict was withdrawn; `count` > 1 says how many
    claims share the level (in a `tally`, every count is shown, ×1 included, so that no
    badge reads as a verdict on what is tallied); `note` is a status to add ("superseded")."""
    request = context.get("request")
    tone = scales.levels(request).tones.get(level.pk, 3) if level else 0
    shown = count if tally or count > 1 else 0
    # A page shows the same few badges many times (an interview's, over a hundred, at some
    # 50 µs each to render): each is rendered once for the request and repeated.
    drawn: dict = getattr(request, "_verdict_badges", {})
    if request is not None:
        request._verdict_badges = drawn
    key = ((level.pk, level.label) if level else None, tone, shown, note)
    if key not in drawn:
        engine = context.template.engine if context.template else template.Engine.get_default()
        badge = engine.get_template("factcheck/_verdict_badge.html")
        values = {"level": level, "tone": tone, "shown": shown, "note": note}
        # Without the template file's last line break: a badge may be followed by
        # punctuation ("in 2019 [Accurate], three years").
        drawn[key] = mark_safe(badge.render(context.new(values)).strip())
    return drawn[key]


@register.filter
def host(url: str) -> str:
    """The site a source's link leads to ("gmanetwork.com"), so a reader sees where a link
    goes before following it, and when it is a copy published elsewhere than by the source's
    publisher."""
    name = urlsplit(url).hostname or ""
    return name.removeprefix("www.")


@register.inclusion_tag("factcheck/_verdict_scale.html", takes_context=True)
def verdict_scale(context: template.Context, level: RatingLevel) -> dict:
    """Where `level` sits on its rating scale: every level, worst to best, this one marked,
    so a reader sees at a glance how far from accurate a verdict is."""
    rungs = scales.levels(context.get("request")).scales.get(level.scale_id, [])
    place = next((number for number, rung in enumerate(rungs, 1) if rung.pk == level.pk), 0)
    return {"level": level, "rungs": rungs, "place": place, "count": len(rungs)}


@register.inclusion_tag("factcheck/_quote.html")
def quote_in_context(quote: Quote, show_speaker: bool = True, on_desk: bool = False) -> dict:
    """The quote with the sentence before and after it (Quote.context); an orphaned quote
    (its words corrected out of the transcript) is shown flagged, without context. On the
    desk it links to the desk's transcript, where claims are made, not the reader's."""
    before, after = quote.context()
    read = quote.surroundings() if before or after else Surroundings("")
    start, end = quote.start - read.offset, quote.end - read.offset
    return {
        "quote": quote,
        "before": before,
        "after": after,
        # A space between the context and the words only where the transcript has one:
        # "…plant." stays "…plant.", not "…plant ."
        "space_before": bool(before) and read.text[start - 1 : start].isspace(),
        "space_after": bool(after) and read.text[end : end + 1].isspace(),
        "show_speaker": show_speaker,
        "on_desk": on_desk,
    }


@register.filter
def as_read(words: str) -> str:
    """A quote as a reader reads it: a row of a sidebar's table ("AGE | 64 |") as "AGE: 64"
    (rows apart with "; "); any other words as they are."""
    rows = table_rows(words)
    if not rows:
        return words
    return "; ".join(f"{row[0]}: {' '.join(row[1:])}" if len(row) > 1 else row[0] for row in rows)


# An editor's insertion in a transcript: "[the Dodgers' Shohei] Ohtani", "[...]".
EDITORIAL = re.compile(r"\[[^\[\]]*\]")


@register.filter
def editorial_brackets(words: str) -> SafeString:
    """Words as spoken, with the editor's square-bracketed insertions set apart (the
    convention readers know from print: the brackets are not the speaker's), the rest
    escaped."""
    parts, end = [], 0
    for insertion in EDITORIAL.finditer(words):
        parts.append(escape(words[end : insertion.start()]))
        parts.append(
            format_html(
                '<span class="editorial" title="Added by the editor">{}</span>',
                insertion.group(),
            )
        )
        end = insertion.end()
    parts.append(escape(words[end:]))
    return mark_safe("".join(parts))
