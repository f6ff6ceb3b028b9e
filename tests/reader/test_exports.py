"""The chronology's exports: TimelineJS3 JSON checked against a JSON Schema written from Knight
Lab's documentation, and the events CSV read back with the csv module."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from kit.responses import moment
from reader import exports
from reader.formats import timelinejs_dates
from tests.factories import make_event, make_topic
from tests.published import mention, published_claim
from timeline.models import Era

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "schemas" / "timelinejs.schema.json").read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

pytestmark = pytest.mark.django_db


def timeline(client, query: str = "") -> dict:
    response = client.get(reverse("reader:timelinejs") + query)
    assert response.status_code == 200, response.content
    data = response.json()
    VALIDATOR.validate(data)
    return data


def rows(client, query: str = "") -> list[dict]:
    response = client.get(reverse("reader:events_csv") + query)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# TimelineJS


@pytest.mark.parametrize(
    ("edtf", "dates"),
    [
        ("2016-07-12", {"start_date": {"year": 2016, "month": 7, "day": 12}}),
        ("2024-04", {"start_date": {"year": 2024, "month": 4}}),
        ("2012", {"start_date": {"year": 2012}}),
        ("2012~", {"start_date": {"year": 2012}}),
        ("2004-XX", {"start_date": {"year": 2004}}),
        (
            "2024-01/2024-02",
            {"start_date": {"year": 2024, "month": 1}, "end_date": {"year": 2024, "month": 2}},
        ),
        (
            "2015-09-24/2015-09-25",
            {
                "start_date": {"year": 2015, "month": 9, "day": 24},
                "end_date": {"year": 2015, "month": 9, "day": 25},
            },
        ),
        ("2012/2014", {"start_date": {"year": 2012}, "end_date": {"year": 2014}}),
        (
            "2016-22",
            {"start_date": {"year": 2016, "month": 6}, "end_date": {"year": 2016, "month": 8}},
        ),
        (
            "2016-24",
            {"start_date": {"year": 2016, "month": 12}, "end_date": {"year": 2017, "month": 2}},
        ),
        ("199X", {"start_date": {"year": 1990}, "end_date": {"year": 1999}}),
        ("19XX", {"start_date": {"year": 1900}, "end_date": {"year": 1999}}),
        ("2012/..", {"start_date": {"year": 2012}}),
        ("../2012-05", {"start_date": {"year": 2012, "month": 5}}),
        ("2012-06-XX", {"start_date": {"year": 2012, "month": 6}}),
        # A qualified season is EDTF only inside an interval: each end keeps its precision.
        (
            "2016-21~/2017",
            {"start_date": {"year": 2016, "month": 3}, "end_date": {"year": 2017}},
        ),
        (
            "2015/2016-22?",
            {"start_date": {"year": 2015}, "end_date": {"year": 2016, "month": 8}},
        ),
    ],
)
def test_dates_keep_their_real_precision_and_invent_no_day_or_month(edtf, dates):
    assert timelinejs_dates(make_event(edtf=edtf)) == dates


def test_an_event_from_about_spring_2016_is_exported_rather_than_failing(client):
    # Its start alone ("2016-21~") is no EDTF, so reading each end apart could not export it.
    make_event(title="Talks began", edtf="2016-21~/2017")
    (slide,) = timeline(client)["events"]
    assert slide["start_date"] == {"year": 2016, "month": 3}
    assert slide["end_date"] == {"year": 2017}


def test_each_event_becomes_a_slide_with_its_honest_date_label_topic_and_id(client):
    sea = make_topic(name="South China Sea")
    make_event(title="Tribunal award", edtf="2016-07-12", topics=[sea, make_topic(name="Zeta")])
    make_event(title="Xi's turn", slug="xi-turn", edtf="2012~", summary="Line one.\n\nLine two.")
    events = timeline(client)["events"]
    assert [e["text"]["headline"] for e in events] == ["Xi&#x27;s turn", "Tribunal award"]
    turn, award = events
    assert turn["start_date"] == {"year": 2012} and "end_date" not in turn
    assert turn["display_date"] == "c. 2012"
    assert turn["unique_id"] == "xi-turn"
    assert "group" not in turn
    assert turn["text"]["text"].startswith("<p>Line one.</p>\n\n<p>Line two.</p>")
    assert award["group"] == "South China Sea"  # the first topic, by name
    assert award["display_date"] == "12 July 2016"


def test_each_slide_links_back_to_the_event_page(client):
    event = make_event(title="Tribunal award")
    text = timeline(client)["events"][0]["text"]["text"]
    assert f'<a href="{settings.SITE_URL}{event.get_absolute_url()}">' in text


def test_eras_span_their_dates_and_one_still_running_runs_to_today(client):
    make_event()
    Era.objects.create(title="Obama administration", slug="obama", edtf="2009-01-20/2017-01-20")
    Era.objects.create(title="Xi Jinping era", slug="xi", edtf="2012-11-15/..")
    Era.objects.create(title="Ended, nobody knows when", slug="unknown", edtf="2012/")
    today = timezone.localdate()
    assert timeline(client)["eras"] == [
        {
            "start_date": {"year": 2009, "month": 1, "day": 20},
            "end_date": {"year": 2017, "month": 1, "day": 20},
            "text": {"headline": "Obama administration"},
        },
        {
            "start_date": {"year": 2012, "month": 11, "day": 15},
            "end_date": {"year": today.year, "month": today.month, "day": today.day},
            "text": {"headline": "Xi Jinping era"},
        },
    ]


def test_no_eras_means_no_eras_key(client):
    make_event()
    assert "eras" not in timeline(client)


def test_title_slide_credits_the_publisher_and_licence(client):
    title = timeline(client)["title"]
    assert "CC BY 4.0" in title["text"]["text"]
    assert "start_date" not in title


def test_timeline_json_takes_the_timeline_pages_filters(client):
    sea = make_topic(name="Sea")
    make_event(title="Tribunal award", edtf="2016-07-12", topics=[sea])
    make_event(title="Rose Garden deal", edtf="2015-09-25")
    make_event(title="Xi's turn", edtf="2012~")
    headlines = [e["text"]["headline"] for e in timeline(client, "?topic=sea")["events"]]
    assert headlines == ["Tribunal award"]
    headlines = [e["text"]["headline"] for e in timeline(client, "?dates=2015-2016")["events"]]
    assert headlines == ["Rose Garden deal", "Tribunal award"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?dates=the+twelfth+of+never", "dates"),
        ("?topic=nowhere", "topic"),
        ("?level=bogus", "level"),
    ],
)
def test_a_filter_that_cannot_be_applied_is_a_400_with_a_message(client, query, field):
    make_event()
    for name in ("reader:timelinejs", "reader:events_csv"):
        response = client.get(reverse(name) + query)
        assert response.status_code == 400
        body = response.json()
        assert body["error"] and body["errors"][field][0]


def test_when_nothing_matches_one_slide_says_so_with_the_filters(client):
    make_event(edtf="2016-07-12")
    response = client.get(reverse("reader:timelinejs"), {"dates": "1800", "q": "<b>tariff</b>"})
    assert response.status_code == 200
    timeline = response.json()
    VALIDATOR.validate(timeline)
    (slide,) = timeline["events"]
    assert slide["unique_id"] == "no-matching-events"
    assert slide["start_date"] == {"year": 1800}
    assert timeline["title"]["text"]["headline"] == "No events match these filters"
    text = timeline["title"]["text"]["text"]
    assert "Filters: Dates: 1800; Search: &lt;b&gt;tariff&lt;/b&gt;." in text
    changed = f'href="{settings.SITE_URL}/?dates=1800&amp;q=%3Cb%3Etariff%3C%2Fb%3E">Change them'
    assert changed in text


def test_when_nothing_matches_the_slide_names_a_topic_and_an_interview_as_the_page_does(client):
    topic = make_topic(name="South China Sea", slug="south-china-sea")
    make_event(edtf="2016-07-12", topics=[topic])
    transcript = published_claim().quote.transcript
    asked = {"topic": topic.slug, "interview": transcript.slug, "dates": "1800"}
    response = client.get(reverse("reader:timelinejs"), asked)
    text = response.json()["title"]["text"]["text"]
    said = f"Filters: Topics: South China Sea; Interview: {transcript.title}; Dates: 1800."
    assert said in text


def test_timeline_json_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    topics = [make_topic() for _ in range(5)]
    for n in range(30):
        make_event(edtf=f"{2000 + n}", topics=topics[: n % 5])
    Era.objects.create(title="An era", slug="an-era", edtf="2000/2010")
    with django_assert_max_num_queries(6):
        events = timeline(client)["events"]
    assert len(events) == 30


def test_timeline_json_can_be_read_by_other_sites(client):
    response = client.get(
        reverse("reader:timelinejs"), headers={"Origin": "https://elsewhere.example"}
    )
    assert response["Access-Control-Allow-Origin"] == "*"


# events.csv


def test_events_csv_reads_back_with_edtf_bounds_and_precision(client):
    sea = make_topic(name="Sea")
    era = Era.objects.create(title="Obama years", slug="obama", edtf="2009/2017")
    event = make_event(
        title="Tribunal award", edtf="2016-07-12", topics=[sea], era=era, summary="Won, on, all."
    )
    make_event(title="Talks", edtf="2024-01/2024-02")
    make_event(title="Since", edtf="2012/..")
    since, award, talks = rows(client)
    assert award == {
        "slug": event.slug,
        "title": "Tribunal award",
        "summary": "Won, on, all.",
        "date_edtf": "2016-07-12",
        "date_label": "12 July 2016",
        "date_lower": "2016-07-12",
        "date_upper": "2016-07-12",
        "date_precision": "day",
        "date_approximate": "no",
        "date_uncertain": "no",
        "topics": "Sea",
        "era": "Obama years",
        "url": settings.SITE_URL + event.get_absolute_url(),
        "updated_at": moment(event.updated_at),
        "topic_slugs": sea.slug,
        "era_slug": "obama",
    }
    assert (talks["date_lower"], talks["date_upper"], talks["date_precision"]) == (
        "2024-01-01",
        "2024-02-29",
        "month",
    )
    assert (since["date_lower"], since["date_upper"], since["date_label"]) == (
        "2012-01-01",
        "",
        "2012 onwards",
    )


def test_events_csv_takes_the_filters_and_is_a_download(client):
    make_event(title="Award", edtf="2016-07-12")
    make_event(title="Deal", edtf="2015-09-25")
    assert [row["title"] for row in rows(client, "?dates=2016")] == ["Award"]
    response = client.get(reverse("reader:events_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'


def test_a_filtered_events_csv_is_named_after_its_filters(client, monkeypatch):
    make_event(title="Award", edtf="2016-07-12", topics=[make_topic(slug="south-china-sea")])
    mention(published_claim(level="Inaccurate"), title="Rated", edtf="2016")

    def name(query: str) -> str:
        response = client.get(reverse("reader:events_csv") + query)
        assert response.status_code == 200
        return response["Content-Disposition"].removeprefix("attachment; ")

    assert name("?topic=south-china-sea&dates=2015–2016") == (
        'filename="events-south-china-sea-2015-2016.csv"'
    )
    assert name("?dates=2015/2016") == 'filename="events-2015-2016.csv"'
    # Different asks, different names: the dates as read, each filter saying what it is.
    assert name("?dates=2012") == 'filename="events-2012.csv"'
    assert name("?dates=2012–") == 'filename="events-2012-onwards.csv"'
    assert name("?level=inaccurate") == 'filename="events-rated-inaccurate.csv"'
    assert name("?q=Xi’s “turn” turn&topic=") == 'filename="events-search-xi-turn.csv"'
    # In any script, as RFC 6266 says it; never the unfiltered file's name.
    assert name("?q=日本") == "filename*=utf-8''events-search-%E6%97%A5%E6%9C%AC.csv"
    monkeypatch.setattr(exports, "FILENAME_LENGTH", 24)
    assert name("?q=south china sea arbitration") == 'filename="events-search-south.csv"'
    assert name("?q=south china") == 'filename="events-search-south.csv"'  # cut at its end
    assert name("?q=" + "a" * 150) == f'filename="events-search-{"a" * 10}.csv"'
    monkeypatch.setattr(exports, "FILENAME_LENGTH", 26)
    assert name("?q=south china") == 'filename="events-search-south-china.csv"'


def test_a_title_a_spreadsheet_would_run_is_written_as_text(client):
    era = Era.objects.create(title="@SUM(A1) era", slug="era", edtf="2000/2030")
    make_event(
        title='=HYPERLINK("http://evil.example")',
        summary="-2 is a number",
        topics=[make_topic(name="=1+2 topic")],
        era=era,
    )
    row = rows(client)[0]
    assert row["title"] == '\'=HYPERLINK("http://evil.example")'
    assert row["summary"] == "'-2 is a number"
    assert row["topics"] == "'=1+2 topic"
    assert row["era"] == "'@SUM(A1) era"


def test_events_csv_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    topics = [make_topic() for _ in range(4)]
    era = Era.objects.create(title="Era", slug="era", edtf="2000/2030")
    for n in range(30):
        make_event(edtf=f"{2000 + n}", topics=topics[: n % 4], era=era if n % 2 else None)
    with django_assert_max_num_queries(5):
        assert len(rows(client)) == 30


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("reader:timelinejs", "`dates`"),
        ("reader:events_csv", "`topic`"),
        ("reader:claims_csv", "none"),
        ("reader:claimreview_feed", "`cursor`"),
    ],
)
def test_a_parameter_an_export_does_not_know_is_refused_naming_those_it_does(client, name, known):
    make_event(title="The award")
    response = client.get(reverse(name), {"topc": "sea"})  # a misspelt filter
    assert response.status_code == 400
    error = response.json()["error"]
    assert error.startswith("Unknown query parameter: `topc`.") and known in error
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ["reader:timelinejs", "reader:events_csv"])
def test_an_export_refuses_a_filter_given_twice_that_takes_one_value(client, name):
    make_event(title="The award", edtf="2016")
    response = client.get(reverse(name) + "?dates=2012&dates=2016")
    assert response.status_code == 400
    assert response.json()["errors"] == {"dates": ["`dates` is given more than once."]}
