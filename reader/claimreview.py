"""schema.org ClaimReview for a published verdict, as JSON-LD.

Fields follow https://schema.org/ClaimReview and Google's "Fact Check (ClaimReview)"
structured-data guidelines: `claimReviewed` holds the claim, never the rating ("Don't
include the rating in the claimReviewed field"), whole (Google asks to "try to keep" it under
75 characters; most claims here are longer, and cut there a claim loses the part that was
checked: the editor who wrote it keeps it to one statement); `reviewRating`
carries `alternateName` (the label readers see) beside its numbers; and `itemReviewed` is
the `Claim` as made: who said it, when, and where it appeared.
"""

import re
from datetime import date
from typing import Any
from urllib.parse import quote as percent_encode

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from factcheck import scales
from factcheck.models import Claim, ClaimQuerySet, Transcript, Verdict
from factcheck.transcripts import table_rows
from kit.keyset import Keyset
from kit.responses import dumps, moment

# The desk's own bound on a claim (ClaimForm): past it, cut (a claim loaded some other way).
CLAIM_REVIEWED_LIMIT = 1000
FRAGMENT_WORDS = 4  # a text fragment's start and end terms: enough words to be unique


def shorten(text: str, limit: int = CLAIM_REVIEWED_LIMIT) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return (cut or text[: limit - 1]) + "…"


def claim_reviewed(text: str, rating_label: str) -> str:
    """The claim as `claimReviewed`: whole, on one line, and without a leading rating
    ("False: ...") that an editor may have typed into the claim."""
    rating = re.compile(rf"^\s*{re.escape(rating_label)}\s*[:—–-]\s*", re.IGNORECASE)
    return shorten(rating.sub("", text, count=1))


def _fragment_term(text: str) -> str:
    # Text fragments reserve "-", "," and "&" (WICG Scroll-to-Text, "Syntax"): encode them.
    return percent_encode(text, safe="").replace("-", "%2D")


def fragment_directive(exact: str) -> str:
    """A `:~:text=` directive that scrolls to and highlights `exact` in a browser: the whole
    quote when it is short, else its first and last words as `textStart,textEnd`; a quote
    from a sidebar's table, its first and last cells' words, which a browser finds across
    the cells (the "|" of its text is no word a page shows)."""
    if rows := table_rows(exact):
        cells = [cell for row in rows for cell in row]
        first, last = cells[0].split()[0], cells[-1].split()[-1]
        return f":~:text={_fragment_term(first)},{_fragment_term(last)}"
    words = exact.split()
    if len(words) <= 2 * FRAGMENT_WORDS:
        return ":~:text=" + _fragment_term(" ".join(words))
    start = " ".join(words[:FRAGMENT_WORDS])
    end = " ".join(words[-FRAGMENT_WORDS:])
    return f":~:text={_fragment_term(start)},{_fragment_term(end)}"


def text_fragment(exact: str) -> str:
    """The URL fragment `#:~:text=...` for a page with no fragment of its own."""
    return "#" + fragment_directive(exact)


def with_text_fragment(url: str, exact: str) -> str:
    """`url` pointing at `exact`. The directive follows any fragment the URL already has
    ("page#part:~:text=..."), which a browser still uses when the text is not found."""
    return url + (fragment_directive(exact) if "#" in url else text_fragment(exact))


def iso_date(lower: date, upper: date) -> str | None:
    """The most precise ISO 8601 date that contains every day a date between `lower` and
    `upper` (its stored bounds) can mean ("2024-06" for early June 2024), or None when no
    single day, month or year does (an interval across two years, a decade, an open end):
    better no date than a wrong one."""
    if lower == upper:
        return lower.isoformat()
    if (lower.year, lower.month) == (upper.year, upper.month):
        return lower.strftime("%Y-%m")
    if lower.year == upper.year:
        return f"{lower.year:04d}"
    return None


def interview_url(transcript: Transcript) -> str:
    """Where the interview can be read: the publisher's page, or this site's copy of it."""
    return transcript.url or settings.SITE_URL + transcript.get_absolute_url()


def claim_review(
    verdict: Verdict, *, url: str, interview_url: str, best: int, worst: int, first_published: str
) -> dict:
    """The ClaimReview for a published verdict.

    `url` is the claim page's absolute URL; `interview_url` the interview's own URL (or this
    site's page of it when the publisher's is unknown); `best`/`worst` the scale's extreme
    values; `first_published` the ISO datetime the claim's first verdict was published
    (a correction moves `dateModified`, not `datePublished`).
    """
    claim = verdict.claim
    quote = claim.quote
    transcript = quote.transcript
    speaker = quote.speaker
    author = {"@type": "Person", "name": speaker.name}
    # The title they held when they said it, where the claim was read with it.
    job_title = getattr(claim, "speaker_title", None) or speaker.job_title
    if job_title:
        author["jobTitle"] = job_title
    if speaker.url:
        author["sameAs"] = speaker.url
    appearance: dict[str, Any] = {
        "@type": "CreativeWork",
        "url": with_text_fragment(interview_url, quote.exact),
        "headline": transcript.title,
    }
    if transcript.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": transcript.publisher}
    published_lower, published_upper = transcript.published_lower, transcript.published_upper
    if (
        published_lower
        and published_upper
        and (published := iso_date(published_lower, published_upper))
    ):
        appearance["datePublished"] = published
    item_reviewed: dict[str, Any] = {"@type": "Claim", "author": author, "appearance": appearance}
    if said := iso_date(transcript.interview_date_lower, transcript.interview_date_upper):
        item_reviewed["datePublished"] = said
    publisher = {"@type": "Organization", "name": settings.PUBLISHER_NAME}
    if settings.PUBLISHER_URL:
        publisher["url"] = settings.PUBLISHER_URL
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim_reviewed(claim.text, verdict.level.label),
        "datePublished": first_published,
        "dateModified": moment(verdict.published_at) if verdict.published_at else None,
        "author": publisher,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.level.value,
            "bestRating": best,
            "worstRating": worst,
            "alternateName": verdict.level.label,
            "ratingExplanation": verdict.rationale,
        },
        "itemReviewed": item_reviewed,
    }


# --------------------------------------------------------------------------------------------
# Every published ClaimReview, in a bounded number of queries


def rating_bounds(request: HttpRequest | None = None) -> dict[int, tuple[int, int]]:
    """{scale id: (best, worst)} for every scale, from the levels every page reads (kept
    until the data changes: factcheck.scales). A verdict is rated on its own level's scale,
    which need not be the current one."""
    bounds: dict[int, tuple[int, int]] = {}
    for level in scales.levels(request).by_id.values():
        best, worst = bounds.get(level.scale_id, (level.value, level.value))
        bounds[level.scale_id] = (max(best, level.value), min(worst, level.value))
    return bounds


def reviewable_claims() -> ClaimQuerySet:
    """Published claims with what their ClaimReview needs (their current verdict, its
    level, the quote, speaker and transcript), by primary key. A withdrawn claim has no
    rating to review, so no ClaimReview: its page and its record in the API and CSV say so."""
    return Claim.objects.published().with_current_verdict(listed=True).order_by("pk")


def claim_review_for(claim: Claim, bounds: dict[int, tuple[int, int]] | None = None) -> dict:
    """The ClaimReview of a published claim, with absolute URLs on this site: what a claim
    page embeds with `json_ld()`. Give a claim from `reviewable_claims()` and the `bounds`
    of `rating_bounds()` to build many without a query each."""
    verdict = claim.published_verdict
    assert verdict is not None, "a ClaimReview is of a published verdict"
    verdict.claim = claim  # already loaded, with its quote, speaker and transcript
    bounds = bounds if bounds is not None else rating_bounds()
    best, worst = bounds[verdict.level.scale_id]
    # Set for every claim readers see (Claim.objects.public(): the claim page, the feed).
    first_published = claim.first_published_at
    assert first_published is not None, "a ClaimReview is of a public claim"
    return claim_review(
        verdict,
        url=settings.SITE_URL + claim.get_absolute_url(),
        interview_url=interview_url(claim.quote.transcript),
        best=best,
        worst=worst,
        first_published=moment(first_published),
    )


# /claimreview.json: the published ClaimReviews in the order they were first published, this
# many a response; the Link header names the next. One published since comes after every
# earlier one, so a harvester that kept the address of the last page it read reads on from
# there (a correction changes an entry's dateModified where it stands: the corrections feed
# says when).
FEED_PAGE_SIZE = 200
FEED_ORDER = Keyset(("first_published_at", "pk"), signed_as="claimreview")


def claim_reviews(cursor: str | None, request: HttpRequest | None = None) -> tuple[list[dict], str]:
    """A page of published ClaimReviews after `cursor` (FEED_ORDER; BadCursor if it is not
    one) and the cursor of the next page ("" on the last)."""
    claims = reviewable_claims().public()  # first_published_at set: FEED_ORDER's column
    page = FEED_ORDER.page(claims, cursor, FEED_PAGE_SIZE)
    bounds = rating_bounds(request)
    return [claim_review_for(claim, bounds) for claim in page.items], page.next_cursor or ""


def json_ld(data: dict) -> SafeString:
    """`data` as a <script type="application/ld+json"> block for a page's <head>.

    The JSON is written with <, > and & escaped (\\u003C...), so a claim that contains
    "</script>" cannot end the block early and inject markup.
    """
    return mark_safe(f'<script type="application/ld+json">{dumps(data)}</script>')
