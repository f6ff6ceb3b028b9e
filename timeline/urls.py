from django.urls import include, path

app_name = "timeline"
urlpatterns: list = [
    path("", include("timeline.export_urls")),
]
