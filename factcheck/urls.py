from django.urls import include, path

from factcheck import corrections, feeds, opendata, views

app_name = "factcheck"
urlpatterns = [
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("interview/", views.interview, name="interview"),
    path("interviews/<slug:slug>/", views.transcript_detail, name="transcript_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("corrections/", corrections.correction_list, name="correction_list"),
    path("feeds/verdicts/", feeds.VerdictFeed(), name="verdict_feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction_feed"),
    # The editors' desk (factcheck:desk, factcheck:desk_...).
    path("desk/", include("factcheck.desk.urls")),
    # Open data: the pages that explain it and the files that carry it.
    path("data/", opendata.data, name="data"),
    path("methodology/", opendata.methodology, name="methodology"),
    path("claimreview.json", opendata.claim_review_feed, name="claimreview_feed"),
    path("downloads/claims.csv", opendata.claims_csv, name="claims_csv"),
]
