"""Everyone who speaks in the interviews, and each speaker's page: the interviews they gave
on this site, with the title they held in each, and the claims checked in their words."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from factcheck import scales
from factcheck.models import Speaker
from kit.htmx import HtmxHttpRequest, page_or_fragment, vary_on_htmx, wants_fragment
from kit.keyset import BadCursor, Keyset
from reader import selectors

CLAIMS_PER_PAGE = 20
SPEAKERS_PER_PAGE = 50
BY_NAME = Keyset(("name", "pk"))
NEWEST_CLAIMS_FIRST = Keyset(("-pk",))
# A speaker's interviews are few; past this many the page names the newest and links to
# the rest in the API.
INTERVIEWS_SHOWN = 50


@require_safe
@vary_on_htmx
def speaker_list(request: HtmxHttpRequest) -> HttpResponse:
    """Everyone who speaks in a published interview, by name, with how many of those
    interviews they speak in and how many claims in their words were checked. htmx asks for
    the next page alone (#speaker-page)."""
    template = "reader/speaker_list.html"
    speakers = selectors.for_the_speaker_list(
        Speaker.objects.public().only("name", "slug", "job_title")
    )
    try:
        page = BY_NAME.page(speakers, request.GET.get("after"), SPEAKERS_PER_PAGE)
    except BadCursor as error:
        return render(request, template, {"error": str(error)}, status=400)
    context = {"page": page, "next": page.next_query(request.GET)}
    return render(request, page_or_fragment(request, template, "speaker-page"), context)


@require_safe
@vary_on_htmx
def speaker_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """htmx asks for the next page of claims alone (#speaker-claim-page)."""
    speaker = get_object_or_404(Speaker.objects.public().prefetch_related("aliases"), slug=slug)
    template = "reader/speaker_detail.html"
    claims = selectors.said_by_speaker(speaker.pk)
    levels = scales.levels(request).by_id
    try:
        page = NEWEST_CLAIMS_FIRST.page(
            claims.with_current_verdict(listed=True, levels=levels),
            request.GET.get("after"),
            CLAIMS_PER_PAGE,
        )
    except BadCursor as error:
        return render(request, template, {"speaker": speaker, "error": str(error)}, status=400)
    context = {"speaker": speaker, "page": page, "next": page.next_query(request.GET)}
    if wants_fragment(request):
        return render(request, page_or_fragment(request, template, "speaker-claim-page"), context)
    appearances = list(
        speaker.appearances.filter(transcript__site_published_at__isnull=False)
        .select_related("transcript")
        .defer("transcript__text")
        .order_by("-transcript__interview_date_lower", "-transcript__pk")[: INTERVIEWS_SHOWN + 1]
    )
    # Every claim stands at a level or is withdrawn: the tally counts them all.
    tally = selectors.speaker_tally(speaker.pk, levels)
    context |= {
        "appearances": appearances[:INTERVIEWS_SHOWN],
        "more_interviews": len(appearances) > INTERVIEWS_SHOWN,
        "claim_total": sum(count for _, count in tally),
        "tally": tally,
    }
    return render(request, template, context)
