"""The site's URLs, plus `/_floor/`: a view that only answers "ok", the least a Django
response costs on the same workers with the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_floor/", floor), path("", include("config.urls"))]
