"""Claims made from transcript words, and the desk's page of a claim."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from factcheck import services
from factcheck.models import Action, Claim, Quote
from factcheck.services import EvidenceItem
from tests.factories import (
    edit_verdict,
    make_approver,
    make_claim,
    make_event,
    make_level,
    make_quote,
    make_source,
    make_transcript,
    make_verdict,
)
from tests.published import published_claim

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def make_claim_from(client, transcript, exact: str, text: str, *, headers=None, **data):
    """Post the desk's claim form: `exact` words of the transcript, the claim in them."""
    url = reverse("desk:claim_create", args=[transcript.slug])
    return client.post(url, {"exact": exact, "text": text, **data}, headers=headers or {})


REPEATED = "And four or five months ago, something else happened."


def test_the_transcript_shows_every_passage_exactly_with_quotes_marked(
    client, editor, django_assert_max_num_queries
):
    quote = make_quote()
    transcript = quote.transcript
    for exact in ["China said it would ignore the award.", REPEATED, "What about the Rose Garden?"]:
        make_claim(make_quote(transcript, exact=exact))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("desk:transcript", args=[transcript.slug]))
    passages = response.context["passages"]
    for item in passages:
        joined = "".join(segment.text for segment in item.segments)
        assert joined == transcript.text[item.passage.start : item.passage.end]
    marked = [s.quote for item in passages for s in item.segments if s.quote]
    assert marked == list(transcript.quotes.order_by("start"))
    assert f'id="quote-{quote.pk}" data-start="{quote.start}"' in response.content.decode()


def test_each_quote_on_the_transcript_leads_to_where_its_events_are_placed(
    client, editor, django_assert_max_num_queries
):
    transcript = make_transcript()
    claimed = make_quote(transcript, exact="China said it would ignore the award.")
    first = make_claim(claimed, text="China said it would ignore the award.")
    make_claim(claimed, text="China rejected the ruling.")
    services.claim_event_link(claim=first, event=make_event(), by=editor)
    unclaimed = make_quote(transcript, exact="What about the Rose Garden?")
    # More quotes and claims must not cost more queries.
    for exact in ["What happened in 2016?", "The Philippines won its case in 2016.", REPEATED]:
        make_claim(make_quote(transcript, exact=exact))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("desk:transcript", args=[transcript.slug])).content.decode()
    place = reverse("desk:claim", args=[first.slug]) + "#desk-chronology"
    assert f'<a href="{place}">Place its events on the chronology</a>' in page
    assert "(1 event linked, shared by its 2 claims)" in page
    make_first = (
        reverse("desk:transcript", args=[transcript.slug]) + f"?quote={unclaimed.pk}#claim-form"
    )
    assert f'make a claim first: <a href="{make_first}">' in page


def test_picking_a_quote_fills_the_claim_form_with_its_words_and_place(client, editor):
    quote = make_quote()
    response = client.get(
        reverse("desk:transcript", args=[quote.transcript.slug]), {"quote": quote.pk}
    )
    assert response.context["form"].initial == {"exact": quote.exact, "hint": quote.start}


def test_picking_a_quote_of_another_interview_is_refused(client, editor):
    elsewhere = make_quote()
    transcript = make_transcript()
    response = client.get(
        reverse("desk:transcript", args=[transcript.slug]), {"quote": elsewhere.pk}
    )
    assert response.status_code == 400


def test_selected_words_repeated_in_the_interview_are_anchored_where_they_were_selected(
    client, editor
):
    text = "Intro.\nQ: What happened?\nA: " + REPEATED + "\nWhy?\n" + REPEATED
    transcript = make_transcript(text=text)
    second = text.rindex(REPEATED)
    response = make_claim_from(
        client, transcript, REPEATED, "Something happened in early 2024.", hint=str(second)
    )
    claim = Claim.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:claim", args=[claim.slug])
    assert (claim.quote.start, claim.quote.exact, claim.created_by) == (second, REPEATED, editor)
    assert claim.actions.get().verb == Action.Verb.CLAIM_CREATED


@pytest.mark.parametrize("hint", ["-5", "abc", "9" * 30])
def test_a_selections_place_that_is_not_one_is_no_hint_not_a_silent_refusal(client, editor, hint):
    transcript = make_transcript()
    words = "The Philippines won its case in 2016."
    response = make_claim_from(client, transcript, words, "The Philippines won.", hint=hint)
    assert response.status_code == 303  # the words found as if pasted
    assert Claim.objects.get().quote.exact == words


def test_words_with_the_invisible_marks_a_pasted_transcript_keeps_can_be_claimed(client, editor):
    words = "The Philippines\u200b won its case\u200f in 2016."
    transcript = make_transcript(text="Intro.\nQ: What happened?\nA: " + words)
    response = make_claim_from(client, transcript, words, "The Philippines won.")
    assert response.status_code == 303
    assert Claim.objects.get().quote.exact == words
    # Not an override, which would show the words otherwise than they are.
    refused = make_claim_from(client, transcript, "\u202e" + words, "The Philippines won.")
    assert refused.status_code == 422


def test_pasted_words_that_occur_twice_are_refused_with_a_message(client, editor):
    text = "Intro.\nQ: What happened?\nA: " + REPEATED + "\nWhy?\n" + REPEATED
    transcript = make_transcript(text=text)
    response = make_claim_from(client, transcript, REPEATED, "Something happened.")
    assert response.status_code == 422
    assert "occurs 2 times" in str(response.context["form"].errors["exact"])
    assert not Claim.objects.exists()
    assert not Quote.objects.exists()


def test_words_not_in_the_transcript_are_refused_beside_the_field_in_the_fragment(client, editor):
    response = make_claim_from(
        client, make_transcript(), "We landed on Mars.", "They landed on Mars.", headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html and 'id="claim-form"' in html
    assert "are not in the transcript" in html
    assert not Quote.objects.exists()


def test_words_pasted_as_a_pdf_copies_them_make_a_quote_of_the_transcripts_own(client, editor):
    transcript = make_transcript()
    pasted = "The Philippines  won its case\nin 2016. China said it would ignore the award."
    response = make_claim_from(client, transcript, pasted, "The Philippines won in 2016.")
    assert response.status_code == 303
    quote = Quote.objects.get()
    assert (
        quote.exact == "The Philippines won its case in 2016. China said it would ignore the award."
    )
    assert transcript.text[quote.start : quote.end] == quote.exact


def test_words_not_in_the_transcript_and_a_slip_of_a_claim_are_both_said_at_once(client, editor):
    response = make_claim_from(client, make_transcript(), "We landed on Mars.", "Mayor")
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "are not in the transcript" in str(errors["exact"])
    assert "Write the claim as a statement" in str(errors["text"])


@pytest.mark.parametrize("text", ["x", "!!!", "Mayor", "  Mayor.  "])
def test_a_claim_of_a_word_or_none_is_refused_as_a_slip(client, editor, text):
    words = "China said it would ignore the award."
    response = make_claim_from(client, make_transcript(), words, text)
    assert response.status_code == 422
    assert "a statement a reader could check" in str(response.context["form"].errors["text"])
    assert not Claim.objects.exists() and not Quote.objects.exists()


def test_a_claim_made_with_htmx_opens_its_desk_page(client, editor):
    words = "China said it would ignore the award."
    response = make_claim_from(client, make_transcript(), words, "China rejected it.", headers=HTMX)
    claim = Claim.objects.get()
    assert response["HX-Redirect"] == reverse("desk:claim", args=[claim.slug])


def test_the_claim_page_shows_verdicts_history_and_who_did_what_in_bounded_queries(
    client, editor, django_assert_max_num_queries
):
    approver = make_approver(username="bea")
    claim = make_claim()
    sources = [make_source(title=f"Source {n}") for n in range(5)]
    verdict = services.verdict_draft(
        claim=claim,
        level=make_level(),
        rationale="First finding.",
        as_of=datetime.date(2024, 6, 1),
        evidence=[EvidenceItem(source=s, stance="supports") for s in sources],
        by=editor,
    )
    verdict = services.verdict_submit(verdict=verdict, version=1, by=editor)
    verdict = services.verdict_publish(verdict=verdict, by=approver)
    for round_ in range(4):
        revision = services.verdict_correct(verdict=verdict, note=f"Round {round_}.", by=editor)
        revision = edit_verdict(revision, editor, rationale=f"Finding {round_}.", submit=True)
        verdict = services.verdict_publish(
            verdict=revision, by=approver, correction_kind="update", correction_note="Updated."
        )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("desk:claim", args=[claim.slug]))
    html = response.content.decode()
    assert len(response.context["verdicts"]) == 5
    assert html.count("Updated.") >= 4
    assert "bea</strong> published" in html
    assert 'alice</strong> drafted a verdict: <span class="desk-note">Round 3.</span>' in html


def test_the_claim_page_shows_a_verdicts_sources_as_readers_see_them(client, editor):
    source = make_source(
        title="The award", url="https://pca.example/7", archived_url="https://archive.example/7"
    )
    verdict = make_verdict(author=editor, sources=[source])
    html = client.get(reverse("desk:claim", args=[verdict.claim.slug])).content.decode()
    assert '<p class="source__title"><a href="https://pca.example/7" rel="noopener">' in html
    assert '<a href="https://archive.example/7" rel="noopener">archived copy</a>' in html


def test_a_public_claims_desk_page_leads_to_the_page_readers_see(client, editor):
    public = published_claim()
    draft = make_verdict(author=editor).claim
    page = client.get(reverse("desk:claim", args=[public.slug])).content.decode()
    assert f'<a href="{public.get_absolute_url()}">the claim as readers see it</a>' in page
    page = client.get(reverse("desk:claim", args=[draft.slug])).content.decode()
    assert "as readers see it" not in page  # no public page yet


def test_a_claim_whose_slug_others_keep_taking_is_a_409_that_keeps_the_form(
    client, editor, monkeypatch
):
    """Between choosing a free slug and saving it, another editor saved a claim with it, on
    every attempt: the editor is told to save again, with their words still in the form."""
    transcript = make_transcript()
    taken = make_claim(make_quote(transcript), slug="the-philippines-won")
    monkeypatch.setattr(services, "unique_slug", lambda *args, **kwargs: taken.slug)
    response = make_claim_from(
        client, transcript, "The Philippines won its case in 2016.", "The Philippines won."
    )
    assert response.status_code == 409
    assert "at the same moment; save again." in response.text
    assert "The Philippines won.</textarea>" in response.text
    assert list(Claim.objects.all()) == [taken]
    assert not Action.objects.exists()


def test_a_claim_import_with_a_slug_already_taken_is_refused_beside_the_slug():
    quote = make_quote()
    make_claim(quote, slug="taken")
    with pytest.raises(ValidationError) as refused:
        services.claim_import(quote=quote, text="Another claim.", slug="taken")
    assert "slug" in refused.value.error_dict


def test_the_same_claim_sent_twice_from_the_same_words_is_made_once(client, editor):
    # A double click on "Create the claim" sends the form twice.
    transcript = make_quote().transcript
    words, text = "China said it would ignore the award.", "China said it would ignore the award."
    first = make_claim_from(client, transcript, words, text)
    second = make_claim_from(client, transcript, words, f" {text} ")
    # The second answer, the one the browser shows, leads to the claim the first made.
    assert first.status_code == 303 and second.status_code == 303
    assert second["Location"] == first["Location"]
    assert "made from these words already: here it is" in client.get(second["Location"]).text
    again = make_claim_from(client, transcript, words, text, headers={"HX-Request": "true"})
    assert again["HX-Redirect"] == first["Location"]
    assert Claim.objects.filter(text=text).count() == 1
    assert Action.objects.filter(verb=Action.Verb.CLAIM_CREATED).count() == 1
    # Another claim from the same words is made as ever.
    other = make_claim_from(client, transcript, words, "China will ignore the tribunal's award.")
    assert other.status_code == 303 and Claim.objects.count() == 2
