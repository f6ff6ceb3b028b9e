"""The API's OpenAPI 3.1 document: valid, complete, and made from the forms the API reads."""

import pytest
from django.conf import settings
from django.urls import URLPattern, reverse
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from reader import api_urls
from reader.filters import ClaimFilterForm, EventFilterForm, SourceKindFilterForm
from reader.openapi import PAGINATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client) -> dict:
    response = client.get(reverse("api:schema"), headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document, cls=OpenAPIV31SpecValidator)


def test_the_validator_would_refuse_a_broken_document(document):
    """(So the test above can fail: a path parameter must be required.)"""
    broken = document["paths"]["/api/events/{slug}/"]["get"]["parameters"][0]
    broken["required"] = False
    with pytest.raises(Exception, match="required"):
        validate(document, cls=OpenAPIV31SpecValidator)


def _template(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    for converter in ("slug:", "int:"):
        route = route.replace(f"<{converter}", "{").replace(">", "}")
    return "/api/" + route


def test_every_url_of_the_api_is_described(document):
    # Every route but the last, which answers any other address with a JSON 404.
    *routes, unknown = api_urls.urlpatterns
    assert unknown.name == "unknown"
    declared = {_template(pattern) for pattern in routes}
    assert declared == set(document["paths"])
    assert "/api/events/{slug}/" in declared and "/api/verdicts/{pk}/" in declared


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/api/events/", EventFilterForm),
        ("/api/claims/", ClaimFilterForm),
        ("/api/sources/", SourceKindFilterForm),
    ],
)
def test_each_list_describes_exactly_the_filters_its_form_reads(document, path, form):
    parameters = document["paths"][path]["get"]["parameters"]
    names = [parameter["name"] for parameter in parameters]
    assert names == [*form.base_fields, *(p["name"] for p in PAGINATION)]


def test_fixed_choices_are_listed_and_repeatable_filters_are_arrays(document):
    verdicts = {p["name"]: p for p in document["paths"]["/api/verdicts/"]["get"]["parameters"]}
    assert verdicts["status"]["schema"]["enum"] == ["published", "superseded", "withdrawn"]
    events = {p["name"]: p for p in document["paths"]["/api/events/"]["get"]["parameters"]}
    assert events["topic"]["schema"]["type"] == "array"
    assert events["dates"]["schema"] == {"type": "string", "maxLength": 64}
    assert events["limit"]["schema"]["maximum"] == 200


def test_the_document_names_this_site_as_its_server(document):
    assert document["servers"] == [{"url": settings.SITE_URL}]


def test_the_api_index_links_the_document(client):
    assert client.get(reverse("api:index")).json()["schema"].endswith("/api/schema.json")
