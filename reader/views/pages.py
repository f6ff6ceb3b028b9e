"""The pages about the data: what is published and how (Data), how claims are checked and
rated (Methodology), and robots.txt. The files themselves are in reader/exports.py, the
JSON API in reader/api.py."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from factcheck.models import Correction, RatingScale
from reader import exports, selectors
from reader.exports import LICENCE

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


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "Open data",
        "description": (
            "Every event, claim and verdict on this site in formats other tools read: "
            f"ClaimReview, TimelineJS, a JSON API, CSV, feeds and a sitemap, under {LICENCE}."
        ),
        "licence": LICENCE,
        "publisher": settings.PUBLISHER_NAME,
        **selectors.open_data_figures(),
        "timelinejs_max": exports.TIMELINEJS_MAX_EVENTS,  # as the export reads it
        "verdict_feed": VERDICT_FEED,
        "corrections_feed": CORRECTIONS_FEED,
    }
    return render(request, "reader/data.html", context)


@require_safe
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
    return render(request, "reader/methodology.html", context)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = settings.SITE_URL + reverse("sitemap")
    return render(request, "robots.txt", {"sitemap": sitemap}, content_type="text/plain")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the
    site's icon."""
    return redirect(static("favicon.svg"), permanent=True)
