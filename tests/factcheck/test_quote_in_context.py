"""A quote shown among the words around it, as the transcript has them."""

import io

import pytest
from django.core.management import call_command
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from factcheck import services
from factcheck.models import CONTEXT_MOST, SURROUNDINGS, Mention, Quote, _first_words, _last_words
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


def test_context_longer_than_a_few_sentences_is_cut_at_a_word_and_says_so():
    # A transcript without punctuation, as automatic captions are: a paragraph is one
    # "sentence", and the context shown stops some sixty words either side.
    run_on = " ".join(f"word{n}" for n in range(SURROUNDINGS // 3))
    text = f"Q: Why?\nEMANUEL: {run_on} I voted for it {run_on}\nQ: Next?"
    whole = make_quote(make_transcript(text=text), exact="I voted for it")
    before, after = whole.context()
    assert before.startswith("… word") and before.endswith(f"word{SURROUNDINGS // 3 - 1}")
    assert after.startswith("word0 word1") and after.endswith(" …")
    assert CONTEXT_MOST - 10 < len(before) <= CONTEXT_MOST + 2
    assert CONTEXT_MOST - 10 < len(after) <= CONTEXT_MOST + 2
    assert "EMANUEL" not in before
    assert all(word.startswith("word") for word in before[2:].split() + after[:-2].split())
    # Read from its surroundings alone, it is the same.
    assert surrounded(whole).context() == (before, after)


@pytest.mark.parametrize("gap", [-1, 0, 1, 7])
def test_a_paragraph_starting_about_where_the_reading_starts_is_read_as_the_whole_text_is(gap):
    # The quote's paragraph starts `gap` characters before the text read around it begins
    # (-1: the line break is read too; 0: exactly there; more: the label is cut).
    said = "EMANUEL: Ye" + "s" * (SURROUNDINGS + gap - 24) + ". I said so. I voted for it. Done."
    assert said.index("I voted") == SURROUNDINGS + gap
    quote = make_quote(make_transcript(text=f"Q: Why?\n{said}\nQ: And?"), exact="I voted for it.")
    assert surrounded(quote).context() == quote.context() == ("I said so.", "Done.")


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=40, max_size=150))
def test_context_cut_short_keeps_every_whole_word_that_fits(words):
    text = " ".join(words)
    if len(text) <= CONTEXT_MOST:
        assert _last_words(text) == text and _first_words(text) == text
        return
    # The most whole words from the end (or the start) that fit, and nothing cut in two.
    tail = next(
        " ".join(words[n:]) for n in range(len(words)) if len(" ".join(words[n:])) <= CONTEXT_MOST
    )
    head = next(
        " ".join(words[:n])
        for n in range(len(words), 0, -1)
        if len(" ".join(words[:n])) <= CONTEXT_MOST
    )
    assert _last_words(text) == f"… {tail}"
    assert _first_words(text) == f"{head} …"
