"""The API's OpenAPI 3.1 document: valid, complete, and made from the forms the API reads."""

import io
import json
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, reverse
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from factcheck.models import Claim
from reader import api_urls
from reader.filters import ClaimFilterForm, EventFilterForm, SourceKindFilterForm
from reader.openapi import PAGINATION
from tests.published import correct, withdraw

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


# What the API answers, read against what the document says of it: the bundled interview
# (eras, dates as spoken, evidence, a cast), with a correction and a withdrawal on top.


@pytest.fixture
def archive():
    call_command("load_interview", stdout=io.StringIO())
    corrected, withdrawn = Claim.objects.published().order_by("pk")[:2]
    correct(corrected)
    withdraw(withdrawn)
    return corrected, withdrawn


FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _absolute_url(text: object) -> bool:
    """An absolute address on this site or another (jsonschema checks "uri" only with a
    package this project does not need)."""
    parts = urlsplit(str(text))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date")
def _day(text: object) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text)))


@FORMATS.checks("date-time")
def _moment(text: object) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", str(text)))


def _conforms(document: dict, schema: str, body: dict) -> None:
    """`body` is valid against the document's component `schema`, its references resolved
    in the document."""
    root = {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    validator = Draft202012Validator(root, format_checker=FORMATS)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, (schema, errors[:5])


def _every(client, url: str) -> list[dict]:
    """Every result of a list, page after page."""
    results = []
    while url:
        body = client.get(url.removeprefix(settings.SITE_URL)).json()
        results += body["results"]
        url = body["next"]
    return results


@pytest.mark.parametrize(
    ("endpoint", "schema"),
    [
        ("event", "Event"),
        ("claim", "Claim"),
        ("verdict", "Verdict"),
        ("source", "Source"),
        ("interview", "Interview"),
        ("speaker", "SpeakerEntry"),
    ],
)
def test_every_list_and_detail_answers_as_the_document_says(
    client, document, archive, endpoint, schema
):
    first = client.get(reverse(f"api:{endpoint}_list"), {"limit": 200}).json()
    _conforms(document, f"{schema}Page", first)
    for item in _every(client, reverse(f"api:{endpoint}_list") + "?limit=200"):
        detail = client.get(item["api_url"].removeprefix(settings.SITE_URL))
        assert detail.status_code == 200
        _conforms(document, schema, detail.json())


def test_a_withdrawn_verdict_is_counted_in_the_interviews_tally_as_the_document_says(
    client, document, archive
):
    (interview,) = client.get(reverse("api:interview_list")).json()["results"]
    assert {"level": None, "count": 1} in interview["verdicts"]
    tally = document["components"]["schemas"]["Interview"]["properties"]["verdicts"]
    assert "withdrawn" in tally["description"]


def test_the_conformance_check_would_refuse_a_wrong_answer(client, document, archive):
    """(So the test above can fail: a wrong type, an address that is none, a moment
    written otherwise.)"""
    (claim, *_) = client.get(reverse("api:claim_list")).json()["results"]
    for path, wrong in (
        (("quote", "transcript", "interview_date"), "2024-06"),
        (("quote", "transcript", "url"), "/interviews/relative/"),
        (("verdict", "published_at"), "2024-06-04T09:30:00+00:00"),
    ):
        broken = json.loads(json.dumps(claim))
        *parents, last = path
        target = broken
        for key in parents:
            target = target[key]
        target[last] = wrong
        with pytest.raises(AssertionError, match="|".join(path)):
            _conforms(document, "Claim", broken)


def test_each_operation_has_its_own_id_and_a_tag(document):
    operations = [path["get"] for path in document["paths"].values()]
    ids = [operation["operationId"] for operation in operations]
    assert len(set(ids)) == len(ids) and "claim_list" in ids
    assert {"events", "claims", "verdicts", "sources", "interviews", "speakers"} <= {
        operation["tags"][0] for operation in operations
    }


def test_every_parameter_says_what_it_does(document):
    for path, item in document["paths"].items():
        for parameter in item["get"].get("parameters", []):
            described = parameter.get("description", "")
            # More than its own name: "speaker." tells a program nothing.
            assert len(described.split()) >= 3, (path, parameter["name"], described)


def test_the_document_refuses_a_parameter_it_does_not_take(client):
    response = client.get(reverse("api:schema"), {"foo": "1"})
    assert response.status_code == 400
    assert "foo" in response.json()["error"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_api_refuses_a_change_in_json_saying_it_is_read_only(client, method):
    response = getattr(client, method)(reverse("api:event_list"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "read-only" in response.json()["error"]


@pytest.mark.parametrize(
    "name",
    ["reader:timelinejs", "reader:events_csv", "reader:claims_csv", "reader:claimreview_feed"],
)
def test_an_export_posted_to_is_a_405_not_a_csrf_page(name):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse(name))
    assert response.status_code == 405
    assert "GET" in response["Allow"]
