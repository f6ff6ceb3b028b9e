"""The read-only JSON API: shapes, filters, keyset pagination, EDTF that round-trips through
the edtf library, bounded queries, and clear 4xx answers to bad input."""

from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import edtf
import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from factcheck import services
from factcheck.models import Verdict
from reader.api import EVENTS
from reader.representations import api
from tests import factories
from tests.published import QUOTE, correct, mention, published_claim
from timeline.models import Event

pytestmark = pytest.mark.django_db


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def walk(client, url: str) -> list[dict]:
    """Every result of a list, following `next` links."""
    results = []
    while url:
        page = get(client, url)
        results += page["results"]
        url = page["next"] and urlsplit(page["next"])._replace(scheme="", netloc="").geturl()
    return results


# Events


def test_event_list_gives_stable_fields_with_edtf_dates_and_bounds(client):
    sea = factories.make_topic(name="Sea")
    event = factories.make_event(
        title="Tribunal award", edtf="2016-07-12", topics=[sea], summary="Won."
    )
    claim = published_claim()
    services.mention_add(quote=claim.quote, event=event)
    (result,) = get(client, reverse("api:event_list"))["results"]
    assert result == {
        "slug": event.slug,
        "title": "Tribunal award",
        "summary": "Won.",
        "date": {
            "edtf": "2016-07-12",
            "label": "12 July 2016",
            "lower": "2016-07-12",
            "upper": "2016-07-12",
            "precision": "day",
            "approximate": False,
            "uncertain": False,
        },
        "topics": [{"slug": "sea", "name": "Sea"}],
        "era": None,
        "claims": [
            {
                "slug": claim.slug,
                "api_url": settings.SITE_URL + reverse("api:claim_detail", args=[claim.slug]),
            }
        ],
        "url": settings.SITE_URL + event.get_absolute_url(),
        "api_url": settings.SITE_URL + reverse("api:event_detail", args=[event.slug]),
        "updated_at": result["updated_at"],
    }
    assert result["updated_at"].startswith(str(event.updated_at.date()))


EDTF_SAMPLES = [
    "2016-07-12",
    "2024-04",
    "2012",
    "2012~",
    "2012?",
    "2012%",
    "2024-01/2024-02",
    "2015-09-24/2015-09-25",
    "2016-21",
    "2016-22",
    "199X",
    "19XX",
    "2004-XX",
    "2012-06-XX",
    "2012/..",
    "../2012",
    "2012/",
    "/2012",
    "2004-06~/2004-07?",
]


def test_every_edtf_in_the_api_parses_with_the_edtf_library_and_matches_its_bounds(client):
    events = {factories.make_event(edtf=text).slug: text for text in EDTF_SAMPLES}
    results = walk(client, reverse("api:event_list") + "?limit=7")
    assert {result["slug"] for result in results} == set(events)
    for result in results:
        date_ = result["date"]
        parsed = edtf.parse_edtf(date_["edtf"])  # raises on anything that is not EDTF
        event_lower, event_upper = (make_bound(bound) for bound in (date_["lower"], date_["upper"]))
        assert (event_lower, event_upper) == library_bounds(parsed), date_["edtf"]
        stored = event_bounds(result["slug"])
        assert (event_lower or date.min, event_upper or date.max) == stored


def make_bound(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def library_bounds(parsed) -> tuple[date | None, date | None]:
    """The first and last day the edtf library gives, None for an open or unknown end."""
    if isinstance(parsed, edtf.Interval | edtf.Level1Interval):
        start, end = parsed.lower, parsed.upper
        return (
            None
            if isinstance(start, edtf.UnspecifiedIntervalSection)
            else day(start.lower_strict()),
            None if isinstance(end, edtf.UnspecifiedIntervalSection) else day(end.upper_strict()),
        )
    return day(parsed.lower_strict()), day(parsed.upper_strict())


def day(struct) -> date:
    return edtf.struct_time_to_date(struct)


def event_bounds(slug: str) -> tuple[date, date]:
    return Event.objects.values_list("date_lower", "date_upper").get(slug=slug)


def test_event_list_is_chronological_and_takes_the_timeline_filters(client):
    sea = factories.make_topic(name="Sea")
    factories.make_event(title="Award", edtf="2016-07-12", topics=[sea])
    factories.make_event(title="Deal", edtf="2015-09-25")
    factories.make_event(title="Turn", edtf="2012~")
    titles = [e["title"] for e in get(client, reverse("api:event_list"))["results"]]
    assert titles == ["Turn", "Deal", "Award"]
    filtered = get(client, reverse("api:event_list") + "?topic=sea&q=award")["results"]
    assert [e["title"] for e in filtered] == ["Award"]


def test_event_detail_adds_the_quotes_that_mention_it_with_the_date_as_spoken(client):
    claim = published_claim()
    event = factories.make_event(edtf="2024-02")
    services.mention_add(quote=claim.quote, event=event, phrase="four or five months ago")
    body = get(client, reverse("api:event_detail", args=[event.slug]))
    (mentioned,) = body["mentions"]
    assert mentioned["phrase"] == "four or five months ago"
    assert mentioned["spoken_date"]["edtf"] == "2024-01/2024-02"
    assert mentioned["quote"]["exact"] == QUOTE
    assert mentioned["quote"]["speaker"]["name"] == claim.quote.speaker.name
    assert mentioned["quote"]["appearance"].startswith("https://example.org/interview#:~:text=")


# Pagination


def test_pages_follow_next_links_to_every_event_once_in_order(client):
    for n in range(11):
        factories.make_event(title=f"E{n}", edtf="2016" if n % 2 else f"2016-0{1 + n % 9}")
    first = get(client, reverse("api:event_list") + "?limit=4")
    assert len(first["results"]) == 4 and first["next"]
    titles = [e["title"] for e in walk(client, reverse("api:event_list") + "?limit=4")]
    assert sorted(titles) == sorted(f"E{n}" for n in range(11))
    assert titles == [
        e["title"] for e in get(client, reverse("api:event_list") + "?limit=50")["results"]
    ]


def test_next_link_keeps_the_filters_and_the_last_page_has_none(client):
    sea = factories.make_topic(name="Sea")
    for n in range(3):
        factories.make_event(edtf=f"201{n}", topics=[sea])
    factories.make_event(edtf="2013")
    page = get(client, reverse("api:event_list") + "?topic=sea&limit=2")
    assert "topic=sea" in page["next"] and "limit=2" in page["next"]
    response = client.get(urlsplit(page["next"]).path + "?" + urlsplit(page["next"]).query)
    assert len(response.json()["results"]) == 1
    assert response.json()["next"] is None


def test_next_link_is_also_a_link_header(client):
    factories.make_event()
    factories.make_event()
    response = client.get(reverse("api:event_list") + "?limit=1")
    assert response["Link"] == f'<{response.json()["next"]}>; rel="next"'


def test_an_event_added_between_pages_is_neither_skipped_nor_repeated(client):
    for year in (2010, 2012, 2014):
        factories.make_event(title=str(year), edtf=str(year))
    page = get(client, reverse("api:event_list") + "?limit=2")
    factories.make_event(title="2013", edtf="2013")
    rest = get(client, urlsplit(page["next"])._replace(scheme="", netloc="").geturl())
    assert [e["title"] for e in page["results"] + rest["results"]] == [
        "2010",
        "2012",
        "2013",
        "2014",
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        signing.Signer(salt="keyset.api.claims").sign("1"),  # another endpoint's
        signing.Signer(salt="keyset.api.events").sign("x_y_1"),
        signing.Signer(salt="keyset.api.events").sign("1"),
    ],
)
def test_a_tampered_cursor_is_a_400(client, cursor):
    factories.make_event()
    body = get(client, reverse("api:event_list") + f"?cursor={cursor}", status=400)
    assert "cursor" in body["error"]


def test_an_edited_cursor_is_refused_even_when_it_still_decodes(client):
    factories.make_event()
    factories.make_event()
    page = get(client, reverse("api:event_list") + "?limit=1")
    (cursor,) = parse_qs(urlsplit(page["next"]).query)["cursor"]
    value, signature = cursor.rsplit(":", 1)
    for tampered in (value + ":" + signature[::-1], value[:-2] + ":" + signature):
        get(client, reverse("api:event_list") + "?" + urlencode({"cursor": tampered}), status=400)


def test_cursor_holds_the_ordering_key_of_the_last_row():
    event = factories.make_event(edtf="2016-07")
    assert EVENTS.values(Event, EVENTS.cursor(event)) == {
        "date_lower": date(2016, 7, 1),
        "date_upper": date(2016, 7, 31),
        "pk": event.pk,
    }


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten", "1.5", "²", "99999999999"])
def test_a_bad_page_size_is_a_400(client, limit):
    body = get(client, reverse("api:claim_list") + f"?limit={limit}", status=400)
    assert "limit" in body["error"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/events/?dates=someday", "dates"),
        ("/api/events/?dates=2016-01-01/2016-13-01", "dates"),
        ("/api/events/?topic=nope", "topic"),
        ("/api/claims/?speaker=nobody", "speaker"),
        ("/api/claims/?level=nope", "level"),
        ("/api/claims/?event=nope", "event"),
        ("/api/verdicts/?status=draft", "status"),
        ("/api/verdicts/?claim=nope", "claim"),
        ("/api/sources/?kind=rumour", "kind"),
    ],
)
def test_a_filter_that_cannot_be_applied_is_a_400_naming_it(client, url, field):
    body = get(client, url, status=400)
    assert body["errors"][field]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/events/?speaker=a&speaker=b", "speaker"),
        ("/api/events/?limit=5&limit=6", "limit"),
        ("/api/claims/?q=a&q=b", "q"),
        ("/api/verdicts/?cursor=a&cursor=b", "cursor"),
    ],
)
def test_a_parameter_given_twice_that_takes_one_value_is_a_400(client, url, field):
    """Not the last of them quietly: speaker=a&speaker=b is not b's events alone."""
    body = get(client, url, status=400)
    assert body["errors"][field] == [f"`{field}` is given more than once."]
    assert body["error"].startswith(f"Give `{field}` once")


def test_a_filter_that_takes_several_values_may_be_repeated(client):
    sea, cyber = factories.make_topic(name="Sea"), factories.make_topic(name="Cyber")
    factories.make_event(title="Award", topics=[sea])
    factories.make_event(title="Deal", topics=[cyber])
    body = get(client, f"/api/events/?topic={sea.slug}&topic={cyber.slug}")
    assert sorted(event["title"] for event in body["results"]) == ["Award", "Deal"]


def test_unknown_things_are_404s_in_json(client):
    for name, key in [
        ("api:event_detail", "nope"),
        ("api:claim_detail", "nope"),
        ("api:verdict_detail", 999),
        ("api:source_detail", "nope"),
    ]:
        assert get(client, reverse(name, args=[key]), status=404)["error"]


def test_the_api_is_read_only(client):
    for url in ("/api/events/", "/api/claims/"):
        assert client.post(url).status_code == 405


# Claims, verdicts, sources


def test_claim_list_gives_quote_speaker_events_and_current_verdict(client):
    claim = published_claim()
    mention(claim, title="Award", slug="award")
    (result,) = get(client, reverse("api:claim_list"))["results"]
    verdict = claim.published_verdict
    assert result["slug"] == claim.slug
    assert result["text"] == claim.text
    assert result["url"] == settings.SITE_URL + claim.get_absolute_url()
    assert result["events"] == [
        {
            "slug": "award",
            "api_url": settings.SITE_URL + reverse("api:event_detail", args=["award"]),
        }
    ]
    assert result["quote"]["start"] < result["quote"]["end"]
    transcript = result["quote"]["transcript"]
    assert transcript["interview_date"]["edtf"] == "2024-06"
    # An interview's `url` is its page here, wherever it is named, as an interview's own is.
    assert transcript["url"] == settings.SITE_URL + claim.quote.transcript.get_absolute_url()
    assert transcript["source_url"] == claim.quote.transcript.url
    interview = get(client, transcript["api_url"].removeprefix(settings.SITE_URL))
    assert {key: interview[key] for key in transcript} == transcript
    assert result["verdict"] == {
        "id": verdict.pk,
        "level": {"slug": "accurate", "label": "Accurate", "value": 5},
        "rationale": verdict.rationale,
        "as_of": "2026-01-01",
        "published_at": result["verdict"]["published_at"],
        "api_url": settings.SITE_URL + reverse("api:verdict_detail", args=[verdict.pk]),
    }


def test_drafts_and_claims_in_review_are_not_in_the_api(client):
    factories.make_verdict(factories.make_claim(text="Draft"), status=Verdict.Status.DRAFT)
    factories.make_verdict(factories.make_claim(text="In review"), status=Verdict.Status.IN_REVIEW)
    factories.make_source(title="Only cited in a draft")
    assert get(client, reverse("api:claim_list"))["results"] == []
    assert get(client, reverse("api:verdict_list"))["results"] == []
    assert get(client, reverse("api:source_list"))["results"] == []


def test_claim_detail_lists_every_public_verdict_and_the_correction(client):
    claim = published_claim()
    first = claim.published_verdict
    revision = correct(claim)
    body = get(client, reverse("api:claim_detail", args=[claim.slug]))
    assert body["verdict"]["id"] == revision.pk
    assert [(v["id"], v["status"]) for v in body["verdicts"]] == [
        (first.pk, "superseded"),
        (revision.pk, "published"),
    ]
    (correction,) = body["corrections"]
    assert correction["kind"] == "update"
    assert (correction["previous"], correction["revision"]) == (first.pk, revision.pk)


def test_verdicts_list_evidence_and_filter_by_status(client):
    claim = published_claim()
    correct(claim)
    everything = get(client, reverse("api:verdict_list"))["results"]
    assert [v["status"] for v in everything] == ["superseded", "published"]
    assert everything[1]["revises"] == everything[0]["id"]
    assert everything[1]["correction"]["kind"] == "update"
    assert everything[0]["correction"] is None
    evidence = everything[0]["evidence"][0]
    assert evidence["stance"] == "supports"
    assert evidence["source"]["api_url"].endswith(f"/api/sources/{evidence['source']['slug']}/")
    current = get(client, reverse("api:verdict_list") + "?status=published")["results"]
    assert [v["id"] for v in current] == [everything[1]["id"]]


def test_sources_give_their_edtf_date_and_who_cites_them(client):
    claim = published_claim()
    source = claim.published_verdict.evidence.get().source
    (listed,) = get(client, reverse("api:source_list"))["results"]
    assert listed["date"]["edtf"] == "2016-07-12"
    assert listed["url"] is None
    detail = get(client, reverse("api:source_detail", args=[source.slug]))
    assert detail["cited_by"][0]["claim"]["slug"] == claim.slug
    assert detail["cited_by"][0]["stance"] == "supports"


def test_claims_filter_by_speaker_level_event_topic_source_and_text(client):
    emanuel = factories.make_speaker(name="Emanuel")
    transcript = factories.make_transcript(interviewee=emanuel, url="https://example.org/i")
    kept = published_claim(transcript=transcript, text="Xi promised Obama.")
    cyber = factories.make_topic(name="Cyber", slug="cyber")
    mention(kept, slug="rose-garden", topics=[cyber])
    other = published_claim(level="Inaccurate", text="Something else.")
    mention(other, slug="the-award", topics=[factories.make_topic(name="Sea")])
    cited = kept.published_verdict.evidence.get().source.slug
    for query in (
        "speaker=emanuel",
        "level=accurate",
        "event=rose-garden",
        "topic=cyber",
        f"source={cited}",
        "q=promised",
    ):
        results = get(client, reverse("api:claim_list") + "?" + query)["results"]
        assert [r["slug"] for r in results] == [kept.slug], query
    # A slug that names nothing is a 400 saying so, not an empty list.
    factories.make_source(title="Never cited", slug="never-cited")
    for query, error in (
        ("topic=nope", "No topic has the slug “nope”."),
        ("source=never-cited", "No cited source has the slug “never-cited”."),
    ):
        body = get(client, reverse("api:claim_list") + "?" + query, status=400)
        assert error in str(body["errors"]), query


def test_index_lists_endpoints_and_the_filter_values(client):
    factories.make_topic(name="Sea")
    body = get(client, reverse("api:index"))
    assert body["events"] == settings.SITE_URL + "/api/events/"
    assert body["filters"]["topic"] == ["sea"]


def test_every_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    topics = [factories.make_topic() for _ in range(3)]
    for n in range(12):
        claim = published_claim(text=f"Claim {n}.")
        mention(claim, edtf=f"{2000 + n}")
        mention(claim, edtf=f"{2000 + n}-06")
        if n % 3 == 0:
            correct(claim)
    for event in Event.objects.all():
        event.topics.set(topics)
    for url, most in [
        # The filters' choices and the topics (remembered when serving), then the events,
        # each with its topics' keys and its first claims.
        ("/api/events/", 3),
        # The claims' and verdicts' rating levels are read once (remembered when serving);
        # each claim's first events read with it.
        ("/api/claims/", 2),
        ("/api/verdicts/", 3),
        ("/api/sources/", 1),
        # Each interview's quotes counted as it is read; its cast, its claims' tally.
        ("/api/interviews/", 4),
        ("/api/speakers/", 2),  # with their aliases
        ("/api/", 3),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url


def test_detail_endpoints_run_a_fixed_number_of_queries(client, django_assert_num_queries):
    claim = published_claim()
    for n in range(5):
        mention(claim, edtf=f"{2000 + n}")
    correct(claim)
    correct(claim, level="Inaccurate", kind="correction")
    event = claim.quote.events.first()
    source = claim.published_verdict.evidence.first().source
    for url, queries in (
        # The topics (remembered when serving); the event, with its topics' keys and its
        # first claims; the quotes that mention it.
        (reverse("api:event_detail", args=[event.slug]), 3),
        # The rating levels (remembered when serving); the claim, with its first events;
        # its verdicts, their evidence, its corrections.
        (reverse("api:claim_detail", args=[claim.slug]), 5),
        (reverse("api:verdict_detail", args=[claim.published_verdict_id]), 3),
        (reverse("api:source_detail", args=[source.slug]), 2),
    ):
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url


ELSEWHERE = {"Origin": "https://newsroom.example"}


@pytest.mark.parametrize(
    "url", ["/api/events/", "/api/nope/", "/timeline.json", "/downloads/events.csv"]
)
def test_other_sites_may_read_the_open_data_and_its_paging_links(client, url):
    response = client.get(url, headers=ELSEWHERE)
    assert response["Access-Control-Allow-Origin"] == "*"  # its 404 included: the message
    assert "Link" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_script_elsewhere_that_asks_first_is_answered(client):
    """A fetch() with an If-None-Match header (to be told 304) is preflighted."""
    response = client.options(
        "/api/events/",
        headers={
            **ELSEWHERE,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_the_sites_own_pages_are_not_opened_to_other_sites(client):
    assert "Access-Control-Allow-Origin" not in client.get("/", headers=ELSEWHERE)


@pytest.mark.parametrize(("name", "key"), [("event_detail", "xi-2012"), ("verdict_detail", 7)])
def test_an_api_address_is_absolute_and_the_one_reverse_writes(rf, name, key):
    arg = "pk" if isinstance(key, int) else "slug"
    expected = settings.SITE_URL + reverse(f"api:{name}", kwargs={arg: key})
    assert api(rf.get("/api/claims/"), name, key) == expected
