from django.urls import path

from timeline import views

app_name = "timeline"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
]
