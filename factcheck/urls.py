from django.urls import path

from factcheck import opendata, views

app_name = "factcheck"
urlpatterns = [
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("interview/", views.interview, name="interview"),
    path("interviews/<slug:slug>/", views.transcript_detail, name="transcript_detail"),
    path("sources/", views.source_list, name="source_list"),
    # Open data: the pages that explain it and the files that carry it.
    path("data/", opendata.data, name="data"),
    path("methodology/", opendata.methodology, name="methodology"),
    path("claimreview.json", opendata.claim_review_feed, name="claimreview_feed"),
    path("downloads/claims.csv", opendata.claims_csv, name="claims_csv"),
]
