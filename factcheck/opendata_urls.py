"""The open-data pages and downloads, included in the factcheck namespace (factcheck/urls.py)."""

from django.urls import path

from factcheck import opendata

urlpatterns = [
    path("data/", opendata.data, name="data"),
    path("methodology/", opendata.methodology, name="methodology"),
    path("claimreview.json", opendata.claim_review_feed, name="claimreview_feed"),
    path("downloads/claims.csv", opendata.claims_csv, name="claims_csv"),
]
