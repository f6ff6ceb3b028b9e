from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.decorators.http import require_safe

from config.accounts import password_reset
from reader.sitemaps import SITEMAPS, sitemap_index
from reader.views.pages import favicon, robots_txt

handler400 = "config.errors.bad_request"

admin.site.site_header = "Interview Fact Check — administration"
admin.site.site_title = "Fact Check admin"
# No sidebar of every model beside each page (the home page lists them, the breadcrumbs lead
# back): at 1280 px it left a list and its filters 630 px, too narrow for a source's row.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own: its reset form claims to e-mail even where no mail can be sent.
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("factcheck.desk.urls")),
    path("api/", include("reader.api_urls")),
    path("", include("reader.urls")),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]
