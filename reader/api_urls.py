"""The read-only JSON API (reader/api.py), included at /api/."""

from django.urls import path, re_path

from reader import api, openapi

app_name = "api"
urlpatterns = [
    path("", api.index, name="index"),
    path("schema.json", openapi.schema, name="schema"),
    path("events/", api.event_list, name="event_list"),
    path("events/<slug:slug>/", api.event_detail, name="event_detail"),
    path("claims/", api.claim_list, name="claim_list"),
    path("claims/<slug:slug>/", api.claim_detail, name="claim_detail"),
    path("verdicts/", api.verdict_list, name="verdict_list"),
    path("verdicts/<int:pk>/", api.verdict_detail, name="verdict_detail"),
    path("sources/", api.source_list, name="source_list"),
    path("sources/<slug:slug>/", api.source_detail, name="source_detail"),
    path("interviews/", api.interview_list, name="interview_list"),
    path("interviews/<slug:slug>/", api.interview_detail, name="interview_detail"),
    path("speakers/", api.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", api.speaker_detail, name="speaker_detail"),
    # Last: any other address under /api/ (a misspelt list, a verdict named by a word) is
    # answered in JSON, as the rest of the API is, not by the site's HTML page. Only one
    # that ends in a slash: without it, Django first adds the slash (APPEND_SLASH), so that
    # /api/events still leads to /api/events/.
    re_path(r"^.*/$", api.unknown, name="unknown"),
]
