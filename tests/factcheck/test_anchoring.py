import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from factcheck.anchoring import (
    CONTEXT_LENGTH,
    AmbiguousQuote,
    Anchor,
    AnchorError,
    AnchorStatus,
    QuoteNotFound,
    anchor,
    context,
    describe,
    reanchor,
    reanchor_all,
    sentences,
)

SEED = Path(__file__).resolve().parents[2] / "factcheck" / "seed" / "emanuel_2024.txt"

REPEATED = (
    "You cannot have a relationship based on trust if stealing and cheating is the modus "
    "operandi. And it’s unfortunate because China has a lot to offer the international community."
)
CALLING_CARD = "Pugnaciousness — and political smarts — have long been Emanuel’s calling card."


@pytest.fixture(scope="module")
def transcript() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def copies(transcript: str) -> tuple[Anchor, Anchor]:
    """The two occurrences of the repeated paragraph, as an editor would select them."""
    first = transcript.index(REPEATED)
    second = transcript.index(REPEATED, first + 1)
    return (
        describe(transcript, first, first + len(REPEATED)),
        describe(transcript, second, second + len(REPEATED)),
    )


def quote_in(text: str, exact: str) -> Anchor:
    start = text.index(exact)
    return describe(text, start, start + len(exact))


# describe()


def test_describe_takes_context_length_code_points_either_side() -> None:
    text = "x" * 40 + "quote" + "y" * 40
    a = describe(text, 40, 45)
    assert (a.exact, a.prefix, a.suffix) == ("quote", "x" * CONTEXT_LENGTH, "y" * CONTEXT_LENGTH)


def test_describe_shortens_context_at_the_edges_of_the_text() -> None:
    a = describe("ab quote cd", 3, 8, context=10)
    assert (a.prefix, a.exact, a.suffix) == ("ab ", "quote", " cd")


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 3), (4, 2), (0, 99)])
def test_describe_rejects_a_span_outside_the_text_or_empty(start: int, end: int) -> None:
    with pytest.raises(AnchorError, match="select at least one character"):
        describe("some text", start, end)


def test_describe_rejects_a_whitespace_only_span() -> None:
    with pytest.raises(AnchorError, match="only whitespace"):
        describe("a \n\u3000 b", 1, 4)


def test_describe_counts_offsets_in_code_points() -> None:
    text = "👍 café’s “quote”"
    a = describe(text, 2, 8)
    assert a.exact == "café’s"
    assert (a.start, a.end) == (2, 8)


# anchor()


def test_anchor_finds_a_unique_quote_without_context(transcript: str) -> None:
    a = anchor(transcript, CALLING_CARD)
    assert transcript[a.start : a.end] == CALLING_CARD


def test_anchor_returns_fresh_context_from_the_text(transcript: str) -> None:
    a = anchor(transcript, CALLING_CARD, prefix="stale", suffix="stale")
    assert transcript[: a.start].endswith(a.prefix)
    assert transcript[a.end :].startswith(a.suffix)
    assert len(a.prefix) == len(a.suffix) == CONTEXT_LENGTH


def test_curly_apostrophes_survive_byte_for_byte(transcript: str) -> None:
    a = anchor(transcript, CALLING_CARD)
    assert "\u2019" in a.exact and "\u2014" in a.exact
    assert a.exact.encode("utf-8") == transcript[a.start : a.end].encode("utf-8")
    assert a.exact.encode("utf-8") == CALLING_CARD.encode("utf-8")


def test_the_repeated_paragraph_without_prefix_is_ambiguous(transcript: str) -> None:
    with pytest.raises(AmbiguousQuote, match="occurs 2 times") as raised:
        anchor(transcript, REPEATED)
    assert raised.value.count == 2


def test_the_prefix_of_the_first_copy_picks_the_first_copy(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    first, _ = copies
    a = anchor(transcript, REPEATED, prefix=first.prefix)
    assert (a.start, a.end) == (first.start, first.end)


def test_the_prefix_of_the_second_copy_picks_the_second_copy(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    _, second = copies
    a = anchor(transcript, REPEATED, prefix=second.prefix)
    assert (a.start, a.end) == (second.start, second.end)
    assert a.exact.encode("utf-8") == transcript[a.start : a.end].encode("utf-8")


def test_the_suffix_alone_can_pick_a_copy(transcript: str, copies: tuple[Anchor, Anchor]) -> None:
    _, second = copies
    assert anchor(transcript, REPEATED, suffix=second.suffix).start == second.start


def test_a_partly_matching_prefix_beats_a_non_matching_one() -> None:
    text = "red: quote. blue: quote."
    assert anchor(text, "quote", prefix="dark blue: ").start == 18


def test_the_hint_breaks_a_tie_between_equally_good_contexts() -> None:
    text = "quote, quote, quote"
    assert anchor(text, "quote", hint=6).start == 7


def test_a_hint_halfway_between_two_copies_is_ambiguous() -> None:
    with pytest.raises(AmbiguousQuote, match="occurs 2 times"):
        anchor("quote.quote", "q", hint=3)


def test_a_missing_quote_raises_with_its_first_sixty_characters() -> None:
    missing = "This sentence was never said in the interview, not even once, not at all."
    with pytest.raises(QuoteNotFound, match=re.escape(f"“{missing[:60]}…”")):
        anchor("Some transcript.", missing)


@pytest.mark.parametrize(
    ("text", "pasted", "found"),
    [
        # As a published page prints it, and as the transcript has it; and the reverse.
        ("He said: That's nonsense. Then left.", "That’s nonsense.", "That's nonsense."),
        ("He said: “Not so,” and left.", '"Not so,"', "“Not so,”"),
        ("The 2015–2016 talks failed.", "2015-2016 talks", "2015–2016 talks"),
        # Spaces doubled, or a line broken, as a PDF copies them.
        ("They held two meetings.", "They  held\n two meetings.", "They held two meetings."),
    ],
)
def test_words_pasted_with_other_typography_are_found_as_the_transcript_has_them(
    text: str, pasted: str, found: str
) -> None:
    quote = anchor(text, pasted, alike=True)
    assert quote.exact == found == text[quote.start : quote.end]
    with pytest.raises(QuoteNotFound):
        anchor(text, pasted)  # words given as they must be found


def test_words_alike_but_for_typography_are_not_found_across_paragraphs() -> None:
    with pytest.raises(QuoteNotFound):
        anchor("They held\ntwo meetings.", "They held two meetings.", alike=True)


def test_the_same_words_are_found_before_words_alike_and_alike_twice_is_ambiguous() -> None:
    assert anchor("It’s late. It's late.", "It's late", alike=True).start == 11
    with pytest.raises(AmbiguousQuote, match="occurs 2 times"):
        anchor("It’s late. It's late.", "It‘s  late", alike=True)


@pytest.mark.parametrize(
    ("said", "corrected"),
    [("That's nonsense.", "That’s nonsense."), ("They  held two", "They held two")],
)
def test_a_quote_whose_words_changed_only_in_typography_is_orphaned_not_moved(
    said: str, corrected: str
) -> None:
    """Re-anchored, its stored words would no longer be the text's: an editor looks."""
    quote = anchor(f"He said: {said} Then left.", said)
    result = reanchor(f"He said: {corrected} Then left.", quote)
    assert result.status is AnchorStatus.ORPHANED


def test_an_empty_quote_is_refused() -> None:
    with pytest.raises(AnchorError, match="empty"):
        anchor("text", "")


def test_errors_are_value_errors() -> None:
    assert issubclass(QuoteNotFound, AnchorError)
    assert issubclass(AmbiguousQuote, AnchorError)
    assert issubclass(AnchorError, ValueError)


def test_overlapping_occurrences_are_all_candidates() -> None:
    with pytest.raises(AmbiguousQuote, match="occurs 3 times"):
        anchor("aaaa", "aa")


# reanchor()


def test_an_insertion_before_a_quote_moves_it_by_the_insertion_length(transcript: str) -> None:
    quote = quote_in(transcript, CALLING_CARD)
    note = "[Transcript lightly edited for clarity.]\n"
    result = reanchor(note + transcript, quote)
    assert result.status is AnchorStatus.MOVED
    assert result.anchor is not None
    assert (result.anchor.start, result.anchor.end) == (
        quote.start + len(note),
        quote.end + len(note),
    )


def test_an_edit_after_a_quote_leaves_it_anchored(transcript: str) -> None:
    quote = quote_in(transcript, CALLING_CARD)
    edited = transcript.replace("Illinois Congressman", "Illinois congressman")
    assert edited != transcript
    result = reanchor(edited, quote)
    assert result.status is AnchorStatus.ANCHORED
    assert result.anchor == quote


def test_an_edit_inside_a_quote_orphans_it(transcript: str) -> None:
    quote = quote_in(transcript, CALLING_CARD)
    edited = transcript.replace("Pugnaciousness", "Pugnacity")
    result = reanchor(edited, quote)
    assert result.status is AnchorStatus.ORPHANED
    assert result.anchor is None
    assert result.previous == quote


def test_deleting_the_first_copy_moves_a_quote_of_the_second_copy_back(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    first, second = copies
    deleted = len(REPEATED) + 1  # the paragraph and its newline
    edited = transcript[: first.start] + transcript[first.end + 1 :]
    result = reanchor(edited, second)
    assert result.status is AnchorStatus.MOVED
    assert result.anchor is not None
    assert result.anchor.start == second.start - deleted
    assert result.anchor.prefix == second.prefix


def test_deleting_the_second_copy_leaves_a_quote_of_the_first_copy_anchored(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    first, second = copies
    edited = transcript[: second.start] + transcript[second.end + 1 :]
    assert reanchor(edited, first).status is AnchorStatus.ANCHORED


def test_a_quote_of_a_deleted_copy_is_reported_moved_to_the_surviving_copy(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    first, second = copies
    edited = transcript[: second.start] + transcript[second.end + 1 :]
    result = reanchor(edited, second)
    assert result.status is AnchorStatus.MOVED
    assert result.anchor is not None
    assert result.anchor.start == first.start


def test_both_copies_keep_to_their_own_paragraph_after_an_insertion(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    note = "Editor’s note.\n"
    results = reanchor_all(note + transcript, copies)
    assert [r.status for r in results] == [AnchorStatus.MOVED, AnchorStatus.MOVED]
    assert [r.anchor.start for r in results if r.anchor] == [c.start + len(note) for c in copies]


def test_the_other_copy_landing_on_the_old_offsets_is_not_taken_for_the_quote(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    first, second = copies
    shift = second.start - first.start
    # A note inserted at the top slides the first copy exactly onto the second's old offsets.
    edited = "·" * (shift - 1) + "\n" + transcript
    assert edited[second.start : second.end] == REPEATED
    result = reanchor(edited, second)
    assert result.status is AnchorStatus.MOVED
    assert result.anchor is not None
    assert result.anchor.start == second.start + shift
    assert result.anchor.prefix == second.prefix


def test_a_quote_that_can_no_longer_be_told_apart_is_orphaned() -> None:
    # Both copies follow ": " equally well and lie 4 code points either side of the old start.
    previous = Anchor(exact="Yes.", prefix="Q: ", suffix="", start=7, end=11)
    result = reanchor("A: Yes.\nB: Yes.", previous)
    assert result.status is AnchorStatus.ORPHANED
    assert result.anchor is None


def test_an_invalid_stored_anchor_is_orphaned_rather_than_raising() -> None:
    previous = Anchor(exact="", prefix="", suffix="", start=0, end=0)
    assert reanchor("text", previous).status is AnchorStatus.ORPHANED


def test_reanchor_all_keeps_the_order_of_the_quotes(transcript: str) -> None:
    quotes = [quote_in(transcript, CALLING_CARD), quote_in(transcript, "Xi-nomics")]
    results = reanchor_all(transcript, reversed(quotes))
    assert [r.previous for r in results] == quotes[::-1]
    assert {r.status for r in results} == {AnchorStatus.ANCHORED}


def test_statuses_are_plain_strings() -> None:
    assert AnchorStatus.ORPHANED == "orphaned"


# context()


def test_context_does_not_split_on_us(transcript: str) -> None:
    quote = "This interview is part of Rules of Engagement"
    start = transcript.index(quote)
    before, _ = context(transcript, start, start + len(quote))
    assert before == (
        "As ambassador, he has helped elevate the role of Japan in Washington policy circles "
        "and promoted the U.S. as a spirited ally in Asia."
    )


def test_context_of_a_quote_starting_after_us_includes_its_sentence_start(
    transcript: str,
) -> None:
    start = transcript.index("has made it part of his mission")
    end = transcript.index("Communist Party.", start) + len("Communist Party.")
    before, _ = context(transcript, start, end)
    assert before == (
        "Rahm Emanuel is America’s version of a wolf-warrior. The U.S. ambassador to Japan"
    )


def test_context_does_not_split_on_initials() -> None:
    text = "He met George W. Bush in 2001. They talked. Then they left."
    start = text.index("They")
    before, after = context(text, start, start + len("They talked."))
    assert (before, after) == ("He met George W. Bush in 2001.", "Then they left.")


def test_context_does_not_split_on_titles_or_months() -> None:
    text = "It rained. Dr. Li and Mrs. Ng met on Jan. 5 at St. Paul’s. Nobody came. End."
    start = text.index("Nobody")
    before, after = context(text, start, start + len("Nobody came."))
    assert before == "Dr. Li and Mrs. Ng met on Jan. 5 at St. Paul’s."
    assert after == "End."


def test_context_keeps_closing_quotes_with_their_sentence() -> None:
    text = "He said, “We better wake up.” That was all. Really?"
    start = text.index("That")
    assert context(text, start, start + len("That was all.")) == (
        "He said, “We better wake up.”",
        "Really?",
    )


def test_context_includes_the_rest_of_a_quote_that_starts_mid_sentence() -> None:
    text = "One. Two three four. Five."
    start = text.index("three")
    assert context(text, start, start + len("three")) == ("One. Two", "four. Five.")


def test_context_stops_at_the_paragraph_boundary(
    transcript: str, copies: tuple[Anchor, Anchor]
) -> None:
    _, second = copies
    before, after = context(transcript, second.start, second.end)
    assert (before, after) == ("", "")


def test_context_can_take_several_sentences() -> None:
    text = "A one. B two. C three. Quote here. D four. E five. F six."
    start = text.index("Quote")
    before, after = context(text, start, start + len("Quote here."), sentences=2)
    assert (before, after) == ("B two. C three.", "D four. E five.")


def test_context_returns_the_whole_paragraph_when_it_has_fewer_sentences() -> None:
    text = "First line.\nOnly one. Quote. Last.\nNext line."
    start = text.index("Quote")
    assert context(text, start, start + 6, sentences=5) == ("Only one.", "Last.")


def test_context_treats_question_and_exclamation_marks_as_sentence_ends() -> None:
    text = "Why? Because! Quote. Fine?! Done."
    start = text.index("Quote")
    assert context(text, start, start + 6) == ("Because!", "Fine?!")


def test_context_does_not_split_before_a_lower_case_word() -> None:
    text = "It cost approx. five dollars each. Quote."
    start = text.index("Quote")
    assert context(text, start, start + 6)[0] == "It cost approx. five dollars each."


def test_context_splits_after_the_pronoun_i() -> None:
    text = "Nor did I. Quote. After."
    start = text.index("Quote")
    assert context(text, start, start + 6) == ("Nor did I.", "After.")


def test_context_asks_for_at_least_one_sentence() -> None:
    with pytest.raises(AnchorError, match="at least one sentence"):
        context("One. Two.", 0, 4, sentences=0)


def test_context_rejects_a_span_outside_the_text() -> None:
    with pytest.raises(AnchorError, match="not within"):
        context("One. Two.", 5, 50)


# Properties

SPECIAL = list("ab .?!\n’‘“”—\u0301é👍🏽\u200d\u3000\t")
texts = st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(), max_size=80)


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts.filter(lambda t: len(t) > 0))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@given(text_and_span())
def test_describe_then_anchor_finds_the_same_span(case: tuple[str, int, int]) -> None:
    text, start, end = case
    assume(text[start:end].strip())
    d = describe(text, start, end)
    a = anchor(text, d.exact, prefix=d.prefix, suffix=d.suffix, hint=d.start)
    assert a == d


@given(text_and_span(), st.integers(0, 40), st.integers() | st.none())
def test_an_anchor_always_slices_its_exact_text(
    case: tuple[str, int, int], length: int, hint: int | None
) -> None:
    text, start, end = case
    exact = text[start:end]
    try:
        a = anchor(text, exact, prefix=text[max(0, start - length) : start], hint=hint)
    except AmbiguousQuote:
        return
    assert text[a.start : a.end] == a.exact == exact


@given(text_and_span())
def test_reanchoring_unchanged_text_is_anchored(case: tuple[str, int, int]) -> None:
    text, start, end = case
    assume(text[start:end].strip())
    previous = describe(text, start, end)
    assert reanchor(text, previous).status is AnchorStatus.ANCHORED


@given(text_and_span(), texts, st.data())
def test_inserting_text_before_a_unique_quote_shifts_it(
    case: tuple[str, int, int], inserted: str, data: st.DataObject
) -> None:
    text, start, end = case
    assume(text[start:end].strip())
    previous = describe(text, start, end)
    where = data.draw(st.integers(0, start))
    new_text = text[:where] + inserted + text[where:]
    assume(new_text.find(previous.exact) == new_text.rfind(previous.exact))

    result = reanchor(new_text, previous)

    assert result.anchor is not None
    assert result.anchor.start == start + len(inserted)
    assert result.anchor.exact == previous.exact
    expected = AnchorStatus.MOVED if inserted else AnchorStatus.ANCHORED
    assert result.status is expected


@given(text_and_span())
def test_context_never_crosses_a_paragraph(case: tuple[str, int, int]) -> None:
    text, start, end = case
    before, after = context(text, start, end)
    assert "\n" not in before and "\n" not in after
    assert text[:start].rstrip().endswith(before)
    assert text[end:].lstrip().startswith(after)


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
