"""The desk's URLs, included at /desk/ (desk:queue, desk:claim, ...)."""

from django.urls import path

from factcheck.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.desk, name="queue"),
    path("interviews/<slug:slug>/", views.desk_transcript, name="transcript"),
    path("interviews/<slug:slug>/claims/", views.desk_claim_create, name="claim_create"),
    path("claims/<slug:slug>/", views.desk_claim, name="claim"),
    path(
        "claims/<slug:slug>/verdicts/new/",
        views.desk_verdict_create,
        name="verdict_create",
    ),
    path("verdicts/<int:pk>/edit/", views.desk_verdict_edit, name="verdict_edit"),
    path("verdicts/<int:pk>/submit/", views.desk_verdict_submit, name="verdict_submit"),
    path("verdicts/<int:pk>/review/", views.desk_verdict_review, name="verdict_review"),
    path("verdicts/<int:pk>/publish/", views.desk_verdict_publish, name="verdict_publish"),
    path("verdicts/<int:pk>/return/", views.desk_verdict_return, name="verdict_return"),
    path("verdicts/<int:pk>/correct/", views.desk_verdict_correct, name="verdict_correct"),
    path("verdicts/<int:pk>/withdraw/", views.desk_verdict_withdraw, name="verdict_withdraw"),
    path("sources/", views.desk_sources, name="sources"),
    path("sources/new/", views.desk_source_create, name="source_create"),
    path("evidence-row/", views.desk_evidence_row, name="evidence_row"),
]
