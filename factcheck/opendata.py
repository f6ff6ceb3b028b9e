"""Open data: the pages that explain it (Data, Methodology), the ClaimReview feed, the claims
download and robots.txt. The chronology's own exports are in timeline/exports.py, the JSON
API in factcheck/api.py.
"""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from factcheck.claimreview import all_claim_reviews
from timeline.formats import json_stream


@require_GET
def claim_review_feed(request: HttpRequest) -> HttpResponse:
    """Every published ClaimReview as one JSON list, streamed: what fact-check aggregators
    harvest besides the JSON-LD on each claim page."""
    response = StreamingHttpResponse(
        json_stream(all_claim_reviews()), content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
