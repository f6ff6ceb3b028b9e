"""Transcript, quote and mention services: validation, anchoring, re-anchoring."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from factcheck import services
from factcheck.anchoring import AnchorStatus
from factcheck.models import Passage, Quote, Transcript, Verdict
from tests.factories import (
    make_event,
    make_level,
    make_quote,
    make_speaker,
    make_transcript,
    make_verdict,
)

pytestmark = pytest.mark.django_db


def test_transcript_passages_are_attributed_to_interviewer_and_interviewee():
    transcript = make_transcript()
    kinds = list(transcript.passages.values_list("kind", "speaker"))
    assert kinds[0] == (Passage.Kind.INTRO, None)
    assert kinds[1] == (Passage.Kind.QUESTION, transcript.interviewer_id)
    assert kinds[2] == (Passage.Kind.ANSWER, transcript.interviewee_id)
    assert kinds[4] == (Passage.Kind.QUESTION, transcript.interviewer_id)


def test_malformed_transcript_is_refused_and_writes_nothing():
    with pytest.raises(ValidationError, match="No question found"):
        make_transcript(text="Only prose, no questions.")
    assert not Transcript.objects.exists()
    assert not Passage.objects.exists()


def test_quote_speaker_is_whoever_speaks_in_that_passage():
    quote = make_quote()
    assert quote.speaker == quote.transcript.interviewee
    assert quote.transcript.text[quote.start : quote.end] == quote.exact


def test_quote_not_in_the_transcript_is_refused_with_a_message():
    transcript = make_transcript()
    with pytest.raises(ValidationError, match="Mars"):
        services.quote_create(transcript=transcript, exact="We landed on Mars.")
    assert not Quote.objects.exists()


def test_creating_the_same_quote_twice_returns_the_first():
    quote = make_quote()
    assert make_quote(quote.transcript) == quote
    assert Quote.objects.count() == 1


def test_relative_phrase_is_resolved_against_the_interview_date_and_kept_as_spoken():
    quote = make_quote(exact="And four or five months ago, something else happened.")
    mention = services.mention_add(
        quote=quote, event=make_event(edtf="2024-02"), phrase="four or five months ago"
    )
    assert mention.phrase == "four or five months ago"
    assert mention.spoken_edtf == "2024-01/2024-02"
    assert mention.spoken_label == "Jan–Feb 2024"


def test_absolute_phrase_keeps_no_resolved_range():
    quote = make_quote()
    mention = services.mention_add(quote=quote, event=make_event(), phrase="in 2016")
    assert (mention.phrase, mention.spoken_edtf) == ("in 2016", "")


def test_correcting_text_before_a_quote_moves_it():
    quote = make_quote()
    text = quote.transcript.text.replace("An introduction", "A longer introduction")
    report = services.transcript_update_text(transcript=quote.transcript, text=text)
    quote.refresh_from_db()
    assert (report.moved, report.orphaned) == (1, [])
    assert quote.anchor_status == AnchorStatus.MOVED
    assert text[quote.start : quote.end] == quote.exact


def test_correcting_the_quoted_words_orphans_the_quote_and_keeps_its_words():
    quote = make_quote()
    text = quote.transcript.text.replace("won its case", "won the case")
    report = services.transcript_update_text(transcript=quote.transcript, text=text)
    quote.refresh_from_db()
    assert report.orphaned == [quote]
    assert quote.anchor_status == AnchorStatus.ORPHANED
    assert quote.exact == "The Philippines won its case in 2016."


def test_correcting_only_the_spacing_of_quoted_words_orphans_the_quote():
    """Matched as alike, its stored words would no longer be the text's: a space more broke
    the offsets' check, a 500 on saving the correction."""
    quote = make_quote()
    text = quote.transcript.text.replace("won its case", "won  its case")
    report = services.transcript_update_text(transcript=quote.transcript, text=text)
    quote.refresh_from_db()
    assert report.orphaned == [quote]
    assert quote.exact == "The Philippines won its case in 2016."


def test_a_correction_that_changes_the_paragraphs_is_refused_and_changes_nothing():
    quote = make_quote()
    original = quote.transcript.text
    with pytest.raises(ValidationError, match="passages"):
        services.transcript_update_text(
            transcript=quote.transcript, text=original + "\nA new paragraph."
        )
    quote.transcript.refresh_from_db()
    assert quote.transcript.text == original


def test_passages_follow_the_corrected_text():
    transcript = make_transcript(interviewer=make_speaker(name="Bob"))
    text = transcript.text.replace("What happened", "So what happened")
    services.transcript_update_text(transcript=transcript, text=text)
    question = transcript.passages.get(position=2)
    assert question.text == "So what happened in 2016?"


def test_sources_with_the_same_title_get_numbered_slugs():
    first = services.source_create(title="The award", kind="court-ruling")
    second = services.source_create(title="The award", kind="court-ruling")
    assert (first.slug, second.slug) == ("the-award", "the-award-2")


def test_a_long_title_makes_a_slug_of_its_first_words():
    title = (
        "Award in the matter of the South China Sea arbitration between the Philippines and China"
    )
    source = services.source_create(title=title)
    assert source.slug == "award-in-the-matter-of-the-south-china-sea-arbitration"


def test_a_source_is_described_only_by_its_own_fields():
    with pytest.raises(TypeError, match="rating"):
        services.source_create(title="The award", rating="high")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: it serialises writers"
)
def test_saving_a_verdict_locks_its_own_row_not_the_shared_rating_scale():
    # Locking the joined level and scale rows too queued every verdict save on the site
    # behind them, and deadlocked concurrent saves against the foreign-key checks at commit.
    draft = make_verdict()
    with CaptureQueriesContext(connection) as queries:
        services.verdict_update(
            verdict=draft,
            version=draft.version,
            level=draft.level,
            rationale="Edited.",
            as_of=draft.as_of,
            evidence=[],
            by=draft.author,
        )
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locks
    assert all('FOR UPDATE OF "factcheck_verdict"' in sql for sql in locks if "verdict" in sql)


def _wait_until_blocked_on_a_lock(thread: threading.Thread) -> None:
    """Until `thread` waits for a row lock this test's transaction holds (PostgreSQL), or a
    moment on SQLite, where it waits for the database's one write lock."""
    if connection.vendor != "postgresql":
        thread.join(0.3)
        return
    for _ in range(500):
        with connection.cursor() as cursor:
            # pg_locks, not pg_stat_activity: that one is read once per transaction.
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        thread.join(0.01)
    raise AssertionError("the second save never waited for the first")


@pytest.mark.django_db(transaction=True)
def test_a_save_that_waited_for_one_changing_the_rating_is_refused_as_stale():
    # The lock used to join the rating level: after waiting, PostgreSQL re-checked the
    # verdict's new row against the old level row, found no match and returned nothing, so
    # the second of two editors changing a rating got a 500 instead of the conflict.
    draft = make_verdict()
    other = make_level("Inaccurate")
    outcome: list[BaseException] = []

    def second_save() -> None:
        try:
            services.verdict_update(
                verdict=draft,
                version=draft.version,
                level=draft.level,
                rationale="Saved second.",
                as_of=draft.as_of,
                by=draft.author,
            )
        except BaseException as error:
            outcome.append(error)
        finally:
            connections.close_all()

    second = threading.Thread(target=second_save)
    with transaction.atomic():  # the first save, as verdict_update makes it
        Verdict.objects.select_for_update().get(pk=draft.pk)
        second.start()
        _wait_until_blocked_on_a_lock(second)
        Verdict.objects.filter(pk=draft.pk).update(level=other, version=F("version") + 1)
    second.join()
    (error,) = outcome
    assert isinstance(error, services.StaleVerdictError)
    assert error.current.level == other
    assert Verdict.objects.get(pk=draft.pk).rationale != "Saved second."
