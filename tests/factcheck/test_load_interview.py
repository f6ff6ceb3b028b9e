"""`manage.py load_interview`: the bundled interview, loaded as real, checked data."""

import io
import tomllib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from factcheck.anchoring import AnchorStatus
from factcheck.models import (
    Action,
    Claim,
    Evidence,
    Mention,
    Passage,
    Quote,
    Source,
    Transcript,
    Verdict,
)
from timeline.dates import parse_edtf
from timeline.models import Event

SEED = Path(__file__).resolve().parents[2] / "factcheck" / "seed"
MODELS = [Transcript, Passage, Quote, Mention, Claim, Verdict, Evidence, Source, Event, Action]

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    output = io.StringIO()
    call_command("load_interview", stdout=output)
    return output.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_prints_progress(loaded):
    assert "events" in loaded and "quotes" in loaded and "Done" in loaded


def test_the_dataset_meets_its_minimums(loaded):
    assert Event.objects.count() >= 35
    assert Quote.objects.count() >= 40
    assert Claim.objects.published().count() >= 25
    assert all(claim.published_verdict.evidence.exists() for claim in Claim.objects.all())


def test_every_quote_is_verbatim_and_anchored(loaded):
    transcript = Transcript.objects.get()
    original = (SEED / "emanuel_2024.txt").read_bytes()
    assert transcript.text.encode("utf-8") == original
    for quote in Quote.objects.all():
        assert quote.anchor_status == AnchorStatus.ANCHORED
        assert transcript.text[quote.start : quote.end] == quote.exact
        assert quote.exact.encode("utf-8") in original


def test_running_twice_changes_nothing(loaded):
    before = counts()
    snapshot = list(Verdict.objects.values_list("pk", "level_id", "rationale", "status"))
    call_command("load_interview", stdout=io.StringIO())
    assert counts() == before
    assert list(Verdict.objects.values_list("pk", "level_id", "rationale", "status")) == snapshot


@pytest.mark.parametrize(
    "edtf",
    [
        "2016-07-12",  # the South China Sea arbitral award
        "2015-09-25",  # the Xi–Obama Rose Garden cyber agreement
        "2024-04-11",  # the Japan–Philippines–U.S. trilateral summit
    ],
)
def test_key_events_are_dated_to_the_day(loaded, edtf):
    assert Event.objects.filter(edtf=edtf, precision="day").exists()


def test_xis_2012_turn_is_dated_in_2012(loaded):
    assert Event.objects.filter(date_lower__year=2012, title__icontains="Xi").exists()


def test_relative_phrases_are_kept_as_spoken_and_resolved(loaded):
    mention = Mention.objects.get(phrase__icontains="four or five months ago")
    assert mention.spoken_edtf == "2024-01/2024-02"
    resolved = Mention.objects.exclude(spoken_edtf="")
    assert resolved.count() >= 5
    for mention in resolved:
        assert mention.phrase.lower() in mention.quote.exact.lower()


def test_every_date_in_the_dataset_is_valid_edtf():
    data = tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))
    for row in data["events"] + data["sources"] + data.get("eras", []):
        if row.get("date"):
            parse_edtf(row["date"])


def test_speakers_mistakes_are_rated_below_accurate(loaded):
    """Where the speaker got a date wrong (the case was filed in 2013, not 2016), the verdict
    says so."""
    claims = Claim.objects.filter(quote__exact__contains="The Philippines in 2016 took China")
    assert claims.exists()
    assert all(claim.published_verdict.level.value < 5 for claim in claims)


def test_an_invalid_dataset_stops_with_a_message_and_writes_nothing(tmp_path):
    data = (SEED / "emanuel_2024.toml").read_text(encoding="utf-8")
    (tmp_path / "emanuel_2024.txt").write_bytes((SEED / "emanuel_2024.txt").read_bytes())
    broken = tmp_path / "broken.toml"
    broken.write_text(data.replace('"2016-07-12"', '"2016-13-45"', 1), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_interview", dataset=broken, stdout=io.StringIO())
    assert set(counts().values()) == {0}
