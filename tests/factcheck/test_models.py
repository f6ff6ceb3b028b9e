"""Integrity that lives in the database, not only in forms."""

import pickle

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from factcheck import models, services
from factcheck.anchoring import AnchorStatus
from factcheck.models import (
    Claim,
    Correction,
    Mention,
    Quote,
    RatingLevel,
    Source,
    Transcript,
    Verdict,
)
from tests.factories import (
    make_event,
    make_quote,
    make_source,
    make_transcript,
    make_user,
    make_verdict,
)
from tests.published import correct, published_claim
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_event_bounds_cannot_be_reversed_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.bulk_create(
            [
                Event(
                    title="x",
                    slug="x",
                    edtf="2016",
                    precision="year",
                    date_lower="2016-12-31",
                    date_upper="2016-01-01",
                )
            ]
        )


def test_event_bounds_and_precision_are_derived_from_edtf():
    event = Event.objects.create(title="Award", slug="award", edtf="2024-01/2024-02")
    assert (str(event.date_lower), str(event.date_upper), event.precision) == (
        "2024-01-01",
        "2024-02-29",
        "month",
    )
    assert event.date_label == "Jan–Feb 2024"


def test_quote_offsets_must_span_exactly_its_words():
    quote = make_quote()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(end=quote.end + 1)


def verdict_row(verdict: Verdict, **fields) -> Verdict:
    """A copy of `verdict` written straight to the database, past the services: the
    constraints under test are the last line of defence, for what no service lets through."""
    values = {"claim": verdict.claim, "level": verdict.level, "rationale": verdict.rationale}
    return Verdict.objects.create(**{**values, **fields})


def test_a_claim_has_at_most_one_published_verdict():
    verdict = make_verdict(status=Verdict.Status.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        verdict_row(verdict, status=Verdict.Status.PUBLISHED, published_at=verdict.published_at)


def test_the_author_cannot_approve_their_own_verdict():
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        verdict_row(make_verdict(), author=user, approved_by=user)


def test_a_cited_source_cannot_be_deleted():
    source = make_source()
    make_verdict(sources=[source])
    with pytest.raises(ProtectedError):
        source.delete()


def test_a_verdict_with_evidence_cannot_be_deleted():
    verdict = make_verdict(sources=[make_source()])
    with pytest.raises(ProtectedError):
        verdict.delete()


def test_a_void_correction_has_no_revision_and_others_need_one():
    old = make_verdict(status=Verdict.Status.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(claim=old.claim, previous=old, kind="update", note="x")
    Correction.objects.create(claim=old.claim, previous=old, kind="void", note="Withdrawn.")


def test_a_quote_in_context_leaves_out_the_answer_marker():
    quote = make_quote(exact="China said it would ignore the award.")
    assert quote.context() == ("The Philippines won its case in 2016.", "")


def test_an_editors_note_inside_an_answer_is_shown_without_the_answer_around_it():
    """The note's writer is the quote's speaker: the answer's sentences around the note are
    someone else's words and must not be shown under the writer's name."""
    text = (
        "Q: What happened?\nA: The president tried. [The talks stalled in 2023.] We will try again."
    )
    transcript = make_transcript(text=text)
    note = make_quote(
        transcript, exact="[The talks stalled in 2023.]", speaker=transcript.interviewer
    )
    assert note.context() == ("", "")
    words = make_quote(transcript, exact="We will try again.")
    assert words.context() == ("[The talks stalled in 2023.]", "")


def test_an_orphaned_quote_has_no_context():
    quote = make_quote(exact="China said it would ignore the award.")
    quote.anchor_status = AnchorStatus.ORPHANED
    assert quote.context() == ("", "")


def test_the_dates_readers_see_are_stored_when_saved_and_follow_a_change():
    quote = make_quote()
    transcript = quote.transcript
    transcript.interview_date, transcript.published = "2024-06-04", "2024-06"
    transcript.save()
    make_source(date="2016-07-12")
    mention = Mention.objects.create(quote=quote, event=make_event(), spoken_edtf="2024-01")
    stored = (
        Transcript.objects.values_list("interview_date_label", "published_label").get(),
        Source.objects.values_list("date_label", flat=True).get(),
        Mention.objects.values_list("spoken_label", flat=True).get(),
    )
    assert stored == (("4 June 2024", "June 2024"), "12 July 2016", "January 2024")
    mention.spoken_edtf = "2024-01/2024-02"
    mention.save(update_fields=["spoken_edtf"])  # as the interview loader saves it
    assert Mention.objects.values_list("spoken_label", flat=True).get() == "Jan–Feb 2024"


def test_the_interview_page_shows_its_dates_without_reading_one(client, monkeypatch):
    claim = published_claim()
    services.mention_add(
        quote=claim.quote, event=make_event(edtf="2024-02"), phrase="four or five months ago"
    )

    def no_parsing(text):
        raise AssertionError(f"a page parsed the date {text!r}")

    monkeypatch.setattr(models, "parse_edtf", no_parsing)
    page = claim.quote.transcript.get_absolute_url()
    assert "June 2024" in client.get(page).text  # the interview's date (a month), in its order
    response = client.get(page, {"order": "chronological"})
    assert "Said as <q>four or five months ago</q> → Jan–Feb 2024" in response.text


def test_verdicts_read_with_the_levels_kept_name_them_without_a_query_and_pickle(
    django_assert_num_queries,
):
    """with_levels: a claim's verdict takes its level from the levels given (the ones pages
    keep), with no query and no join; a level given none is read when asked for; and the
    queryset pickles, as any does, to be kept in a cache."""
    claim = published_claim()
    corrected = correct(published_claim(text="Another."), level="Inaccurate").correction
    level = claim.published_verdict.level
    claims = Claim.objects.filter(pk=claim.pk).with_levels(
        "published_verdict", levels={level.pk: level}
    )
    with django_assert_num_queries(1):
        (read,) = claims
        assert read.published_verdict.level is level
    assert "factcheck_ratinglevel" not in str(claims.query)
    (again,) = pickle.loads(pickle.dumps(claims.all()))
    assert again.published_verdict.level == level
    # Corrections: the verdicts before and after, one level unknown to those given.
    listed = Correction.objects.filter(pk=corrected.pk).listed(levels={level.pk: level})
    with django_assert_num_queries(2):  # the corrections, then the unknown level
        (correction,) = listed
        assert correction.previous.level is level
        assert correction.revision.level.label == "Inaccurate"


def test_with_levels_called_again_adds_its_paths(django_assert_num_queries):
    corrected = correct(published_claim(), level="Inaccurate").correction
    levels = {level.pk: level for level in RatingLevel.objects.all()}
    both = (
        Correction.objects.filter(pk=corrected.pk)
        .with_levels("previous", levels=levels)
        .with_levels("revision")
    )
    with django_assert_num_queries(1):
        (correction,) = both
        assert correction.previous.level.label == "Accurate"
        assert correction.revision.level.label == "Inaccurate"
