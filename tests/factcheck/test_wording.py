"""What changed between two versions of a text, word by word."""

from hypothesis import given
from hypothesis import strategies as st

from factcheck.wording import word_diff


def test_a_changed_year_is_one_word_taken_away_and_one_added():
    assert word_diff("The tribunal ruled in 2015.", "The tribunal ruled in 2016.") == [
        ("same", "The tribunal ruled in "),
        ("removed", "2015."),
        ("added", "2016."),
    ]


def test_a_phrase_rewritten_reads_as_one_phrase_replaced_by_another():
    """Not words struck and added in turn around the few they share ("spring 2024")."""
    assert word_diff(
        "Unemployment was 6.1 percent in spring 2024, the council said.",
        "Revised figures put spring 2024 unemployment at 5.8 percent, the council said.",
    ) == [
        ("removed", "Unemployment was 6.1 percent in spring 2024,"),
        ("added", "Revised figures put spring 2024 unemployment at 5.8 percent,"),
        ("same", " the council said."),
    ]


def test_words_kept_between_two_changes_stay_kept_when_there_are_more_than_a_couple():
    assert word_diff(
        "In 2015 the tribunal ruled for Manila.", "In 2016 the tribunal ruled for Beijing."
    ) == [
        ("same", "In "),
        ("removed", "2015"),
        ("added", "2016"),
        ("same", " the tribunal ruled for "),
        ("removed", "Manila."),
        ("added", "Beijing."),
    ]


def test_identical_texts_have_nothing_added_or_removed():
    assert word_diff("Same words.", "Same words.") == [("same", "Same words.")]


words = st.lists(st.sampled_from(["a", "b", "c", " ", "\n", "2016", "é", "  "]), max_size=20).map(
    "".join
)


@given(old=words, new=words)
def test_the_pieces_give_back_both_texts_exactly(old, new):
    pieces = word_diff(old, new)
    assert "".join(text for kind, text in pieces if kind != "added") == old
    assert "".join(text for kind, text in pieces if kind != "removed") == new
