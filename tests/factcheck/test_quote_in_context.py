"""A quote shown among the words around it, as the transcript has them."""

import io

import pytest
from django.core.management import call_command
from django.template import Context, Template

from factcheck import services
from factcheck.models import SURROUNDINGS, Mention, Quote
from tests.factories import make_event, make_quote, make_transcript

pytestmark = pytest.mark.django_db


def rendered(quote) -> str:
    template = Template("{% load evidence %}{% quote_in_context quote %}")
    return template.render(Context({"quote": quote}))


def test_no_space_is_added_between_the_words_and_the_punctuation_after_them():
    transcript = make_transcript(
        text="Q: And the plant?\nA: I voted to extend the life of the plant. It still runs."
    )
    quote = make_quote(transcript, exact="I voted to extend the life of the plant")
    html = rendered(quote)
    assert '</mark><span class="quote__context">. It still runs.</span>' in html


def test_the_spaces_the_transcript_has_are_kept_on_both_sides():
    transcript = make_transcript(
        text="Q: And the plant?\nA: I voted for it. It still runs today. We are proud."
    )
    html = rendered(make_quote(transcript, exact="It still runs today."))
    assert '<span class="quote__context">I voted for it.</span> <mark' in html
    assert '</mark> <span class="quote__context">We are proud.</span>' in html


def surrounded(quote):
    """The quote as an event's page reads it: with the text around it cut in the query
    (Mention.objects.with_surroundings), not its interview's whole text."""
    services.mention_add(quote=quote, event=make_event())
    return Mention.objects.filter(quote=quote).with_surroundings().get().quote


def test_every_quote_of_the_interview_has_the_same_context_from_its_surroundings():
    call_command("load_interview", stdout=io.StringIO())
    mentions = Mention.objects.with_surroundings().order_by("quote__start").distinct()
    quotes = {mention.quote.pk: mention.quote for mention in mentions}
    assert len(quotes) > 50
    for quote in quotes.values():
        whole = Quote.objects.get(pk=quote.pk)
        assert quote.surroundings().text != whole.transcript.text
        assert rendered(quote) == rendered(whole)


def test_a_paragraph_longer_than_what_is_read_around_a_quote_is_cut_and_says_so():
    long_sentence = "word " * (SURROUNDINGS // 5) + "ends here."
    text = f"Q: Why?\nA: {long_sentence} I voted for it. {long_sentence}\nQ: Next?"
    quote = surrounded(make_quote(make_transcript(text=text), exact="I voted for it."))
    before, after = quote.context()
    assert before.startswith("… word word") and before.endswith("word ends here.")
    assert after.startswith("word word") and after.endswith("word word …")
    assert len(before) < SURROUNDINGS + 10 and len(after) < SURROUNDINGS + 10
    html = rendered(quote)
    assert 'ends here.</span> <mark class="quote__words">I voted for it.</mark> <span' in html


def test_a_paragraph_read_whole_around_a_quote_is_not_marked_as_cut():
    text = "Q: Why?\nA: " + "Filler. " * SURROUNDINGS + "\nA: I said so. I voted for it. Done."
    quote = surrounded(make_quote(make_transcript(text=text), exact="I voted for it."))
    assert quote.surroundings().offset > 0  # the text read begins well before the paragraph
    assert quote.context() == ("I said so.", "Done.")
