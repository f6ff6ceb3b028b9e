from django.urls import path

from factcheck import views

app_name = "factcheck"
urlpatterns = [
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("interview/", views.interview, name="interview"),
    path("interviews/<slug:slug>/", views.transcript_detail, name="transcript_detail"),
    path("sources/", views.source_list, name="source_list"),
]
