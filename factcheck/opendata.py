"""Open data: the pages that explain it (Data, Methodology), the ClaimReview feed, the claims
download and robots.txt. The chronology's own exports are in timeline/exports.py, the JSON
API in factcheck/api.py.
"""

from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from factcheck.claimreview import all_claim_reviews, reviewable_claims
from factcheck.models import Claim, Correction, RatingScale, Transcript
from timeline.exports import LICENCE
from timeline.formats import CHUNK_SIZE, csv_response, csv_text, json_stream
from timeline.models import Event, Topic

# What each kind of correction means, for readers (the kinds are Correction.Kind).
CORRECTION_MEANINGS = {
    Correction.Kind.TYPO: "A slip in the wording is fixed; the finding is unchanged.",
    Correction.Kind.UPDATE: "Newer evidence is added; the finding may stand or change.",
    Correction.Kind.CORRECTION: "The verdict was wrong; the new one says what changed and why.",
    Correction.Kind.VOID: "The verdict no longer stands and is withdrawn; its record remains.",
}

# Paths of the Atom feeds of new verdicts and of corrections, served by the editors' desk.
VERDICT_FEED = "/feeds/verdicts/"
CORRECTIONS_FEED = "/feeds/corrections/"


@require_GET
def data(request: HttpRequest) -> HttpResponse:
    topic = Topic.objects.order_by("name").values_list("slug", flat=True).first()
    context = {
        "title": "Open data",
        "description": (
            "Every event, claim and verdict on this site in formats other tools read: "
            f"ClaimReview, TimelineJS, a JSON API, CSV, feeds and a sitemap, under {LICENCE}."
        ),
        "licence": LICENCE,
        "publisher": settings.PUBLISHER_NAME,
        "event_count": Event.objects.count(),
        "claim_count": Claim.objects.published().count(),
        "interview_publishers": list(
            Transcript.objects.exclude(publisher="")
            .order_by("publisher")
            .values_list("publisher", flat=True)
            .distinct()
        ),
        "example_topic": topic,
        "verdict_feed": VERDICT_FEED,
        "corrections_feed": CORRECTIONS_FEED,
    }
    return render(request, "factcheck/data.html", context)


@require_GET
def methodology(request: HttpRequest) -> HttpResponse:
    scale = RatingScale.objects.filter(is_current=True).first()
    levels = list(scale.levels.all()) if scale else []  # highest value first (Meta.ordering)
    context = {
        "title": "Methodology",
        "description": (
            "How claims are chosen, checked, rated, reviewed and corrected, and what each "
            "rating means, with the numbers used in ClaimReview."
        ),
        "scale": scale,
        "levels": levels,
        "best": levels[0].value if levels else None,
        "worst": levels[-1].value if levels else None,
        "correction_kinds": [(kind.label, CORRECTION_MEANINGS[kind]) for kind in Correction.Kind],
        "corrections_feed": CORRECTIONS_FEED,
        "verdict_feed": VERDICT_FEED,
    }
    return render(request, "factcheck/methodology.html", context)


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


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap": sitemap}, content_type="text/plain")
