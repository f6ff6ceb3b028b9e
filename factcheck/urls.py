from django.urls import include, path

from factcheck import corrections, feeds

app_name = "factcheck"
urlpatterns: list = [
    # The editors' desk (factcheck:desk, factcheck:desk_...).
    path("desk/", include("factcheck.desk.urls")),
    path("corrections/", corrections.correction_list, name="correction_list"),
    path("feeds/verdicts/", feeds.VerdictFeed(), name="verdict_feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction_feed"),
]
