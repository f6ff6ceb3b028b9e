"""`manage.py load_interview`: the bundled interview, loaded as real, checked data."""

import io
import re
import tomllib
from html import unescape
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from factcheck import models
from factcheck.anchoring import AnchorStatus
from timeline.dates import DateParseError, parse_edtf, resolve_relative
from timeline.models import Event

SEED = Path(__file__).resolve().parents[2] / "factcheck" / "seed"
MODELS = [
    models.Transcript,
    models.Passage,
    models.Quote,
    models.Mention,
    models.Claim,
    models.Verdict,
    models.Evidence,
    models.Source,
    Event,
    models.Action,
    models.Correction,
]

pytestmark = pytest.mark.django_db
# An absolute https address with a host and no spaces or quotes.
URL = re.compile(r"https?://[a-z0-9.-]+\.[a-z]{2,}(/[^\s\"'<>]*)?", re.IGNORECASE)


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
    assert models.Quote.objects.count() >= 40
    assert models.Claim.objects.published().count() >= 25
    assert all(claim.published_verdict.evidence.exists() for claim in models.Claim.objects.all())


def test_the_bundled_interview_counts_as_published_with_its_notes_apart(loaded):
    transcript = models.Transcript.objects.get()
    assert transcript.is_published
    notes = [p.text for p in transcript.passages.filter(kind="note")]
    assert "[laughter]" in notes
    assert any(note.startswith("[So far, the U.S. has failed") for note in notes)
    closing = transcript.passages.get(kind="closing")
    assert closing.text.startswith("Bob Davis, a former correspondent")


def test_every_quote_is_verbatim_and_anchored(loaded):
    transcript = models.Transcript.objects.get()
    original = (SEED / "emanuel_2024.txt").read_bytes()
    assert transcript.text.encode("utf-8") == original
    for quote in models.Quote.objects.all():
        assert quote.anchor_status == AnchorStatus.ANCHORED
        assert transcript.text[quote.start : quote.end] == quote.exact
        assert quote.exact.encode("utf-8") in original


def test_every_quote_is_in_the_mouth_of_whoever_said_or_wrote_it(loaded):
    """A quote from a spoken passage is its speaker's; one from the publication's own text
    (an editor's bracketed note, the introduction, a sidebar) is the author's, the
    interviewer's: never the interviewee's."""
    transcript = models.Transcript.objects.get()
    interviewer = transcript.interviewer
    spoken = {models.Passage.Kind.QUESTION, models.Passage.Kind.ANSWER}
    for quote in transcript.quotes.select_related("speaker"):
        passages = transcript.passages.filter(start__lt=quote.end, end__gt=quote.start)
        mouths = {p.speaker if p.kind in spoken else interviewer for p in passages}
        assert mouths == {quote.speaker}, quote.exact[:60]


def test_running_twice_changes_nothing(loaded):
    before = counts()
    snapshot = list(models.Verdict.objects.values_list("pk", "level_id", "rationale", "status"))
    call_command("load_interview", stdout=io.StringIO())
    assert counts() == before
    assert (
        list(models.Verdict.objects.values_list("pk", "level_id", "rationale", "status"))
        == snapshot
    )


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
    mention = models.Mention.objects.get(phrase__icontains="four or five months ago")
    assert mention.spoken_edtf == "2024-01/2024-02"
    resolved = models.Mention.objects.exclude(spoken_edtf="")
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
    claims = models.Claim.objects.filter(
        quote__exact__contains="The Philippines in 2016 took China"
    )
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


def test_the_interview_is_dated_to_a_few_days():
    transcript_date = parse_edtf(
        tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))["transcript"][
            "interview_date"
        ]
    )
    assert (transcript_date.upper - transcript_date.lower).days <= 4


def test_spoken_time_phrases_are_kept_and_mostly_dated(loaded):
    phrases = models.Mention.objects.exclude(phrase="")
    assert phrases.values("phrase").distinct().count() >= 40
    assert phrases.exclude(spoken_edtf="").values("phrase").distinct().count() >= 36
    assert (
        models.Mention.objects.get(phrase="just two days ago").spoken_edtf
        == "2024-06-01/2024-06-02"
    )


def test_every_undated_phrase_says_why_in_the_dataset():
    text = (SEED / "emanuel_2024.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for quote in data["quotes"]:
        for mention in quote.get("mentions", []):
            phrase = mention.get("phrase", "")
            if not phrase or mention.get("spoken"):
                continue
            try:
                resolve_relative(phrase, data["transcript"]["interview_date"])
            except DateParseError:
                block = text[: text.index(f'phrase = "{phrase}"')].rsplit("\n", 3)
                assert "Not dated:" in "\n".join(block), phrase


def test_absolute_phrases_keep_the_speakers_own_date(loaded):
    mention = models.Mention.objects.get(phrase="back in 2014")
    assert mention.spoken_edtf == "2014"
    assert mention.event.edtf == "2015-10-05"


def test_the_clinton_administration_phrase_is_on_the_administrations_years(loaded):
    mention = models.Mention.objects.get(phrase="back in the Clinton administration")
    assert mention.event.slug == "emanuel-in-clinton-white-house"
    assert mention.event.date_lower.year == 1993


def assert_emanuels_career_and_titles() -> None:
    """His title now, the one he held in the interview, and the claims on his career and on
    the chip makers each on the events its words mention."""
    emanuel = models.Speaker.objects.get(slug="rahm-emanuel")
    assert emanuel.job_title == "Former U.S. Ambassador to Japan"
    assert emanuel.appearances.get().job_title == "U.S. Ambassador to Japan"
    career = models.Claim.objects.get(slug="emanuel-career-before-japan")
    assert set(career.quote.mentions.values_list("event__slug", flat=True)) == {
        "emanuel-in-clinton-white-house",
        "emanuel-in-congress",
        "emanuel-white-house-chief-of-staff",
        "emanuel-mayor-of-chicago",
    }
    chips = models.Claim.objects.get(slug="three-major-chip-equipment-makers")
    assert not chips.quote.mentions.exists()


def test_the_speakers_title_and_each_claims_events_are_as_curated(loaded, client):
    assert_emanuels_career_and_titles()
    career = models.Claim.objects.get(slug="emanuel-career-before-japan")
    page = client.get(career.get_absolute_url()).text
    assert "On the chronology" in page and "Emanuel serves two terms as mayor of Chicago" in page
    chips = client.get(reverse("reader:claim_detail", args=["three-major-chip-equipment-makers"]))
    assert "U.S. Ambassador to Japan" in chips.text and "Former U.S." not in chips.text


def test_most_cited_sources_link_to_the_evidence(loaded):
    sources = models.Source.objects.cited()
    linked = sources.exclude(url="")
    # 72 of the 89 cited sources have an address confirmed in the public record (at least
    # 80 %, the dataset's goal); the rest say in their notes why none is given rather than
    # carry a guessed one.
    assert linked.count() * 100 >= 80 * sources.count()
    assert not sources.filter(url="", notes="").exists()
    for source in linked:
        assert URL.fullmatch(source.url), source.slug


def test_every_source_address_in_the_dataset_is_a_well_formed_web_address():
    data = tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))
    addresses = [s["url"] for s in data["sources"] if s["url"]]
    addresses += [s["archived_url"] for s in data["sources"] if s.get("archived_url")]
    assert addresses
    assert [a for a in addresses if not URL.fullmatch(a)] == []
    assert len(set(addresses)) == len(addresses)  # no two sources share one address


def test_dataset_corrections_are_published_as_corrections(loaded):
    corrections = models.Correction.objects.select_related("previous__level", "revision__level")
    assert corrections.exists()
    for correction in corrections:
        assert correction.previous.status == models.Verdict.Status.SUPERSEDED
        assert correction.revision.author != correction.revision.approved_by
        # The revision is what readers see, unless a later correction corrected it in turn.
        later = models.Correction.objects.filter(previous=correction.revision).first()
        current = later.revision if later else correction.revision
        assert correction.claim.published_verdict == current


def test_every_level_the_dataset_changed_shows_its_correction_on_the_claim_page(loaded, client):
    data = tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))
    labels = {level["slug"]: level["label"] for level in data["rating_scale"]["levels"]}
    changed = [
        row
        for row in data["claims"]
        if row.get("corrections") and row["corrections"][-1]["level"] != row["verdict"]["level"]
    ]
    # The patterns the methodology review found: questions the record settles that were
    # rated "needs context", and an "inaccurate" beside a parallel "misleading".
    assert {row["slug"] for row in changed} >= {
        "raimondo-led-50-ceos-to-philippines",
        "google-ai-secrets-theft-two-months-ago",
        "japan-us-investment-matches-china-in-philippines",
        "kishida-two-percent-before-invasion",
        "china-went-after-philippine-eez-after-2012",
    }
    for row in changed:
        page = client.get(reverse("reader:claim_detail", kwargs={"slug": row["slug"]}))
        html = unescape(page.content.decode())
        first, last = row["verdict"], row["corrections"][-1]
        assert page.status_code == 200
        assert last["rationale"] in html, row["slug"]
        assert labels[last["level"]] in html and labels[first["level"]] in html, row["slug"]
        level_change = next(c for c in row["corrections"] if c["level"] != first["level"])
        assert level_change["note"] in html, row["slug"]


def test_no_needs_context_verdict_is_left_on_a_settled_question():
    """The three questions the public record was found to settle are not rated "needs
    context" any more; those left say what the record cannot establish."""
    data = tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))
    current = {
        row["slug"]: (row.get("corrections") or [row["verdict"]])[-1] for row in data["claims"]
    }
    for slug in (
        "google-ai-secrets-theft-two-months-ago",
        "japan-us-investment-matches-china-in-philippines",
        "kishida-two-percent-before-invasion",
    ):
        assert current[slug]["level"] != "needs-context", slug
    assert (
        current["google-ai-secrets-theft-two-months-ago"]["level"]
        == (current["asml-ip-theft-discovered-months-earlier"]["level"])
    )  # the same mistake, attributing an individual's theft to the state, rated alike


def test_a_correction_of_a_correction_reaches_a_database_that_has_the_first(tmp_path):
    text = (SEED / "emanuel_2024.toml").read_text(encoding="utf-8")
    start = text.index("# A second correction")
    end = text.index("\n[[claims]]", start)
    (tmp_path / "emanuel_2024.txt").write_bytes((SEED / "emanuel_2024.txt").read_bytes())
    first_only = tmp_path / "first-only.toml"
    first_only.write_text(text[:start] + text[end:], encoding="utf-8")
    call_command("load_interview", dataset=first_only, stdout=io.StringIO())
    claim = models.Claim.objects.get(slug="raimondo-led-50-ceos-to-philippines")
    assert claim.corrections.count() == 1
    output = io.StringIO()
    call_command("load_interview", stdout=output)
    assert [c.kind for c in claim.corrections.order_by("pk")] == ["correction", "update"]
    assert "not established" in claim.corrections.order_by("pk").last().note.lower()
    assert "kept" not in output.getvalue()
    before = counts()
    call_command("load_interview", stdout=io.StringIO())
    assert counts() == before


def test_edits_people_made_are_kept_and_reported(loaded):
    Event.objects.filter(slug="aukus-announced").update(title="AUKUS, edited by a person")
    models.Source.objects.filter(slug="us-nss-2022").update(title="NSS, edited")
    models.Speaker.objects.filter(slug="rahm-emanuel").update(job_title="Former ambassador")
    output = io.StringIO()
    call_command("load_interview", stdout=output)
    assert Event.objects.get(slug="aukus-announced").title == "AUKUS, edited by a person"
    assert models.Source.objects.get(slug="us-nss-2022").title == "NSS, edited"
    assert models.Speaker.objects.get(slug="rahm-emanuel").job_title == "Former ambassador"
    report = output.getvalue()
    assert "aukus-announced title" in report
    assert "us-nss-2022 title" in report
    assert "rahm-emanuel job_title" in report


def test_a_second_load_reports_nothing_to_keep(loaded):
    output = io.StringIO()
    call_command("load_interview", stdout=output)
    assert "kept" not in output.getvalue()


def previous_seed(tmp_path: Path) -> Path:
    """The dataset as an earlier version shipped it: the interview dated to the month, no
    source URLs, none of the dataset's corrections, and the Clinton phrase on the election."""
    text = (SEED / "emanuel_2024.toml").read_text(encoding="utf-8")
    text = text.replace('interview_date = "2024-06-03/2024-06-04"', 'interview_date = "2024-06"')
    text = re.sub(r'url = "https?:[^"]*"', 'url = ""', text)
    text = re.sub(r"\[\[claims\.corrections\]\].*?(?=\n\[\[claims\]\]|\Z)", "", text, flags=re.S)
    text = text.replace(
        'event = "emanuel-in-clinton-white-house"\nphrase = "back in the Clinton administration"',
        'event = "clinton-elected-1992"\nphrase = "back in the Clinton administration"',
    )
    # Emanuel's title as it was, the interview's taken from it; the chip makers named with
    # the ASML theft; his career in the introduction on no event.
    text = re.sub(r'job_title = "Former (U\.S\. Ambassador to Japan)".*', r'job_title = "\1"', text)
    text = re.sub(r"interviewee_title = .*\n", "", text)
    chips = 'key = "three-semiconductor-machine-companies"\n'
    chips_said = text.split(chips)[1].split("\n\n")[0]
    asml = '\n[[quotes.mentions]]\nevent = "asml-data-misappropriation-disclosed"\nphrase = ""'
    text = text.replace(chips + chips_said, chips + chips_said + asml)
    career = 'key = "intro-career"\n'
    career_said = text.split(career)[1].split("\n\n")[0]
    text = text.replace(career + career_said, career + career_said.split("\n[[")[0])
    (tmp_path / "emanuel_2024.txt").write_bytes((SEED / "emanuel_2024.txt").read_bytes())
    path = tmp_path / "previous.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_new_data_reaches_a_database_loaded_with_an_earlier_seed(tmp_path):
    call_command("load_interview", dataset=previous_seed(tmp_path), stdout=io.StringIO())
    assert not models.Source.objects.exclude(url="").exists()
    assert not models.Correction.objects.exists()
    call_command("load_interview", stdout=io.StringIO())
    transcript = models.Transcript.objects.get()
    assert transcript.interview_date == "2024-06-03/2024-06-04"
    assert (
        models.Mention.objects.get(phrase="just two days ago").spoken_edtf
        == "2024-06-01/2024-06-02"
    )
    assert models.Source.objects.exclude(url="").count() >= 25
    data = tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))
    expected = sum(len(row.get("corrections", [])) for row in data["claims"])
    assert models.Correction.objects.count() == expected  # every one reaches the old database
    clinton = models.Mention.objects.get(phrase="back in the Clinton administration")
    assert clinton.event.slug == "emanuel-in-clinton-white-house"
    assert_emanuels_career_and_titles()
    before = counts()
    call_command("load_interview", stdout=io.StringIO())
    assert counts() == before


# Statements an audit found neither checked nor recorded as not checkable: each must now be one
# or the other.
ONCE_UNCHECKED = [
    "Yonaguni, which is 60 miles east of Taiwan",
    "The Chicago Tribune, which watches you",
    "resembling Agatha Christie’s novel",
    "they said that NATO moving east",
    "They chose to join NATO",
    "failed to finalize the trade portion of the Indo-Pacific Economic Framework",
    "because they’re not a treaty ally",
    "AGE | 64 |",
    "He was a senior adviser to President Clinton",
]


@pytest.mark.parametrize("words", ONCE_UNCHECKED)
def test_each_once_unchecked_statement_is_checked_or_not_checkable(words):
    data = tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))
    quotes = {quote["key"]: quote["exact"] for quote in data["quotes"]}
    claimed = [quotes[claim["quote"]] for claim in data["claims"]]
    recorded = [item["words"] for item in data["not_checkable"]]
    assert any(words in text for text in claimed + recorded)


def test_statements_recorded_as_not_checkable_are_verbatim_and_give_a_reason():
    data = tomllib.loads((SEED / "emanuel_2024.toml").read_text(encoding="utf-8"))
    text = (SEED / "emanuel_2024.txt").read_text(encoding="utf-8")
    assert data["not_checkable"]
    for item in data["not_checkable"]:
        assert item["words"] in text and item["reason"]
