from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from factcheck.opendata import robots_txt
from factcheck.sitemaps import SITEMAPS

admin.site.site_header = "Interview Fact Check — administration"
admin.site.site_title = "Fact Check admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("factcheck.urls")),
    path("", include("timeline.urls")),
    path("api/", include("factcheck.api_urls")),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
]
