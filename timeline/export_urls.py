"""The chronology's exports, included in the timeline namespace (timeline/urls.py)."""

from django.urls import path

from timeline import exports

urlpatterns = [
    path("timeline.json", exports.timelinejs, name="timelinejs"),
    path("downloads/events.csv", exports.events_csv, name="events_csv"),
]
