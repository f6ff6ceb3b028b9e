"""A claim made in error (a slip, a duplicate) is discarded while no reader has seen it;
one readers have seen stays, with its history."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from factcheck import services
from factcheck.models import Action, Claim, Evidence, Quote, Transcript, Verdict
from tests.factories import (
    make_approver,
    make_claim,
    make_event,
    make_quote,
    make_transcript,
    make_verdict,
)
from tests.published import published_claim, withdraw
from timeline.models import Event

pytestmark = pytest.mark.django_db


def discard_url(claim: Claim) -> str:
    return reverse("desk:claim_discard", args=[claim.slug])


def test_an_editor_discards_a_claim_made_in_error_with_its_drafts_and_its_words(client, editor):
    transcript = make_transcript()
    quote = make_quote(transcript)
    claim = services.claim_create(quote=quote, text="x", by=editor)
    draft = make_verdict(claim, author=editor, sources=[])
    page = client.get(reverse("desk:claim", args=[claim.slug])).content.decode()
    assert f'href="{discard_url(claim)}">Discard this claim</a>' in page
    asked = client.get(discard_url(claim)).content.decode()
    assert "1 draft verdict, with its evidence" in asked
    assert "the words it was made from, which nothing else stands on" in asked
    gone = client.post(discard_url(claim))
    assert gone.status_code == 303
    assert gone["Location"] == reverse("desk:transcript", args=[transcript.slug])
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Verdict.objects.filter(pk=draft.pk).exists()
    assert not Quote.objects.filter(pk=quote.pk).exists()
    # The record keeps who made it and who discarded it, on the interview.
    made = Action.objects.get(verb=Action.Verb.CLAIM_CREATED, actor=editor)
    assert (made.transcript, made.claim) == (transcript, None)
    discarded = Action.objects.get(verb=Action.Verb.DISCARDED)
    assert (discarded.actor, discarded.transcript) == (editor, transcript)
    assert discarded.note == "the claim “x” (1 draft verdict)"
    record = client.get(gone["Location"]).content.decode()
    assert "Discarded the claim “x”." in record
    assert "alice discarded the claim “x” (1 draft verdict)" in record
    # The interview's record is the interview's: who imported it and discarded the claim,
    # not the steps of a claim no longer there, told with nothing to say which.
    assert "created the claim" not in record


def test_words_another_claim_or_an_event_stands_on_stay(client, editor):
    quote = make_quote(make_transcript())
    slip, kept = make_claim(quote, text="A slip."), make_claim(quote, text="The claim.")
    asked = client.get(discard_url(slip)).content.decode()
    assert "not the words it was made from" in asked
    assert client.post(discard_url(slip)).status_code == 303
    assert Quote.objects.filter(pk=quote.pk).exists()
    services.mention_add(quote=quote, event=make_event())
    assert client.post(discard_url(kept)).status_code == 303
    assert Quote.objects.filter(pk=quote.pk).exists()  # it dates an event


@pytest.mark.parametrize(
    ("state", "why"),
    [
        ("published", "so it stays, with its history: withdraw the verdict to take it down."),
        ("withdrawn", "so it stays, with its history: its verdict is withdrawn, as its page"),
        ("in_review", "take it back (whoever wrote it) or send it back (an approver) before"),
    ],
)
def test_a_claim_readers_have_seen_or_an_approver_is_reviewing_stays(client, editor, state, why):
    if state == "in_review":
        claim = make_claim()
        make_verdict(claim, status=Verdict.Status.IN_REVIEW)
    else:
        claim = published_claim()
        if state == "withdrawn":
            withdraw(claim)
    evidence = Evidence.objects.count()
    page = client.get(reverse("desk:claim", args=[claim.slug])).content.decode()
    assert "Discard this claim" not in page
    for response in (client.get(discard_url(claim)), client.post(discard_url(claim))):
        assert response.status_code == 409
        assert why in response.text
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert Evidence.objects.count() == evidence
    assert not Action.objects.filter(verb=Action.Verb.DISCARDED).exists()


def test_only_someone_who_makes_claims_may_discard_one(client):
    claim = make_claim()
    assert client.post(discard_url(claim)).status_code in (302, 403)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_withdrawn_verdict_is_said_on_the_desk_not_no_verdict_yet(client, editor):
    claim = published_claim()
    withdraw(claim)
    page = client.get(reverse("desk:claim", args=[claim.slug])).content.decode()
    assert "No verdict yet" not in page
    assert "Withdrawn <time" in page and "readers see the withdrawal" in page


def test_an_interview_imported_in_error_is_discarded_with_what_was_made_on_it(client, editor):
    transcript = make_transcript(title="Imported twice")
    Transcript.objects.filter(pk=transcript.pk).update(site_published_at=None)  # an import
    transcript.refresh_from_db()
    quote = make_quote(transcript)
    claim = services.claim_create(quote=quote, text="A claim on it.", by=editor)
    make_verdict(claim, author=editor, sources=[])
    made_for_it = services.claim_event_create(
        claim=claim, title="An event made for it", date="2016", by=editor
    )
    elsewhere = published_claim()  # another interview's claim and events stay
    shared = make_event(title="Dated by both")
    services.mention_add(quote=quote, event=shared)
    services.mention_add(quote=elsewhere.quote, event=shared)
    url = reverse("desk:transcript_discard", args=[transcript.slug])
    page = client.get(reverse("desk:transcript", args=[transcript.slug])).content.decode()
    assert f'href="{url}">Discard this interview</a>' in page
    asked = client.get(url).content.decode()
    assert "1 claim made from it, with 1 draft verdict" in asked
    assert "2 links from its words to events" in asked
    gone = client.post(url)
    assert (gone.status_code, gone["Location"]) == (303, reverse("desk:interviews"))
    assert not Transcript.objects.filter(pk=transcript.pk).exists()
    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Event.objects.filter(pk=made_for_it.event_id).exists()
    assert Event.objects.filter(pk=shared.pk).exists()
    assert Claim.objects.filter(pk=elsewhere.pk).exists()
    discarded = Action.objects.get(verb=Action.Verb.DISCARDED)
    assert discarded.actor == editor and "the interview “Imported twice”" in discarded.note
    made = Action.objects.get(verb=Action.Verb.CLAIM_CREATED, actor=editor)
    assert made.note.startswith("[Imported twice]")
    # Its text may be imported again.
    assert not Transcript.objects.filter(content_hash=transcript.content_hash).exists()


def test_a_published_interview_is_never_discarded(client, editor):
    claim = published_claim()
    transcript = claim.quote.transcript
    url = reverse("desk:transcript_discard", args=[transcript.slug])
    page = client.get(reverse("desk:transcript", args=[transcript.slug])).content.decode()
    assert "Discard this interview" not in page
    assert client.get(url).status_code == 409
    assert client.post(url).status_code == 409
    assert Transcript.objects.filter(pk=transcript.pk).exists()
    with pytest.raises(ValidationError, match="Readers can see this interview"):
        services.transcript_discard(transcript=transcript, by=editor)


def test_an_interview_with_a_verdict_an_approver_is_reviewing_is_not_discarded(client, editor):
    transcript = make_transcript(title="Under review")
    Transcript.objects.filter(pk=transcript.pk).update(site_published_at=None)
    transcript.refresh_from_db()
    claim = make_claim(make_quote(transcript))
    reviewed = make_verdict(claim, status=Verdict.Status.IN_REVIEW)
    url = reverse("desk:transcript_discard", args=[transcript.slug])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 409
        assert (
            "awaits review: take it back (whoever wrote it) or send it back"
            in response.content.decode()
        )
    with pytest.raises(ValidationError, match="awaits review"):
        services.transcript_discard(transcript=transcript, by=editor)
    assert Verdict.objects.filter(pk=reviewed.pk, status=Verdict.Status.IN_REVIEW).exists()
    assert Transcript.objects.filter(pk=transcript.pk).exists()
    assert not Action.objects.filter(verb=Action.Verb.DISCARDED).exists()


def test_an_interview_added_to_in_the_moment_of_its_discard_is_kept_and_said_so(
    client, editor, monkeypatch
):
    transcript = make_transcript(title="Busy")
    Transcript.objects.filter(pk=transcript.pk).update(site_published_at=None)

    def raced(*, transcript, by):
        raise ProtectedError("a quote was added meanwhile", set())

    monkeypatch.setattr(services, "transcript_discard", raced)
    response = client.post(reverse("desk:transcript_discard", args=[transcript.slug]))
    assert response.status_code == 409
    assert "Someone added to this interview meanwhile" in response.content.decode()
    assert Transcript.objects.filter(pk=transcript.pk).exists()


def test_a_published_interviews_desk_page_says_so_and_who_published_it(client, editor):
    approver = make_approver(username="abe")
    transcript = make_transcript(by=editor)  # imported at the desk: it waits
    services.transcript_publish(transcript=transcript, by=approver)
    page = client.get(reverse("desk:transcript", args=[transcript.slug])).content.decode()
    assert '<strong class="desk-status desk-status--published">Published</strong>' in page
    assert f'<a href="{transcript.get_absolute_url()}">this interview</a>' in page
    assert ", published by abe, imported by alice." in page
    assert "Unpublished" not in page
