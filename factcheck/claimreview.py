"""schema.org ClaimReview for a published verdict, as JSON-LD.

Fields follow https://schema.org/ClaimReview and Google's "Fact Check (ClaimReview)"
structured-data guidelines: `claimReviewed` is at most 75 characters, `reviewRating`
carries `alternateName` (the label readers see) beside its numbers, and `itemReviewed` is
the `Claim` as made: who said it, when, and where it appeared.
"""

from urllib.parse import quote as percent_encode

from django.conf import settings

from factcheck.models import Verdict
from timeline.dates import parse_edtf

CLAIM_REVIEWED_LIMIT = 75
FRAGMENT_WORDS = 4  # a text fragment's start and end terms: enough words to be unique


def shorten(text: str, limit: int = CLAIM_REVIEWED_LIMIT) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"


def _fragment_term(text: str) -> str:
    # Text fragments reserve "-", "," and "&" (WICG Scroll-to-Text, "Syntax"): encode them.
    return percent_encode(text, safe="").replace("-", "%2D")


def text_fragment(exact: str) -> str:
    """A `#:~:text=` directive that scrolls to and highlights `exact` in a browser."""
    words = exact.split()
    if len(words) <= 2 * FRAGMENT_WORDS:
        return "#:~:text=" + _fragment_term(" ".join(words))
    start = " ".join(words[:FRAGMENT_WORDS])
    end = " ".join(words[-FRAGMENT_WORDS:])
    return f"#:~:text={_fragment_term(start)},{_fragment_term(end)}"


def iso_date(edtf: str) -> str:
    """The most precise ISO 8601 date an EDTF date honestly supports ("2024-06")."""
    fuzzy = parse_edtf(edtf)
    if fuzzy.lower == fuzzy.upper:
        return fuzzy.lower.isoformat()
    if fuzzy.lower.strftime("%Y-%m") == fuzzy.upper.strftime("%Y-%m"):
        return fuzzy.lower.strftime("%Y-%m")
    return fuzzy.lower.strftime("%Y")


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
    if speaker.job_title:
        author["jobTitle"] = speaker.job_title
    appearance = {
        "@type": "CreativeWork",
        "url": interview_url + text_fragment(quote.exact),
        "headline": transcript.title,
    }
    if transcript.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": transcript.publisher}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": shorten(claim.text),
        "datePublished": first_published,
        "dateModified": verdict.published_at.isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.PUBLISHER_NAME,
            "url": settings.PUBLISHER_URL,
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.level.value,
            "bestRating": best,
            "worstRating": worst,
            "alternateName": verdict.level.label,
            "ratingExplanation": verdict.rationale,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": author,
            "datePublished": iso_date(transcript.interview_date),
            "appearance": appearance,
        },
    }
