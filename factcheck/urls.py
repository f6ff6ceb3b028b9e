from django.urls import include, path

app_name = "factcheck"
urlpatterns: list = [
    path("", include("factcheck.opendata_urls")),
]
