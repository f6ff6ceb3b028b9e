"""The API's interviews and speakers, its `interview` filter on claims and its refusal of
parameters it does not know."""

import pytest
from django.conf import settings
from django.urls import reverse

from factcheck.models import SpeakerAlias
from tests.factories import make_speaker, make_transcript, newsroom
from tests.reader.conftest import INTERVIEWS
from tests.reader.test_api import get, walk

pytestmark = pytest.mark.django_db


def test_interview_list_gives_every_published_interview_with_its_cast_and_verdicts(
    client,
    interviews,
):
    results = walk(client, "/api/interviews/?limit=7")
    assert [item["slug"] for item in results] == [t.slug for t in interviews]
    first = results[0]
    assert first["title"] == "Interview 2000"
    assert first["interview_date"]["lower"] == "2000-06-03"
    assert [(s["speaker"]["slug"], s["role"]) for s in first["speakers"]][1] == (
        "guest",
        "interviewee",
    )
    assert first["speakers"][1]["job_title"] == "Envoy in 2000"
    assert (first["quote_count"], first["claim_count"]) == (1, 3)
    assert [(v["level"]["label"], v["count"]) for v in first["verdicts"]] == [
        ("Accurate", 2),
        ("Inaccurate", 1),
    ]
    assert first["claims"] == f"{settings.SITE_URL}/api/claims/?interview={first['slug']}"
    assert get(client, first["api_url"].removeprefix(settings.SITE_URL)) == first


def test_an_unpublished_interview_is_not_in_the_api(client):
    editor, _ = newsroom()
    hidden = make_transcript(by=editor)
    assert get(client, "/api/interviews/")["results"] == []
    get(client, reverse("api:interview_detail", args=[hidden.slug]), status=404)
    body = get(client, f"/api/claims/?interview={hidden.slug}", status=400)
    assert "interview" in body["errors"]


def test_claims_filter_by_interview(client, interviews):
    slug = interviews[4].slug
    claims = walk(client, f"/api/claims/?interview={slug}")
    assert len(claims) == 3
    assert {claim["quote"]["transcript"]["slug"] for claim in claims} == {slug}


def test_interviews_filter_by_speaker_and_speakers_by_interview(client, interviews):
    assert len(walk(client, "/api/interviews/?speaker=guest")) == INTERVIEWS
    interviewer = interviews[0].interviewer.slug
    assert len(walk(client, f"/api/interviews/?speaker={interviewer}")) == 1
    speakers = walk(client, f"/api/speakers/?interview={interviews[0].slug}")
    assert {s["slug"] for s in speakers} == {"guest", interviewer}


def test_speakers_give_their_aliases_and_each_interview_with_the_title_then(
    client,
    interviews,
):
    SpeakerAlias.objects.create(speaker=interviews[0].interviewee, name="The Guest")
    body = get(client, reverse("api:speaker_detail", args=["guest"]))
    assert body["aliases"] == ["The Guest"]
    assert body["job_title"] == "Ambassador now"
    first = body["appearances"][0]
    assert (first["interview"]["title"], first["job_title"]) == ("Interview 2022", "Envoy in 2022")
    assert len(body["appearances"]) == 20
    assert body["appearances_more"] == settings.SITE_URL + "/api/interviews/?speaker=guest"
    assert body["url"] == settings.SITE_URL + "/speakers/guest/"


def test_a_speaker_only_in_an_unpublished_interview_is_not_in_the_api(client):
    editor, _ = newsroom()
    make_transcript(interviewee=make_speaker(name="Hidden", slug="hidden"), by=editor)
    assert "hidden" not in {s["slug"] for s in walk(client, "/api/speakers/")}
    get(client, reverse("api:speaker_detail", args=["hidden"]), status=404)


@pytest.mark.parametrize(
    ("url", "unknown", "known"),
    [
        ("/api/claims/?interviw=x", "interviw", "`interview`"),
        ("/api/events/?page=2", "page", "`cursor`"),
        ("/api/interviews/?sort=new", "sort", "`speaker`"),
        ("/api/speakers/?name=Guest", "name", "`interview`"),
        ("/api/verdicts/?format=xml", "format", "`status`"),
        ("/api/sources/?kind=book&q=x", "q", "`kind`"),
        ("/api/?x=1", "x", "none"),
        ("/api/speakers/guest/?limit=3", "limit", "none"),
        ("/api/interviews/any/?x=1", "x", "none"),
    ],
)
def test_a_parameter_an_endpoint_does_not_know_is_a_400_naming_it_and_the_known_ones(
    client, url, unknown, known
):
    make_speaker(name="Guest", slug="guest")
    body = get(client, url, status=400)
    assert f"`{unknown}`" in body["error"] and known in body["error"]
    assert list(body["errors"]) == [unknown]


def test_details_take_no_parameters(client, interviews):
    claim = interviews[0].quotes.first().claims.first()
    for name, key in [
        ("event_detail", "any"),
        ("claim_detail", claim.slug),
        ("verdict_detail", claim.published_verdict_id),
        ("source_detail", "any"),
    ]:
        get(client, reverse(f"api:{name}", args=[key]) + "?expand=all", status=400)


def test_the_index_names_the_new_endpoints(client):
    body = get(client, reverse("api:index"))
    assert body["interviews"] == settings.SITE_URL + "/api/interviews/"
    assert body["speakers"] == settings.SITE_URL + "/api/speakers/"


def test_interviews_and_speakers_run_a_fixed_number_of_queries(
    client,
    interviews,
    django_assert_max_num_queries,
):
    for url, most in [
        ("/api/interviews/", 5),
        (reverse("api:interview_detail", args=[interviews[0].slug]), 5),
        ("/api/speakers/", 2),
        (reverse("api:speaker_detail", args=["guest"]), 3),
        # With the rating levels, remembered when serving.
        (f"/api/claims/?interview={interviews[0].slug}", 4),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
    head = client.head("/api/interviews/")
    assert head.status_code == 200 and head["Content-Type"] == "application/json"
