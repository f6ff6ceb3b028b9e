"""The desk's URLs, included under /desk/ in the factcheck namespace (factcheck:desk_...)."""

from django.urls import path

from factcheck.desk import views

urlpatterns = [
    path("", views.desk, name="desk"),
    path("interviews/<slug:slug>/", views.desk_transcript, name="desk_transcript"),
    path("interviews/<slug:slug>/claims/", views.desk_claim_create, name="desk_claim_create"),
    path("claims/<slug:slug>/", views.desk_claim, name="desk_claim"),
    path(
        "claims/<slug:slug>/verdicts/new/",
        views.desk_verdict_create,
        name="desk_verdict_create",
    ),
    path("verdicts/<int:pk>/edit/", views.desk_verdict_edit, name="desk_verdict_edit"),
    path("verdicts/<int:pk>/submit/", views.desk_verdict_submit, name="desk_verdict_submit"),
    path("verdicts/<int:pk>/review/", views.desk_verdict_review, name="desk_verdict_review"),
    path("verdicts/<int:pk>/publish/", views.desk_verdict_publish, name="desk_verdict_publish"),
    path("verdicts/<int:pk>/return/", views.desk_verdict_return, name="desk_verdict_return"),
    path("verdicts/<int:pk>/correct/", views.desk_verdict_correct, name="desk_verdict_correct"),
    path("verdicts/<int:pk>/withdraw/", views.desk_verdict_withdraw, name="desk_verdict_withdraw"),
    path("sources/", views.desk_sources, name="desk_sources"),
    path("sources/new/", views.desk_source_create, name="desk_source_create"),
    path("evidence-row/", views.desk_evidence_row, name="desk_evidence_row"),
]
