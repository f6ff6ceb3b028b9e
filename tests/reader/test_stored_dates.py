"""Dates parsed on write, never on read: for any date an editor may save, what the API, the
TimelineJS export, ClaimReview and the event page show, read from the columns stored on save,
is exactly what parsing the date again would give."""

import importlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from factcheck import services
from factcheck.models import Mention, Source, Transcript
from reader.claimreview import iso_date
from reader.formats import date_json, iso_bound, timelinejs_dates
from reader.views.chronology import SpokenDate, _spoken
from tests.factories import make_event, make_quote, make_source
from tests.timeline.test_dates import _valid_edtf
from timeline.dates import DateParseError, FuzzyDate, Precision, parse_edtf, parse_natural
from timeline.models import Era, Event

# What each reader path gave when it parsed the date on every read: the oracle the stored
# columns must agree with.


def parsed_date_json(edtf: str) -> dict[str, Any]:
    fuzzy = parse_edtf(edtf)
    return {
        "edtf": fuzzy.edtf,
        "label": fuzzy.label,
        "lower": iso_bound(fuzzy.lower),
        "upper": iso_bound(fuzzy.upper),
        "precision": fuzzy.precision.value,
        "approximate": fuzzy.approximate,
        "uncertain": fuzzy.uncertain,
    }


def _parsed_timelinejs_day(day: date, precision: Precision) -> dict[str, int]:
    if precision is Precision.DAY:
        return {"year": day.year, "month": day.month, "day": day.day}
    if precision in (Precision.MONTH, Precision.SEASON):
        return {"year": day.year, "month": day.month}
    return {"year": day.year}


def parsed_timelinejs(edtf: str) -> dict[str, dict[str, int]]:
    start: FuzzyDate | None
    end: FuzzyDate | None
    if "/" in edtf:
        first, last = edtf.split("/")
        start = parse_edtf(first) if first not in ("", "..") else None
        end = parse_edtf(last) if last not in ("", "..") else None
    else:
        start = end = parse_edtf(edtf)
    if start is None:
        assert end is not None
        return {"start_date": _parsed_timelinejs_day(end.upper, end.precision)}
    dates = {"start_date": _parsed_timelinejs_day(start.lower, start.precision)}
    if end is not None:
        last_day = _parsed_timelinejs_day(end.upper, end.precision)
        if last_day != dates["start_date"]:
            dates["end_date"] = last_day
    return dates


def expected_timelinejs(edtf: str) -> dict[str, dict[str, int]]:
    """What parsing gives, where it could: it read each end of an interval alone, and the edtf
    library refuses a qualified season alone ("2016-21~") though it reads one at the end of
    an interval ("2016-21~/2017"), so the export failed on such a date. Qualifiers move no
    bound, so the unqualified date gives what it should have been."""
    try:
        return parsed_timelinejs(edtf)
    except DateParseError:
        return parsed_timelinejs(edtf.translate(str.maketrans("", "", "~?%")))


def parsed_iso_date(edtf: str) -> str | None:
    fuzzy = parse_edtf(edtf)
    lower, upper = fuzzy.lower, fuzzy.upper
    if lower == upper:
        return lower.isoformat()
    if (lower.year, lower.month) == (upper.year, upper.month):
        return lower.strftime("%Y-%m")
    if lower.year == upper.year:
        return f"{lower.year:04d}"
    return None


def parsed_spoken(phrase: str, spoken_edtf: str, event: Event) -> tuple[str, bool | None]:
    try:
        spoken = parse_edtf(spoken_edtf) if spoken_edtf else parse_natural(phrase.strip("[]() "))
    except DateParseError:
        return "", None
    agrees = spoken.lower <= event.date_upper and event.date_lower <= spoken.upper
    return spoken.label, agrees


# Phrases a speaker may date an event with, which the event page reads as dates or not.
_years = st.integers(1, 9999).map("{:04d}".format)
_phrases = st.one_of(
    _valid_edtf,
    st.builds(str.format, st.sampled_from(["in {}", "around {}", "c. {}", "mid-{}"]), _years),
    st.builds(str.format, st.sampled_from(["early {}", "late {}", "the {}0s"]), _years),
    st.sampled_from(["back in the Clinton administration", "four or five months ago", "(2016)"]),
)

PROPERTY = settings(deadline=None, max_examples=60)


class StoredDatesAreWhatParsingGives(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.quote = make_quote()
        cls.transcript = cls.quote.transcript
        cls.event = make_event(edtf="2016-07-12")

    @PROPERTY
    @given(_valid_edtf)
    def test_an_event_and_an_era_read_back_as_parsing_reads_them(self, edtf):
        event = make_event(edtf=edtf)
        era = Era.objects.create(title="An era", slug="an-era", edtf=edtf)
        for dated in (Event.objects.get(pk=event.pk), Era.objects.get(pk=era.pk)):
            assert date_json(dated.stored_date) == parsed_date_json(edtf)
            assert timelinejs_dates(dated) == expected_timelinejs(edtf)

    @PROPERTY
    @given(interview=_valid_edtf, published=st.one_of(st.just(""), _valid_edtf))
    def test_an_interview_reads_back_as_parsing_reads_it(self, interview, published):
        transcript = Transcript.objects.get(pk=self.transcript.pk)
        transcript.interview_date, transcript.published = interview, published
        transcript.save()
        transcript = Transcript.objects.get(pk=self.transcript.pk)
        assert date_json(transcript.interview_stored_date) == parsed_date_json(interview)
        assert iso_date(
            transcript.interview_date_lower, transcript.interview_date_upper
        ) == parsed_iso_date(interview)
        stored = transcript.published_stored_date
        if not published:
            assert stored is None
            return
        assert stored is not None
        assert date_json(stored) == parsed_date_json(published)
        assert iso_date(stored.lower, stored.upper) == parsed_iso_date(published)

    @PROPERTY
    @given(_valid_edtf)
    def test_a_source_reads_back_as_parsing_reads_it(self, edtf):
        source = Source.objects.get(pk=make_source(date=edtf).pk)
        assert source.stored_date is not None
        assert date_json(source.stored_date) == parsed_date_json(edtf)

    @PROPERTY
    @given(spoken_edtf=_valid_edtf)
    def test_a_resolved_spoken_date_reads_back_as_parsing_reads_it(self, spoken_edtf):
        Mention.objects.create(
            quote=self.quote, event=self.event, phrase="a while ago", spoken_edtf=spoken_edtf
        )
        mention = Mention.objects.get(quote=self.quote, event=self.event)
        assert mention.spoken_date is not None
        assert date_json(mention.spoken_date) == parsed_date_json(spoken_edtf)
        spoken = _spoken(mention, self.event)
        assert (spoken.label, spoken.agrees) == parsed_spoken("", spoken_edtf, self.event)

    @PROPERTY
    @given(_phrases)
    def test_a_phrase_reads_back_as_the_event_page_read_it(self, phrase):
        Mention.objects.create(quote=self.quote, event=self.event, phrase=phrase)
        mention = Mention.objects.get(quote=self.quote, event=self.event)
        assert mention.spoken_date is None  # not resolved: the API gives no spoken date
        spoken = _spoken(mention, self.event)
        assert (spoken.label, spoken.agrees) == parsed_spoken(phrase, "", self.event)


# The migrations that added the columns fill them for the dates already saved, with the
# derivation save() uses.


@pytest.mark.django_db
def test_existing_events_and_eras_get_each_ends_precision():
    event = make_event(edtf="2012/2016-05")
    era = Era.objects.create(title="An era", slug="an-era", edtf="../2012-06")
    Event.objects.update(start_precision="", end_precision="")
    Era.objects.update(start_precision="", end_precision="")
    migration = importlib.import_module("timeline.migrations.0008_end_precisions")
    migration.derive(apps, None)
    event.refresh_from_db()
    era.refresh_from_db()
    assert (event.start_precision, event.end_precision) == ("year", "month")
    assert (era.start_precision, era.end_precision) == ("", "month")


@pytest.mark.django_db
def test_existing_interviews_sources_and_mentions_get_their_dates_stored():
    quote = make_quote()
    transcript = quote.transcript
    transcript.published = "2024-06-05"
    transcript.save()
    make_source(date="2016-07~")
    event = make_event(edtf="2016-07-12")
    services.mention_add(quote=quote, event=event, phrase="in 2016")
    Transcript.objects.update(
        interview_date_precision="", published_lower=None, published_upper=None
    )
    Source.objects.update(date_upper=None, date_precision="")
    Mention.objects.update(phrase_label="", spoken_lower=None, spoken_upper=None)
    migration = importlib.import_module("factcheck.migrations.0010_stored_date_parts")
    migration.derive(apps, None)
    transcript = Transcript.objects.get()
    assert date_json(transcript.interview_stored_date) == parsed_date_json("2024-06")
    assert transcript.published_stored_date is not None
    assert date_json(transcript.published_stored_date) == parsed_date_json("2024-06-05")
    source = Source.objects.get()
    assert source.stored_date is not None
    assert date_json(source.stored_date) == parsed_date_json("2016-07~")
    mention = Mention.objects.get()
    assert _spoken(mention, event) == SpokenDate(mention, "2016", True)
