"""Numbers the desk reads from its addresses and forms: anything that is not one, in ASCII
digits and in range ("²" passes str.isdigit() and then fails int()), is a 400 or a form
error, never a 500, and writes nothing."""

import pytest
from django.urls import reverse

from factcheck.models import Action, Source, Verdict
from tests.factories import make_claim, make_quote, make_source, make_transcript, make_verdict

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NOT_NUMBERS = ["²", "٣", "9" * 23, "-1", "1.5"]


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_quote_that_is_no_number_is_a_400_on_the_transcript_page(client, editor, value):
    transcript = make_transcript()
    make_quote(transcript)
    url = reverse("desk:transcript", args=[transcript.slug])
    response = client.get(url, {"quote": value})
    assert response.status_code == 400
    assert "That quote is not in this interview." in response.text


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_submitting_with_a_version_that_is_no_number_is_a_400(client, editor, value):
    verdict = make_verdict(author=editor, sources=[make_source()])
    response = client.post(reverse("desk:verdict_submit", args=[verdict.pk]), {"version": value})
    assert response.status_code == 400
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    assert not Action.objects.filter(verb=Action.Verb.SUBMITTED).exists()


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_an_evidence_row_for_a_source_that_is_no_number_is_a_400(client, editor, value):
    source = make_source()
    url = reverse("desk:evidence_row")
    for query in (
        {"source": value, "evidence-TOTAL_FORMS": "0"},
        {"source": str(source.pk), "evidence-TOTAL_FORMS": value},
    ):
        response = client.get(url, query, headers=HTMX)
        assert response.status_code == 400, query
        assert "Choose a source from the search results." in response.text


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_chosen_sources_that_are_no_numbers_are_ignored_by_the_picker(client, editor, value):
    make_source(title="The arbitral award")
    response = client.get(
        reverse("desk:sources"), {"q": "award", "picker": "1", "evidence-0-source": value}
    )
    assert response.status_code == 200
    assert "The arbitral award" in response.text


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_an_inline_source_with_a_row_count_that_is_no_number_is_a_400(client, editor, value):
    response = client.post(
        reverse("desk:source_create"),
        {"source-title": "A report", "source-kind": "report", "evidence-TOTAL_FORMS": value},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert not Source.objects.exists()


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_verdict_form_naming_a_source_that_is_no_number_is_a_422(client, editor, value):
    claim = make_claim()
    response = client.post(
        reverse("desk:verdict_create", args=[claim.slug]),
        {
            "level": "",
            "rationale": "",
            "as_of": "2024-06-10",
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-source": value,
            "evidence-0-stance": "supports",
            "hint": value,
        },
    )
    assert response.status_code == 422
    assert not Verdict.objects.exists()
