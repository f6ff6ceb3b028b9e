"""Splitting an interview into passages (pure, no database)."""

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.transcripts import (
    Role,
    TranscriptFormatError,
    check_text,
    content_hash,
    parse_transcript,
    read_transcript,
    strip_label,
)

SEED = Path(__file__).resolve().parents[2] / "factcheck" / "seed" / "emanuel_2024.txt"


def roles(text: str, **kwargs) -> list[tuple[Role, str]]:
    parsed = parse_transcript(text, **kwargs)
    return [(p.role, parsed.text[p.start : p.end]) for p in parsed.passages]


def read(text: str, **kwargs) -> list[tuple[Role, str, str, str]]:
    """(role, speaker, words, timestamp) of each passage."""
    parsed = parse_transcript(text, **kwargs)
    return [(p.role, p.speaker, parsed.text[p.start : p.end], p.timestamp) for p in parsed.passages]


def test_markers_are_left_out_of_the_passage_text():
    assert roles("Intro.\nQ: Why?\nA: Because.") == [
        (Role.INTRO, "Intro."),
        (Role.QUESTION, "Why?"),
        (Role.ANSWER, "Because."),
    ]


@pytest.mark.parametrize(
    "text",
    ["Q. Why?\nA. Because.", "**Q:** Why?\n**A:** Because.", "Question: Why?\nAnswer: Because."],
)
def test_other_question_and_answer_labels_are_read(text):
    assert roles(text) == [(Role.QUESTION, "Why?"), (Role.ANSWER, "Because.")]


def test_unmarked_paragraphs_continue_the_answer_until_a_question():
    text = "Q: Why?\nA: Because.\nMore answer.\nAnd why not?\nSince."
    assert [role for role, _ in roles(text)] == [
        Role.QUESTION,
        Role.ANSWER,
        Role.ANSWER,
        Role.QUESTION,
        Role.ANSWER,
    ]


def test_a_guessed_question_says_it_is_a_guess():
    parsed = parse_transcript("Q: Why?\nA: Because.\nMore.\nAnd why not?\nSince.")
    reasons = [(p.reason, p.guessed) for p in parsed.passages]
    assert reasons[0] == ("labelled Q", False)
    assert reasons[2] == ("continues the answer above", False)
    assert reasons[3] == ("guess: ends in ? after an answer", True)


def test_named_interviewer_paragraphs_turn_guessing_off():
    text = "Q: Why?\nA: How do we do it? How?\nI see.\nWe just do."
    parsed = roles(text, interviewer_paragraphs=["I see."])
    assert [role for role, _ in parsed] == [Role.QUESTION, Role.ANSWER, Role.QUESTION, Role.ANSWER]


SPEAKERS = (
    "\ufeffThe admiral talks to the series.\r\n"
    "\r\n"
    "[00:00:05] BOB DAVIS: Welcome. What is cyber?\r\n"
    "ADM. MICHAEL ROGERS: It is big. [crosstalk] Really big.\r\n"
    "And it grows.\r\n"
    "DAVIS: (12:34) Why?\r\n"
    "ROGERS [00:13:00]: Because.\r\n"
    "[Editor's note: the answer was edited for length.]\r\n"
    "**JANE DOE:**\r\n"
    "I disagree.\r\n"
    "Bob Davis is a writer at The Wire China.\r\n"
)


def test_speaker_names_short_forms_timestamps_and_notes_are_read():
    assert read(SPEAKERS, interviewer="Bob Davis", interviewee="Michael Rogers") == [
        (Role.INTRO, "", "The admiral talks to the series.", ""),
        (Role.QUESTION, "Bob Davis", "Welcome. What is cyber?", "00:00:05"),
        (Role.ANSWER, "Michael Rogers", "It is big.", ""),
        (Role.NOTE, "", "[crosstalk]", ""),
        (Role.ANSWER, "Michael Rogers", "Really big.", ""),
        (Role.ANSWER, "Michael Rogers", "And it grows.", ""),
        (Role.QUESTION, "Bob Davis", "Why?", "00:12:34"),
        (Role.ANSWER, "Michael Rogers", "Because.", "00:13:00"),
        (Role.NOTE, "", "[Editor's note: the answer was edited for length.]", ""),
        (Role.ANSWER, "Jane Doe", "I disagree.", ""),
        (Role.CLOSING, "", "Bob Davis is a writer at The Wire China.", ""),
    ]


def test_every_paragraph_says_why_it_has_its_role_and_speaker():
    parsed = parse_transcript(SPEAKERS, interviewer="Bob Davis", interviewee="Michael Rogers")
    reasons = [p.reason for p in parsed.passages]
    assert reasons[1] == "labelled BOB DAVIS"
    assert reasons[5] == "continues Michael Rogers’s answer above"
    assert reasons[6] == "labelled DAVIS (Bob Davis)"
    assert reasons[3] == "a mark of what was heard"
    assert all(reasons)
    assert parsed.speakers == ("Bob Davis", "Michael Rogers", "Jane Doe")


def test_names_in_any_case_without_being_given_are_speakers():
    parsed = parse_transcript("MARY SMITH: Hello?\nJohn O'BRIEN: Hi.\nSmith: Bye?")
    assert [(p.role, p.speaker) for p in parsed.passages] == [
        (Role.QUESTION, "Mary Smith"),
        (Role.ANSWER, "John O'BRIEN"),
        (Role.QUESTION, "Mary Smith"),
    ]
    assert parsed.passages[0].guessed  # nobody said who the interviewer is


def test_a_word_and_a_colon_is_no_speaker_unless_it_names_one():
    parsed = parse_transcript("Q: Why?\nA: Because.\nNote: this matters.\nChina: a rival.")
    assert [p.role for p in parsed.passages] == [Role.QUESTION, *[Role.ANSWER] * 3]
    assert parsed.text[parsed.passages[2].start :].startswith("Note: this")


@pytest.mark.parametrize(
    "quoted",
    ["Barack Obama: We will not be outdone.", "PRESIDENT OBAMA: We will not be outdone."],
)
def test_a_name_and_a_colon_quoted_inside_an_answer_is_not_a_turn(quoted):
    text = f"Q: What did he tell you?\nA: He was blunt.\n{quoted}\nThat was that.\nQ: Then?"
    parsed = parse_transcript(text, interviewer="Bob Davis", interviewee="Rahm Emanuel")
    assert read(text, interviewer="Bob Davis", interviewee="Rahm Emanuel") == [
        (Role.QUESTION, "Bob Davis", "What did he tell you?", ""),
        (Role.ANSWER, "Rahm Emanuel", "He was blunt.", ""),
        (Role.ANSWER, "Rahm Emanuel", quoted, ""),
        (Role.ANSWER, "Rahm Emanuel", "That was that.", ""),
        (Role.QUESTION, "Bob Davis", "Then?", ""),
    ]
    assert "quoted in it, not a speaker" in parsed.passages[2].reason
    assert parsed.speakers == ("Bob Davis", "Rahm Emanuel")


def test_an_undeclared_name_labelling_several_paragraphs_is_a_speaker():
    text = "Q: Why?\nA: Because.\nMODERATOR: Time is short.\nQ: Last one?\nMODERATOR: Thanks."
    parsed = parse_transcript(text, interviewer="Bob Davis", interviewee="Rahm Emanuel")
    assert [(p.role, p.speaker) for p in parsed.passages] == [
        (Role.QUESTION, "Bob Davis"),
        (Role.ANSWER, "Rahm Emanuel"),
        (Role.ANSWER, "Moderator"),
        (Role.QUESTION, "Bob Davis"),
        (Role.ANSWER, "Moderator"),
    ]


def test_a_heading_with_a_colon_before_the_first_turn_is_the_introduction_not_a_speaker():
    text = (
        "Harbour Talks: Elena Marsh on the port strike\n"
        "ANA RUIZ: Why now?\nELENA MARSH: Because the contract ran out.\n"
    )
    parsed = parse_transcript(text, interviewer="Ana Ruiz", interviewee="Elena Marsh")
    assert read(text, interviewer="Ana Ruiz", interviewee="Elena Marsh") == [
        (Role.INTRO, "", "Harbour Talks: Elena Marsh on the port strike", ""),
        (Role.QUESTION, "Ana Ruiz", "Why now?", ""),
        (Role.ANSWER, "Elena Marsh", "Because the contract ran out.", ""),
    ]
    assert parsed.speakers == ("Ana Ruiz", "Elena Marsh")


@pytest.mark.parametrize(
    ("turns", "speakers"),
    [
        (
            "Ana Ruiz: Why now?\nElena Marsh: It ran out.\n"
            "Ana Ruiz: Then?\nElena Marsh: We left.\n",
            ["Ana Ruiz", "Elena Marsh", "Ana Ruiz", "Elena Marsh"],
        ),
        ("Q: Why now?\nA: It ran out.\nQ: Then?\nA: We left.\n", ["", "", "", ""]),
        (
            "Ana Ruiz: Why now?\nElena Marsh: It ran out.\nAna Ruiz: Then?\n",
            ["Ana Ruiz", "Elena Marsh", "Ana Ruiz"],
        ),
        ("ANA RUIZ: Why now?\nELENA MARSH: It ran out.\n", ["Ana Ruiz", "Elena Marsh"]),
        (
            "BOB DAVIS: Why?\nRAHM EMANUEL: Because.\nMR. DAVIS: Then?\nAMB. EMANUEL: Later.\n",
            ["Bob Davis", "Rahm Emanuel", "Bob Davis", "Rahm Emanuel"],
        ),
    ],
    ids=["names", "Q and A", "three turns", "one exchange in capitals", "names shortened"],
)
def test_a_heading_is_the_introduction_before_any_name_is_typed_too(turns, speakers):
    """The import previews a pasted transcript before the editor types the names: the
    heading must not be taken for the first speaker, and every question for theirs."""
    text = f"Harbour Talks: Elena Marsh on the port strike\n{turns}"
    parsed = parse_transcript(text, interviewer="", interviewee="")
    assert [(p.role, p.speaker) for p in parsed.passages] == [
        (Role.INTRO, ""),
        *zip([Role.QUESTION, Role.ANSWER] * 2, speakers, strict=False),
    ]
    assert len(parsed.passages) == len(speakers) + 1
    assert "Harbour Talks" not in parsed.speakers


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Ana Ruiz: Why now?\nElena Marsh: It ran out.\n", ["Ana Ruiz", "Elena Marsh"]),
        (
            "Ana Ruiz: Why now?\nElena Marsh: It ran out.\nElena Marsh: We left.\n",
            ["Ana Ruiz", "Elena Marsh", "Elena Marsh"],
        ),
        (
            "Harbour Talks: Elena Marsh on the port strike\nAna Ruiz: Why now?\n"
            "Elena Marsh: It ran out.\nElena Marsh: We left.\n",
            ["", "Ana Ruiz", "Elena Marsh", "Elena Marsh"],
        ),
    ],
    ids=["each once", "one question", "after a heading"],
)
def test_with_no_name_typed_a_first_label_said_once_is_a_speaker_when_no_conversation_follows(
    text, read
):
    """A heading is told from a speaker by the conversation after it: without one, the
    first label is the first turn's, or a short exchange would have no question."""
    parsed = parse_transcript(text, interviewer="", interviewee="")
    assert [p.speaker for p in parsed.passages] == read
    assert next(p.role for p in parsed.passages if p.speaker) is Role.QUESTION


def test_a_first_speaker_in_capitals_still_opens_the_first_turn():
    text = "HOST: Welcome.\nANA RUIZ: Why now?\nELENA MARSH: Because.\n"
    parsed = parse_transcript(text, interviewer="Ana Ruiz", interviewee="Elena Marsh")
    first = parsed.passages[0]
    assert (first.role, first.speaker) == (Role.ANSWER, "Host")


def test_a_speaker_the_editor_did_not_name_is_flagged_for_them_to_check():
    text = "Q: Why?\nA: Because.\nMODERATOR: Time is short.\nQ: Last one?\nMODERATOR: Thanks."
    parsed = parse_transcript(text, interviewer="Bob Davis", interviewee="Rahm Emanuel")
    moderator = parsed.passages[2]
    assert moderator.guessed and "not among the names given, a new speaker" in moderator.reason
    assert not any(p.guessed for p in parsed.passages[:2])


def test_a_clarification_inside_a_sentence_stays_in_the_words():
    assert roles("Q: Why?\nA: The hub [revolving around the U.S.] is a lattice.")[1] == (
        Role.ANSWER,
        "The hub [revolving around the U.S.] is a lattice.",
    )


def test_a_closing_note_after_a_rule_is_nobodys_words():
    assert roles("Q: Why?\nA: Because.\n---\nThanks to our readers.")[-1] == (
        Role.CLOSING,
        "Thanks to our readers.",
    )


def test_pipe_tables_become_one_sidebar():
    text = "Q: Why?\nA: Because.\nBIO | |\n---|---|\nAGE | 64 |\nMore."
    assert roles(text)[2] == (Role.SIDEBAR, "BIO | |\n---|---|\nAGE | 64 |")


def test_bracketed_paragraphs_are_editors_notes():
    assert roles("Q: Why?\nA: Because.\n[An editor adds this.]")[2][0] is Role.NOTE


def test_a_bracketed_note_ending_in_a_quotation_is_nobodys_words():
    text = "Q: Why?\nA: Because.\n[The strategy says, “China is the only competitor.”]"
    assert roles(text)[2][0] is Role.NOTE
    parsed = parse_transcript(SEED.read_text(encoding="utf-8"), interviewer="Bob Davis")
    note = next(p for p in parsed.passages if p.paragraph == 54)
    assert parsed.text[note.start :].startswith("[The Biden administration’s National")
    assert (note.role, note.speaker) == (Role.NOTE, "")


def test_an_answer_before_any_question_is_refused_with_its_paragraph_number():
    with pytest.raises(TranscriptFormatError, match="Paragraph 2"):
        parse_transcript("Intro.\nA: Because.")


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff\r\n", "Just prose.\nNo questions here."])
def test_text_without_a_marked_question_is_refused(text):
    with pytest.raises(TranscriptFormatError):
        parse_transcript(text)


def test_an_opening_that_matches_no_paragraph_is_reported():
    with pytest.raises(TranscriptFormatError, match="Nobody asked"):
        parse_transcript("Q: Why?\nA: Because.", interviewer_paragraphs=["Nobody asked"])


def test_more_passages_than_the_limit_are_refused():
    with pytest.raises(TranscriptFormatError, match="more than 3 passages"):
        parse_transcript("Q: a?\nA: b.\nc.\nd.", max_passages=3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"Q: \xe9t\xe9?", "iconv -f windows-1252 -t utf-8"),
        (b"\xff\xfeQ\x00:\x00", "UTF-16"),
        (b"Q: Why?\x00", "NUL"),
        (b"Q: " + b"x" * 200, "limit is 100 bytes"),
    ],
)
def test_unreadable_files_are_refused_saying_how_to_fix_them(data, message):
    with pytest.raises(TranscriptFormatError, match=message):
        read_transcript(data, max_bytes=100)


def test_pasted_text_is_checked_like_a_file():
    assert check_text("Q: Why?", max_bytes=100) == "Q: Why?"
    with pytest.raises(TranscriptFormatError, match="NUL"):
        check_text("Q: \x00", max_bytes=100)


@pytest.mark.parametrize("control", ["\x1b", "\x07", "\x7f", "\x85"])
def test_a_control_character_is_refused_naming_it_and_where(control):
    with pytest.raises(TranscriptFormatError) as refused:
        check_text(f"Q: Why?{control}[0m\nA: So.", max_bytes=100)
    assert f"(U+{ord(control):04X}, at character 8)" in str(refused.value)


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_a_direction_control_that_would_show_the_text_otherwise_is_refused(control):
    with pytest.raises(TranscriptFormatError) as refused:
        check_text(f"Q: Why?{control}reversed\nA: So.", max_bytes=100)
    assert f"direction control character (U+{ord(control):04X}, at character 8)" in str(
        refused.value
    )
    # A pasted text's direction marks and invisible joiners are left alone.
    assert check_text("Q: \u200fWhy\u200b?\nA: So.", max_bytes=100)


def test_a_word_processors_line_and_page_breaks_end_lines():
    """A manual line break copied from a word processor (vertical tab) and a page break (a
    form feed, as PDF extractors write between pages) are line ends, not text."""
    text = check_text("Q: Why?\vA: So.\fQ: And?\r\nA: No.", max_bytes=100)
    assert roles(text) == roles("Q: Why?\nA: So.\nQ: And?\nA: No.")
    assert content_hash(text) == content_hash("Q: Why?\nA: So.\nQ: And?\nA: No.")


def test_the_content_hash_ignores_line_ends_and_the_byte_order_mark():
    assert (
        content_hash("\ufeffQ: a\r\nA: b")
        == content_hash("Q: a\nA: b")
        == content_hash("Q: a\rA: b")
    )


def test_a_label_is_stripped_from_a_paragraphs_opening():
    assert strip_label("[00:01:02] BOB DAVIS: Well") == "Well"
    assert strip_label("Q: Why") == "Why"


def test_offsets_are_code_points_and_keep_curly_quotes():
    text = SEED.read_text(encoding="utf-8")
    parsed = parse_transcript(text, interviewer_paragraphs=[])
    for passage in parsed.passages:
        assert "\n" not in text[passage.start : passage.end] or passage.role is Role.SIDEBAR
    assert "What’s your sense" in text[parsed.passages[1].start :]


def test_the_seed_closing_bio_is_found_without_being_named():
    parsed = parse_transcript(SEED.read_text(encoding="utf-8"), interviewer="Bob Davis")
    closing = parsed.passages[-1]
    assert closing.role is Role.CLOSING
    assert parsed.text[closing.start :].startswith("Bob Davis, a former correspondent")


words = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Cc", "Zl", "Zp"], blacklist_characters="\n\r|[]()*_:"
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() and not s.strip().startswith(("-", "Q", "A")))
label = st.sampled_from(
    ["Q: ", "A: ", "BOB DAVIS: ", "Davis: ", "[00:01:02] ROGERS: ", "**Q:** ", ""]
)
note = st.sampled_from(["", " [laughter] ", " [So far, nobody knows.] "])
paragraph = st.tuples(label, words, note, words).map(lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}")
line_end = st.sampled_from(["\n", "\r\n", "\r"])


@given(
    intro=st.lists(words, max_size=2),
    body=st.lists(paragraph, min_size=1, max_size=10),
    end=line_end,
    blank=st.booleans(),
)
def test_passages_are_ordered_disjoint_and_cover_every_paragraph(intro, body, end, blank):
    lines = [*intro, "Q: " + body[0], *body[1:]]
    text = (end * (2 if blank else 1)).join(lines)
    parsed = parse_transcript(text, interviewer="Bob Davis", interviewee="Michael Rogers")
    for before, after in itertools.pairwise(parsed.passages):
        assert before.end <= after.start
    for passage in parsed.passages:
        assert 0 <= passage.start < passage.end <= len(parsed.text)
        words_ = parsed.text[passage.start : passage.end]
        assert words_ == words_.strip() and "\n" not in words_
    covered = {p.paragraph for p in parsed.passages}
    assert covered == set(range(1, len(lines) + 1))
    # From its first passage on, every character of a paragraph is in a passage: only
    # labels and timestamps, which come first, are left out.
    inside = set()
    first = {}
    for passage in parsed.passages:
        inside.update(range(passage.start, passage.end))
        first.setdefault(passage.paragraph, passage.start)
    for line_start, line_end_ in _lines(parsed.text):
        body_start = min(start for start in first.values() if start >= line_start)
        for at in range(body_start, line_end_):
            assert at in inside or parsed.text[at].isspace()


def _lines(text):
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, offset + len(line)
        offset += len(line) + 1


@given(body=st.lists(paragraph, min_size=1, max_size=8), end=line_end)
def test_any_line_end_style_gives_the_same_result(body, end):
    lines = ["Q: " + body[0], *body[1:]]
    assert parse_transcript("\ufeff" + end.join(lines)) == parse_transcript("\n".join(lines))
