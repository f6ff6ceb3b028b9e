"""A quote shown among the words around it, as the transcript has them."""

import pytest
from django.template import Context, Template

from tests.factories import make_quote, make_transcript

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
