from django.urls import path

from factcheck import corrections, feeds

app_name = "factcheck"
urlpatterns: list = [
    path("corrections/", corrections.correction_list, name="correction_list"),
    path("feeds/verdicts/", feeds.VerdictFeed(), name="verdict_feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction_feed"),
]
