"""Cutting a passage around its quotes: pure, so tested without a database."""

from dataclasses import dataclass
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from factcheck.passages import cut

TEXT = "Q: What happened?\nA: The Philippines won its case in 2016. China said no."


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def span_of(words: str) -> Span:
    start = TEXT.index(words)
    return Span(start, start + len(words))


ANSWER = span_of("The Philippines won its case in 2016. China said no.")


def test_quotes_are_cut_out_in_order_between_plain_words():
    won, china = span_of("won its case"), span_of("China said")
    segments = cut(TEXT, ANSWER.start, ANSWER.end, [china, won])
    assert [(s.text, s.quote) for s in segments] == [
        ("The Philippines ", None),
        ("won its case", won),
        (" in 2016. ", None),
        ("China said", china),
        (" no.", None),
    ]


def test_a_quote_overlapping_one_marked_before_it_is_left_unmarked():
    longer, inside = span_of("won its case in 2016"), span_of("its case")
    segments = cut(TEXT, ANSWER.start, ANSWER.end, [inside, longer])
    assert [s.quote for s in segments if s.quote] == [longer]


def test_a_quote_of_another_passage_is_left_out():
    question = span_of("What happened?")
    segments = cut(TEXT, ANSWER.start, ANSWER.end, [question])
    assert [(s.text, s.quote) for s in segments] == [(TEXT[ANSWER.start : ANSWER.end], None)]


@st.composite
def passages_with_quotes(draw):
    text = draw(st.text(min_size=1, max_size=80))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    offsets = st.integers(0, len(text))
    quotes = draw(st.lists(st.tuples(offsets, offsets).map(lambda pair: Span(*pair)), max_size=8))
    return text, start, end, quotes


@given(passages_with_quotes())
def test_the_segments_join_back_to_exactly_the_passage_text(case):
    text, start, end, quotes = case
    segments = cut(text, start, end, quotes)
    assert "".join(segment.text for segment in segments) == text[start:end]
    assert all(segment.text for segment in segments)
    marked = [segment.quote for segment in segments if segment.quote]
    for segment in segments:
        if segment.quote:
            assert segment.text == text[segment.quote.start : segment.quote.end]
    assert all(a.end <= b.start for a, b in pairwise(marked))
