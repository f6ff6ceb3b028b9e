"""Open data: the pages that explain it (Data, Methodology), the ClaimReview feed, the claims
download and robots.txt. The chronology's own exports are in timeline/exports.py, the JSON
API in factcheck/api.py.
"""

from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from factcheck.claimreview import all_claim_reviews, reviewable_claims
from timeline.formats import CHUNK_SIZE, csv_response, csv_text, json_stream


@require_GET
def claim_review_feed(request: HttpRequest) -> HttpResponse:
    """Every published ClaimReview as one JSON list, streamed: what fact-check aggregators
    harvest besides the JSON-LD on each claim page."""
    response = StreamingHttpResponse(
        json_stream(all_claim_reviews()), content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


CLAIM_COLUMNS = [
    "slug",
    "claim",
    "quote",
    "speaker",
    "speaker_job_title",
    "interview",
    "interview_url",
    "interview_date",
    "events",
    "verdict_level",
    "verdict_label",
    "verdict_value",
    "verdict_rationale",
    "verdict_as_of",
    "verdict_published_at",
    "first_published_at",
    "url",
]


def _claim_rows() -> Iterator[list]:
    claims = reviewable_claims().prefetch_related("quote__events")
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        quote, verdict = claim.quote, claim.published_verdict
        transcript = quote.transcript
        yield [
            claim.slug,
            csv_text(claim.text),
            csv_text(quote.exact),
            csv_text(quote.speaker.name),
            csv_text(quote.speaker.job_title),
            csv_text(transcript.title),
            transcript.url,
            transcript.interview_date,
            "; ".join(event.slug for event in quote.events.all()),
            verdict.level.slug,
            csv_text(verdict.level.label),
            verdict.level.value,
            csv_text(verdict.rationale),
            verdict.as_of.isoformat(),
            verdict.published_at.isoformat(),
            (claim.first_published or verdict.published_at).isoformat(),
            settings.SITE_URL + claim.get_absolute_url(),
        ]


@require_GET
def claims_csv(request: HttpRequest) -> HttpResponse:
    return csv_response("claims.csv", CLAIM_COLUMNS, _claim_rows())
