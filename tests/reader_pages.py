"""Stand-ins for the reader pages (the claim and interview pages) that another branch of the
project builds, so that links to them resolve in tests of the corrections page and feeds.

`reader_pages` switches to this URLconf only while `factcheck:claim_detail` does not resolve
in the project's own; once the reader pages are there, the tests run against them."""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from config import urls as project_urls
from factcheck import urls as factcheck_urls


def _stand_in(request, slug: str) -> HttpResponse:
    return HttpResponse(f"Stand-in reader page for {slug}")


urlpatterns = [
    pattern
    for pattern in project_urls.urlpatterns
    if getattr(pattern, "namespace", None) != "factcheck"
] + [
    path(
        "",
        include(
            (
                [
                    *factcheck_urls.urlpatterns,
                    path("claims/<slug:slug>/", _stand_in, name="claim_detail"),
                    path("interviews/<slug:slug>/", _stand_in, name="transcript_detail"),
                ],
                "factcheck",
            )
        ),
    )
]


def claim_pages_exist() -> bool:
    try:
        reverse("factcheck:claim_detail", kwargs={"slug": "any"})
    except NoReverseMatch:
        return False
    return True


@pytest.fixture
def reader_pages(settings):
    """Links to claim pages resolve: to the real pages when they exist, else to stand-ins."""
    if not claim_pages_exist():
        settings.ROOT_URLCONF = __name__
