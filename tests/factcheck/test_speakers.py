"""Speakers as one identity: matched by slug or alias, never merged by a guess, and each
interview's cast kept with the job titles they held then."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from factcheck import services
from factcheck.models import Appearance, Speaker, SpeakerAlias, Transcript
from tests.factories import make_speaker, make_transcript

pytestmark = pytest.mark.django_db

TEXT = "Q: What happened in 2016?\nA: The tribunal ruled.\nQ: And then?\nA: Nothing changed."


def imported(**overrides) -> Transcript:
    fields = {
        "text": TEXT,
        "title": "Rules of Engagement",
        "interviewer": "Bob Davis",
        "interviewee": "Mike Rogers",
        "interview_date": "21 January 2024",
        "by": None,
        **overrides,
    }
    return services.transcript_import(**fields)


def test_a_name_given_as_an_alias_is_the_same_person():
    rogers = make_speaker(name="Michael Rogers", slug="michael-rogers", job_title="Chair")
    SpeakerAlias.objects.create(speaker=rogers, name="Mike  ROGERS")
    transcript = imported(interviewee_title="Former NSA director")
    assert transcript.interviewee == rogers
    assert transcript.passages.filter(kind="answer").first().speaker == rogers
    assert Speaker.objects.filter(name__icontains="rogers").count() == 1


def test_the_title_held_in_the_interview_is_kept_on_the_appearance_not_the_speaker():
    rogers = make_speaker(name="Mike Rogers", slug="mike-rogers", job_title="Chair")
    transcript = imported(interviewee_title="Former NSA director")
    cast = {a.speaker.name: (a.role, a.job_title) for a in transcript.appearances.all()}
    assert cast == {
        "Bob Davis": ("interviewer", ""),
        "Mike Rogers": ("interviewee", "Former NSA director"),
    }
    rogers.refresh_from_db()
    assert rogers.job_title == "Chair"


def test_a_name_two_people_answer_to_is_refused_naming_both_and_nothing_is_written():
    for slug in ("michael-rogers", "mike-rogers-congressman"):
        SpeakerAlias.objects.create(speaker=make_speaker(name=slug, slug=slug), name="Mike Rogers")
    before = (Transcript.objects.count(), Speaker.objects.count())
    with pytest.raises(ValidationError) as refused:
        imported()
    message = " ".join(refused.value.message_dict["interviewee"])
    assert "[michael-rogers]" in message and "[mike-rogers-congressman]" in message
    assert (Transcript.objects.count(), Speaker.objects.count()) == before


def test_the_editor_chooses_between_namesakes_by_slug_in_brackets():
    chosen = make_speaker(name="Michael Rogers", slug="michael-rogers")
    other = make_speaker(name="Mike Rogers", slug="mike-rogers")
    SpeakerAlias.objects.create(speaker=chosen, name="Mike Rogers")
    transcript = imported(interviewee="Mike Rogers [michael-rogers]")
    assert transcript.interviewee == chosen
    assert not other.appearances.exists()


def test_a_bracketed_slug_no_one_has_makes_a_new_person_beside_the_namesake():
    namesake = make_speaker(name="Mike Rogers", slug="mike-rogers")
    transcript = imported(interviewee="Mike Rogers [mike-rogers-2]")
    assert transcript.interviewee != namesake
    assert (transcript.interviewee.name, transcript.interviewee.slug) == (
        "Mike Rogers",
        "mike-rogers-2",
    )


def test_a_preview_reads_a_name_without_the_slug_chosen_for_it():
    parsed = services.transcript_preview(
        text=TEXT, interviewer="Bob Davis", interviewee="Mike Rogers [michael-rogers]"
    )
    assert parsed.speakers[:2] == ("Bob Davis", "Mike Rogers")


def test_an_alias_needs_letters_or_digits():
    alias = SpeakerAlias(speaker=make_speaker(), name="—")
    with pytest.raises(ValidationError):
        alias.full_clean()


def test_existing_interviews_get_their_cast_with_the_titles_on_their_speakers():
    guest = make_speaker(name="Guest", slug="guest", job_title="Ambassador")
    transcript = make_transcript(interviewee=guest)
    Appearance.objects.all().delete()
    migration = importlib.import_module("factcheck.migrations.0006_speaker_aliases_and_appearances")
    migration.record_appearances(apps, None)
    cast = [(a.role, a.speaker, a.job_title) for a in transcript.appearances.all()]
    assert cast == [
        ("interviewer", transcript.interviewer, ""),
        ("interviewee", guest, "Ambassador"),
    ]
