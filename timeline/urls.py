from django.urls import path

from timeline import exports, views

app_name = "timeline"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    # The chronology's exports take the same filters as the page.
    path("timeline.json", exports.timelinejs, name="timelinejs"),
    path("downloads/events.csv", exports.events_csv, name="events_csv"),
]
