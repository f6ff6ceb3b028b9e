import pytest
from django.core.exceptions import ValidationError

from kit.validators import quoted_words, several_lines, single_line


@pytest.mark.parametrize(
    "text",
    [
        "Rules of Engagement: Rahm Emanuel",
        "Maria Álvarez",
        "Emanuel — 駐日大使",
        "עברית",
        "",
        "Newsroom \U0001f469\u200d\U0001f4bb",  # an emoji of three, joined (ZWJ)
        "می\u200cخواهم",  # Persian, with its zero-width non-joiner
    ],
)
def test_words_in_any_script_are_plain_text(text):
    single_line(text)
    several_lines(text)


@pytest.mark.parametrize(
    ("text", "code", "at"),
    [
        ("Bad\x1btitle", 0x1B, 4),
        ("Maria\x07 Alvarez", 0x07, 6),
        ("Evil \u202e title", 0x202E, 6),
        ("\u2066isolated\u2069", 0x2066, 1),
        ("C1\x85", 0x85, 3),
        ("Line\u2028separated", 0x2028, 5),
    ],
)
def test_a_control_character_is_refused_naming_it_and_where(text, code, at):
    for validator in (single_line, several_lines):
        with pytest.raises(ValidationError) as refused:
            validator(text)
        message = refused.value.messages[0]
        assert f"U+{code:04X}, at character {at})" in message and "not text" in message


def test_line_ends_and_tabs_only_where_a_field_holds_several_lines():
    several_lines("First line.\r\nSecond\tline.")
    for text in ("First\nsecond", "a\tb"):
        with pytest.raises(ValidationError):
            single_line(text)


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("Zero\u200bwidth", 0x200B, "an invisible"),
        ("\ufeffA title", 0xFEFF, "an invisible"),
        ("Word\u2060joined", 0x2060, "an invisible"),
        ("Marked\u200f", 0x200F, "a direction control"),
        ("Marked\u200e", 0x200E, "a direction control"),
        ("Arabic mark\u061c", 0x061C, "a direction control"),
    ],
)
def test_a_character_that_shows_nothing_is_refused_saying_what_it_is(text, code, kind):
    for validator in (single_line, several_lines):
        with pytest.raises(ValidationError) as refused:
            validator(text)
        assert f"This holds {kind} character (U+{code:04X}," in refused.value.messages[0]


def test_quoted_words_keep_the_marks_a_transcript_keeps_but_no_override():
    quoted_words("Zero\u200bwidth and marked\u200f words,\non two lines\u2028or three")
    for text in ("Evil \u202e words", "Bell\x07"):
        with pytest.raises(ValidationError):
            quoted_words(text)
