"""Dates are parsed when they are saved, never when they are shown: every reader page and
response that shows dates still answers, dates and all, with every date parser made to fail."""

import importlib
import pkgutil
import sys
from collections.abc import Iterator
from unittest import mock

import edtf
import pytest
from django.urls import reverse

from factcheck import models, services
from reader import filters
from tests.factories import make_event, make_quote, make_topic
from tests.published import published_claim
from timeline import dates
from timeline.models import Era

pytestmark = pytest.mark.django_db

# Whatever turns text into a date: this project's parsers, its cached grammar reader, the
# labeller (which parses), and the edtf library's own parser.
PARSERS = {
    dates.parse_edtf: "parse_edtf",
    dates.parse_natural: "parse_natural",
    dates.resolve_relative: "resolve_relative",
    dates.end_precisions: "end_precisions",
    dates.label: "label",
}


class ParsedOnRead(AssertionError):
    pass


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise ParsedOnRead(f"{name}{args} was called while a page was read")

    return refuse


PACKAGES = ("timeline", "factcheck", "reader", "kit")


def _import_every_module() -> None:
    """Import the project's modules before the parsers are patched: one first imported while
    they are would keep the failing stand-in after the test."""
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        for module in pkgutil.walk_packages(path, f"{package}."):
            if ".migrations." not in f"{module.name}.":
                importlib.import_module(module.name)


@pytest.fixture
def no_parsing() -> Iterator[None]:
    """Every parser fails, under each name a module of the project imported it by."""
    _import_every_module()
    patches = [
        mock.patch.object(dates, "_parse", _refuse("_parse")),
        mock.patch.object(edtf, "parse_edtf", _refuse("edtf.parse_edtf")),
        *(
            mock.patch.object(module, attribute, _refuse(PARSERS[value]))
            for name, module in list(sys.modules.items())
            if name.split(".")[0] in PACKAGES
            for attribute, value in list(vars(module).items())
            if callable(value) and value in PARSERS
        ),
    ]
    for patch in patches:
        patch.start()
    try:
        yield
    finally:
        for patch in reversed(patches):
            patch.stop()


@pytest.fixture
def archive():
    """An interview with a publication date, a published claim citing a dated source, events
    in an era, one mentioned as "in 2016" and one as "four or five months ago"."""
    claim = published_claim()
    quote = claim.quote
    transcript = quote.transcript
    transcript.published = "2024-06-05"
    transcript.save()
    era = Era.objects.create(title="Second term", slug="second-term", edtf="2013/2017-01-20")
    award = make_event(
        title="Tribunal award", slug="award", edtf="2016-07-12", era=era, topics=[make_topic()]
    )
    services.mention_add(quote=quote, event=award, phrase="in 2016")
    disclosure = make_event(title="A disclosure", slug="disclosure", edtf="2023-02-15")
    months = make_quote(transcript, exact="And four or five months ago, something else happened.")
    services.mention_add(quote=months, event=disclosure, phrase="four or five months ago")
    make_event(title="Talks", slug="talks", edtf="2016-21~/2017")
    return {"claim": claim, "transcript": transcript, "award": award, "disclosure": disclosure}


def read(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_the_parsers_really_fail_while_patched(archive, no_parsing):
    # Otherwise the test below could pass with a parser still working.
    with pytest.raises(ParsedOnRead):
        dates.parse_edtf("2016")
    with pytest.raises(ParsedOnRead):
        dates.label("2016")
    with pytest.raises(ParsedOnRead):
        edtf.parse_edtf("2016")
    with pytest.raises(ParsedOnRead):
        archive["award"].save()
    with pytest.raises(ParsedOnRead):
        models.parse_natural("in 2016")
    with pytest.raises(ParsedOnRead):
        filters.parse_natural("in 2016")


def test_pages_show_their_dates_without_parsing_one(client, archive, no_parsing):
    award, claim, transcript = archive["award"], archive["claim"], archive["transcript"]

    assert "12 July 2016" in read(client, reverse("reader:event_list"))
    page = read(client, award.get_absolute_url())
    assert '<q class="dating__phrase">in 2016</q>' in page
    assert "Consistent with the record" in page
    page = read(client, archive["disclosure"].get_absolute_url())
    assert "Jan–Feb 2024" in page
    assert "Not the documented date" in page
    page = read(client, claim.get_absolute_url())
    assert '"datePublished": "2024-06"' in page  # said in June 2024 (ClaimReview JSON-LD)
    assert '"datePublished": "2024-06-05"' in page  # the interview's publication
    page = read(client, transcript.get_absolute_url())
    assert "June 2024" in page and "5 June 2024" in page
    assert "June 2024" in read(client, reverse("reader:interview_list"))
    speaker = reverse("reader:speaker_detail", args=[transcript.interviewee.slug])
    assert "June 2024" in read(client, speaker)
    assert "12 July 2016" in read(client, reverse("reader:source_list"))
    assert "verdict" in read(client, reverse("reader:verdict_feed"))
    read(client, reverse("reader:correction_feed"))
    assert '"datePublished": "2024-06"' in read(client, reverse("reader:claimreview_feed"))


def test_responses_give_their_dates_without_parsing_one(client, archive, no_parsing):
    award, claim, transcript = archive["award"], archive["claim"], archive["transcript"]

    events = {e["slug"]: e for e in client.get(reverse("api:event_list")).json()["results"]}
    assert events["award"]["date"]["label"] == "12 July 2016"
    assert events["award"]["era"]["date"]["upper"] == "2017-01-20"
    assert events["talks"]["date"]["approximate"] is True
    detail = client.get(reverse("api:event_detail", args=[award.slug])).json()
    assert detail["mentions"][0]["spoken_date"] is None  # "in 2016" was not resolved
    detail = client.get(reverse("api:event_detail", args=["disclosure"])).json()
    assert detail["mentions"][0]["spoken_date"]["label"] == "Jan–Feb 2024"
    claims = read(client, reverse("api:claim_list"))
    assert '"interview_date"' in claims and '"2024-06-05"' in claims
    assert '"2024-06-05"' in read(client, reverse("api:claim_detail", args=[claim.slug]))
    interviews = client.get(reverse("api:interview_list")).json()["results"]
    assert interviews[0]["interview_date"]["precision"] == "month"
    assert interviews[0]["published"]["lower"] == "2024-06-05"
    interview = read(client, reverse("api:interview_detail", args=[transcript.slug]))
    assert '"label": "June 2024"' in interview
    sources = client.get(reverse("api:source_list")).json()["results"]
    assert sources[0]["date"]["precision"] == "day"

    timeline = client.get(reverse("reader:timelinejs")).json()
    slides = {slide["unique_id"]: slide for slide in timeline["events"]}
    assert slides["award"]["start_date"] == {"year": 2016, "month": 7, "day": 12}
    assert slides["talks"]["end_date"] == {"year": 2017}
    assert timeline["eras"][0]["end_date"] == {"year": 2017, "month": 1, "day": 20}
    assert "12 July 2016" in read(client, reverse("reader:events_csv"))
    assert ",2024-06," in read(client, reverse("reader:claims_csv"))  # the interview date
