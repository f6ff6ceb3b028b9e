"""The desk's URLs, included at /desk/ (desk:queue, desk:claim, ...)."""

from django.urls import path

from factcheck.desk.views import (
    chronology,
    claims,
    corrections,
    imports,
    queue,
    reports,
    review,
    sources,
    verdicts,
)

app_name = "desk"
urlpatterns = [
    path("", queue.desk, name="queue"),
    path("interviews/", queue.desk_interviews, name="interviews"),
    # Before interviews/<slug>/, which "import" would otherwise match.
    path("interviews/import/", imports.desk_import, name="import"),
    path("interviews/<slug:slug>/", claims.desk_transcript, name="transcript"),
    path(
        "interviews/<slug:slug>/publish/",
        imports.desk_transcript_publish,
        name="transcript_publish",
    ),
    path(
        "interviews/<slug:slug>/details/",
        imports.desk_transcript_details,
        name="transcript_details",
    ),
    path(
        "interviews/<slug:slug>/discard/",
        imports.desk_transcript_discard,
        name="transcript_discard",
    ),
    path("interviews/<slug:slug>/claims/", claims.desk_claim_create, name="claim_create"),
    path("claims/<slug:slug>/", claims.desk_claim, name="claim"),
    path("claims/<slug:slug>/discard/", claims.desk_claim_discard, name="claim_discard"),
    path("claims/<slug:slug>/events/link/", chronology.desk_event_link, name="event_link"),
    path("claims/<slug:slug>/events/new/", chronology.desk_event_create, name="event_create"),
    path(
        "claims/<slug:slug>/events/date/",
        chronology.desk_event_date_preview,
        name="event_date_preview",
    ),
    path(
        "claims/<slug:slug>/events/<int:pk>/unlink/",
        chronology.desk_event_unlink,
        name="event_unlink",
    ),
    path(
        "claims/<slug:slug>/verdicts/new/",
        verdicts.desk_verdict_create,
        name="verdict_create",
    ),
    path("verdicts/<int:pk>/edit/", verdicts.desk_verdict_edit, name="verdict_edit"),
    path("verdicts/<int:pk>/submit/", verdicts.desk_verdict_submit, name="verdict_submit"),
    path("verdicts/<int:pk>/discard/", verdicts.desk_verdict_discard, name="verdict_discard"),
    path("verdicts/<int:pk>/take-back/", verdicts.desk_verdict_take_back, name="verdict_take_back"),
    path("verdicts/<int:pk>/review/", review.desk_verdict_review, name="verdict_review"),
    path("verdicts/<int:pk>/publish/", review.desk_verdict_publish, name="verdict_publish"),
    path("verdicts/<int:pk>/return/", review.desk_verdict_return, name="verdict_return"),
    path("verdicts/<int:pk>/correct/", corrections.desk_verdict_correct, name="verdict_correct"),
    path("verdicts/<int:pk>/withdraw/", corrections.desk_verdict_withdraw, name="verdict_withdraw"),
    path("sources/", sources.desk_sources, name="sources"),
    path("sources/new/", sources.desk_source_create, name="source_create"),
    path("evidence-row/", sources.desk_evidence_row, name="evidence_row"),
    path("reports/", reports.desk_reports, name="reports"),
    path("reports/<int:pk>/close/", reports.desk_report_close, name="report_close"),
    path("reports/<int:pk>/reopen/", reports.desk_report_reopen, name="report_reopen"),
]
