"""Splitting an interview into passages (pure, no database)."""

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.transcripts import Role, TranscriptFormatError, parse_transcript

SEED = Path(__file__).resolve().parents[2] / "factcheck" / "seed" / "emanuel_2024.txt"


def roles(text: str, **kwargs) -> list[tuple[Role, str]]:
    return [(p.role, text[p.start : p.end]) for p in parse_transcript(text, **kwargs)]


def test_markers_are_left_out_of_the_passage_text():
    assert roles("Intro.\nQ: Why?\nA: Because.") == [
        (Role.INTRO, "Intro."),
        (Role.QUESTION, "Why?"),
        (Role.ANSWER, "Because."),
    ]


def test_unmarked_paragraphs_continue_the_answer_until_a_question():
    text = "Q: Why?\nA: Because.\nMore answer.\nAnd why not?\nSince."
    assert [role for role, _ in roles(text)] == [
        Role.QUESTION,
        Role.ANSWER,
        Role.ANSWER,
        Role.QUESTION,
        Role.ANSWER,
    ]


def test_named_interviewer_paragraphs_turn_guessing_off():
    text = "Q: Why?\nA: How do we do it? How?\nI see.\nWe just do."
    parsed = roles(text, interviewer_paragraphs=["I see."])
    assert [role for role, _ in parsed] == [Role.QUESTION, Role.ANSWER, Role.QUESTION, Role.ANSWER]


def test_pipe_tables_become_one_sidebar():
    text = "Q: Why?\nA: Because.\nBIO | |\n---|---|\nAGE | 64 |\nMore."
    assert roles(text)[2] == (Role.SIDEBAR, "BIO | |\n---|---|\nAGE | 64 |")


def test_bracketed_paragraphs_are_editors_notes():
    assert roles("Q: Why?\nA: Because.\n[An editor adds this.]")[2][0] is Role.NOTE


def test_an_answer_before_any_question_is_refused_with_its_paragraph_number():
    with pytest.raises(TranscriptFormatError, match="Paragraph 2"):
        parse_transcript("Intro.\nA: Because.")


@pytest.mark.parametrize("text", ["", "   \n\n", "Just prose.\nNo questions here."])
def test_text_without_a_marked_question_is_refused(text):
    with pytest.raises(TranscriptFormatError):
        parse_transcript(text)


def test_an_opening_that_matches_no_paragraph_is_reported():
    with pytest.raises(TranscriptFormatError, match="Nobody asked"):
        parse_transcript("Q: Why?\nA: Because.", interviewer_paragraphs=["Nobody asked"])


def test_offsets_are_code_points_and_keep_curly_quotes():
    text = SEED.read_text(encoding="utf-8")
    for passage in parse_transcript(text, interviewer_paragraphs=[]):
        assert "\n" not in text[passage.start : passage.end] or passage.role is Role.SIDEBAR
    assert "What’s your sense" in text[parse_transcript(text)[1].start :]


paragraph = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\n|"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() and not s.lstrip().startswith(("Q:", "A:")))


@given(intro=st.lists(paragraph, max_size=2), body=st.lists(paragraph, min_size=1, max_size=12))
def test_passages_are_ordered_disjoint_and_cover_every_paragraph(intro, body):
    lines = [*intro, "Q: " + body[0], "A: answer", *body[1:]]
    text = "\n".join(lines)
    passages = parse_transcript(text)
    assert len(passages) == len(lines)
    for before, after in itertools.pairwise(passages):
        assert before.end <= after.start
    for passage, line in zip(passages, lines, strict=True):
        assert 0 <= passage.start < passage.end <= len(text)
        assert text[passage.start : passage.end] in line
