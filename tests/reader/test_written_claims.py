"""A claim whose words were written, not said: an editor's note, an introduction. Readers
are told who wrote them and where, never that someone said them."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Claim, Verdict
from tests.factories import make_claim, make_level, make_quote, make_source, make_verdict
from tests.published import published_claim

pytestmark = pytest.mark.django_db


def published_note_claim() -> Claim:
    """A claim on words of the editor's note the factories' transcript ends with, quoted as
    the interviewer's, as the loader stores a note its author wrote."""
    answered = published_claim()  # the same interview, with a claim on an answer
    transcript = answered.quote.transcript
    note = re.search(r"Editor's note: recording \d+\.", transcript.text).group()
    quote = make_quote(transcript, exact=note, speaker=transcript.interviewer)
    claim = make_claim(quote, text="The interview was recorded.")
    make_verdict(
        claim,
        status=Verdict.Status.PUBLISHED,
        level=make_level("Accurate"),
        sources=[make_source()],
        published_at=timezone.now(),
    )
    return claim


def test_a_claim_from_an_editors_note_says_who_wrote_it_and_where(client):
    claim = published_note_claim()
    interviewer = claim.quote.transcript.interviewer.name
    page = client.get(claim.get_absolute_url()).content.decode()
    assert (
        "</a></strong>, the interviewer, in an editor’s note, in" in page
        and f">{interviewer}</a></strong>, the interviewer" in page
    )
    assert "Claim made by" not in page


def test_a_claim_from_an_answer_is_still_the_speakers(client):
    claim = published_claim()
    page = client.get(claim.get_absolute_url()).content.decode()
    speaker = claim.quote.speaker
    assert (
        f'Claim made by <strong><a href="{speaker.get_absolute_url()}">{speaker.name}</a>' in page
    )
    assert "Written by" not in page


def test_the_claims_list_tells_the_written_claim_from_the_spoken_one(
    client, django_assert_max_num_queries
):
    note_claim = published_note_claim()
    spoken = Claim.objects.exclude(pk=note_claim.pk).get()
    interviewer = note_claim.quote.transcript.interviewer.name
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reader:claim_list")).content.decode()
    assert f"Written by {interviewer}, the interviewer, in an editor’s note, in" in page
    assert f"Claim made by {spoken.quote.speaker.name} in" in page


def test_the_bundled_second_thomas_shoal_claim_is_bob_daviss_note(client):
    call_command("load_interview", stdout=io.StringIO())
    page = client.get(
        reverse("reader:claim_detail", args=["second-thomas-shoal-ship-grounded-1999"])
    ).content.decode()
    assert ">Bob Davis</a></strong>, the interviewer, in an editor’s note" in page
    assert "Claim made by" not in page
