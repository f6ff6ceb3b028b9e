"""A claim made in error (a slip, a duplicate) is discarded while no reader has seen it;
one readers have seen stays, with its history."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Action, Claim, Evidence, Quote, Verdict
from tests.factories import make_claim, make_event, make_quote, make_transcript, make_verdict
from tests.published import published_claim, withdraw

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
    assert discarded.note == "“x” (1 draft verdict)"
    assert "Discarded the claim “x”." in client.get(gone["Location"]).content.decode()


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


@pytest.mark.parametrize("state", ["published", "withdrawn", "in_review"])
def test_a_claim_readers_have_seen_or_an_approver_is_reviewing_stays(client, editor, state):
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
        said = response.content.decode()
        assert "withdraw the verdict" in said or "send it back before discarding" in said
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
