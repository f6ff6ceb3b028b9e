"""Input no view can use gets a 400 at the edge, on any page, and writes nothing."""

import pytest
from django.urls import reverse

from factcheck.models import Source
from tests.factories import make_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/?q=a%00b", "/?after=%00", "/corrections/?after=x%00"])
def test_a_nul_byte_in_a_pages_address_is_a_400_page_saying_so(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.text
    assert "<h1>This request could not be read</h1>" in page
    assert "The address holds a NUL character, which no page accepts." in page
    # With the headers every page has.
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "url", ["/api/events/?topic=%00", "/timeline.json?q=%00", "/downloads/events.csv?q=a%00"]
)
def test_a_nul_byte_in_the_open_datas_address_is_a_400_in_json_as_its_other_errors(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {"error": "The address holds a NUL character, which no page accepts."}


@pytest.mark.parametrize("debug", [False, True])
def test_more_parameters_than_are_read_is_a_400_saying_so_as_page_or_json(client, settings, debug):
    settings.DEBUG = debug  # Django's own debug page failed on it, with a 500
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # Django's default (here: the import's)
    query = "&".join(["topic=taiwan"] * 1001)
    said = "The address holds more than 1,000 parameters, more than any page takes."
    page = client.get(f"/?{query}")
    assert page.status_code == 400 and said in page.content.decode()
    api = client.get(f"/api/events/?{query}")
    assert api.status_code == 400 and api.json() == {"error": said}
    feed = client.get(f"/claimreview.json?{query}")
    assert feed.status_code == 400 and feed.json() == {"error": said}


def test_a_form_of_more_fields_than_are_read_is_a_400_and_writes_nothing(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    client.force_login(make_editor())
    fields = {f"field{n}": "x" for n in range(1001)} | {"source-title": "A source"}
    response = client.post(reverse("desk:source_create"), fields)
    assert response.status_code == 400
    assert "The form sends more than 1,000 fields" in response.content.decode()
    assert not Source.objects.exists()


def test_a_nul_byte_in_the_session_cookie_is_a_400_not_a_500(client):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get(reverse("reader:event_list"))
    assert response.status_code == 400
    assert "A cookie holds a NUL character; clear this site&#x27;s cookies" in response.text


def test_a_nul_byte_in_a_form_field_is_a_400_and_writes_nothing(client):
    client.force_login(make_editor())
    response = client.post(
        reverse("desk:source_create"), {"source-title": "A\x00B", "source-kind": "report"}
    )
    assert response.status_code == 400
    assert not Source.objects.exists()
    # To htmx (which swaps no 4xx), the sentence alone, for the page to show in the form.
    htmx = client.post(
        reverse("desk:source_create"),
        {"source-title": "A\x00B", "source-kind": "report"},
        headers={"HX-Request": "true"},
    )
    assert (htmx.status_code, htmx["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert htmx.text == "A form field holds a NUL character, which no field accepts."


def test_a_form_in_another_character_set_is_a_400(client):
    response = client.post(
        reverse("login"),
        "username=a&password=b",  # the client encodes it in the charset named
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_ordinary_input_passes(client):
    assert client.get("/?q=Rose+Garden").status_code == 200
