from django.urls import path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from reader import exports, feeds
from reader.views import (
    chronology,
    claims,
    corrections,
    interviews,
    pages,
    reports,
    sources,
    speakers,
)

app_name = "reader"
urlpatterns = [
    path("", chronology.event_list, name="event_list"),
    # The events are listed on the chronology: /events/ is where a reader trims an event's
    # address to.
    path("events/", RedirectView.as_view(pattern_name="reader:event_list", permanent=True)),
    path("events/<slug:slug>/", chronology.event_detail, name="event_detail"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/<slug:slug>/", claims.claim_detail, name="claim_detail"),
    path("claims/<slug:slug>/card.png", claims.claim_card, name="claim_card"),
    path("interview/", interviews.interview, name="interview"),
    path("interviews/", interviews.interview_list, name="interview_list"),
    path("interviews/<slug:slug>/", interviews.transcript_detail, name="transcript_detail"),
    path("speakers/", speakers.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", speakers.speaker_detail, name="speaker_detail"),
    path("sources/", sources.source_list, name="source_list"),
    path("corrections/", corrections.correction_list, name="correction_list"),
    path("report/", reports.report, name="report"),
    path("report/sent/", reports.report_sent, name="report_sent"),
    path("feeds/verdicts/", require_safe(feeds.VerdictFeed()), name="verdict_feed"),
    path("feeds/corrections/", require_safe(feeds.CorrectionFeed()), name="correction_feed"),
    # Open data: the pages that explain it and the files that carry it. The chronology's
    # exports take the same filters as the page.
    path("data/", pages.data, name="data"),
    path("methodology/", pages.methodology, name="methodology"),
    path("timeline.json", exports.timelinejs, name="timelinejs"),
    path("downloads/events.csv", exports.events_csv, name="events_csv"),
    path("claimreview.json", exports.claim_review_feed, name="claimreview_feed"),
    path("downloads/claims.csv", exports.claims_csv, name="claims_csv"),
]
