"""Keyset pagination and the sentence rule the rationale is held to."""

import pytest

from factcheck.anchoring import sentences
from factcheck.keyset import BadCursor, keyset_page, parse_after
from factcheck.models import Source
from tests.factories import make_source


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "9" * 19])
def test_a_cursor_that_is_not_a_row_number_is_refused(raw):
    with pytest.raises(BadCursor):
        parse_after(raw)


def test_no_cursor_means_the_first_page():
    assert parse_after(None) is None
    assert parse_after("") is None


@pytest.mark.django_db
def test_pages_follow_a_mixed_ordering_with_ties_without_gaps_or_repeats():
    for title in ["b", "a", "b", "c", "a", "b"]:
        make_source(title=title)
    expected = list(Source.objects.order_by("-title", "pk").values_list("pk", flat=True))
    seen, after = [], None
    while True:
        page = keyset_page(Source.objects.all(), ordering=("-title", "pk"), after=after, size=2)
        seen += [source.pk for source in page.items]
        if not page.has_next:
            break
        after = page.next_after
    assert seen == expected


@pytest.mark.django_db
def test_an_ordering_without_the_primary_key_last_is_a_programming_error():
    with pytest.raises(ValueError, match="primary key"):
        keyset_page(Source.objects.all(), ordering=("title",), after=None, size=2)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The award came in 2016.", 1),
        ("The U.S. Navy confirmed it. Dr. Smith agreed.", 2),
        ("It happened. It was 2016. China said no.", 3),
        ("George W. Bush said so in 2008.", 1),
    ],
)
def test_sentences_follow_the_quote_context_rules(text, count):
    assert len(sentences(text)) == count
