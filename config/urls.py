from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Interview Fact Check — administration"
admin.site.site_title = "Fact Check admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("factcheck.urls")),
    path("", include("timeline.urls")),
    path("api/", include("factcheck.api_urls")),
]
