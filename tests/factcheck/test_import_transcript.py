"""`manage.py import_transcript FILE` for another interview of the same shape."""

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import Action, Passage, Speaker, Transcript
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

ARGS = [
    "--title",
    "A talk",
    "--interviewer",
    "Ann Asker",
    "--interviewee",
    "Bo Answerer",
    "--date",
    "June 2024",
]


def write(tmp_path, content: bytes | str):
    path = tmp_path / "talk.txt"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_a_well_formed_interview_is_imported_with_its_passages(tmp_path, capsys):
    path = write(tmp_path, "Intro.\nQ: Why’s that?\nA: Because.\nAnd then?\nThen this.")
    call_command("import_transcript", path, *ARGS)
    transcript = Transcript.objects.get()
    assert transcript.interview_date == "2024-06"
    assert list(transcript.passages.values_list("kind", flat=True)) == [
        "intro",
        "question",
        "answer",
        "question",
        "answer",
    ]
    assert transcript.text.encode("utf-8") == path.read_bytes()
    assert "2 question" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Just prose, no questions.", "No question found"),
        ("Intro.\nA: An answer first.", "no question"),
        ("", "empty"),
        (b"Q: caf\xe9?\nA: yes", "not UTF-8"),
    ],
)
def test_malformed_input_stops_with_a_message_and_writes_nothing(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_transcript", write(tmp_path, content), *ARGS)
    assert not Transcript.objects.exists()
    assert not Passage.objects.exists()
    assert not Speaker.objects.exists()


def test_an_unreadable_date_stops_with_a_message(tmp_path):
    path = write(tmp_path, "Q: Why?\nA: Because.")
    with pytest.raises(CommandError, match="--date"):
        call_command("import_transcript", path, *ARGS[:-1], "the twelfth of never")
    assert not Transcript.objects.exists()


def test_a_missing_file_stops_with_a_message(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_transcript", tmp_path / "missing.txt", *ARGS)


def test_the_same_text_twice_is_refused_naming_the_interview(tmp_path):
    path = write(tmp_path, "Q: Why?\nA: Because.")
    call_command("import_transcript", path, *ARGS)
    again = write(tmp_path, "\ufeffQ: Why?\r\nA: Because.")  # other line ends, same text
    with pytest.raises(CommandError, match="imported already, as “A talk” \\(a-talk\\)"):
        call_command("import_transcript", again, *ARGS)
    assert Transcript.objects.count() == 1


def test_the_same_title_with_another_text_gets_its_own_slug(tmp_path):
    call_command("import_transcript", write(tmp_path, "Q: Why?\nA: Because."), *ARGS)
    call_command("import_transcript", write(tmp_path, "Q: How?\nA: So."), *ARGS)
    assert sorted(Transcript.objects.values_list("slug", flat=True)) == ["a-talk", "a-talk-2"]


def test_the_same_url_twice_is_refused_naming_the_interview(tmp_path):
    url = ["--url", "https://example.org/talk"]
    call_command("import_transcript", write(tmp_path, "Q: Why?\nA: Because."), *ARGS, *url)
    with pytest.raises(CommandError, match=r"--url: An interview from this URL .* “A talk”"):
        call_command("import_transcript", write(tmp_path, "Q: How?\nA: So."), *ARGS, *url)
    assert Transcript.objects.count() == 1


# The test: speaker labels, timestamps, a byte-order mark, CRLF, a continued
# answer and a bracketed note, each paragraph in the right mouth.
NEWSROOM = (
    "\ufeffAdm. Michael Rogers led the NSA. This is an excerpt.\r\n"
    "[00:00:12] BOB DAVIS: What worries you most about China?\r\n"
    "ADM. MICHAEL ROGERS: [00:00:20] Their scale. [crosstalk] And their patience.\r\n"
    "They plan in decades.\r\n"
    "[The NSA declined to comment on the figures.]\r\n"
    "DAVIS: (01:02) And Congress?\r\n"
    "ROGERS: Slow.\r\n"
    "Bob Davis is a contributing editor at The Wire China.\r\n"
).encode()
NEWSROOM_ARGS = [
    "--title",
    "Rules of Engagement: Michael Rogers",
    "--interviewer",
    "Bob Davis",
    "--interviewee",
    "Michael Rogers",
    "--date",
    "21 January 2024",
]
NEWSROOM_PASSAGES = [
    ("intro", None, "", "Adm. Michael Rogers led the NSA. This is an excerpt."),
    ("question", "Bob Davis", "00:00:12", "What worries you most about China?"),
    ("answer", "Michael Rogers", "00:00:20", "Their scale."),
    ("note", None, "", "[crosstalk]"),
    ("answer", "Michael Rogers", "", "And their patience."),
    ("answer", "Michael Rogers", "", "They plan in decades."),
    ("note", None, "", "[The NSA declined to comment on the figures.]"),
    ("question", "Bob Davis", "00:01:02", "And Congress?"),
    ("answer", "Michael Rogers", "", "Slow."),
    ("closing", None, "", "Bob Davis is a contributing editor at The Wire China."),
]


def passages_of(transcript: Transcript) -> list[tuple]:
    return [
        (p.kind, p.speaker.name if p.speaker else None, p.timestamp, p.text)
        for p in transcript.passages.select_related("speaker", "transcript")
    ]


def test_a_newsroom_transcript_imports_with_every_paragraph_in_the_right_mouth(tmp_path, capsys):
    call_command("import_transcript", write(tmp_path, NEWSROOM), *NEWSROOM_ARGS)
    transcript = Transcript.objects.get()
    assert passages_of(transcript) == NEWSROOM_PASSAGES
    assert transcript.interview_date == "2024-01-21"
    assert not transcript.is_published
    assert "\r" not in transcript.text and not transcript.text.startswith("\ufeff")
    assert "unpublished" in capsys.readouterr().out


def test_a_dry_run_prints_each_paragraph_and_writes_nothing(tmp_path, capsys):
    call_command("import_transcript", write(tmp_path, NEWSROOM), *NEWSROOM_ARGS, "--dry-run")
    out = capsys.readouterr().out
    assert "¶2    question Bob Davis              labelled BOB DAVIS @00:00:12" in out
    assert "¶4    answer   Michael Rogers         continues Michael Rogers’s answer above" in out
    assert "¶5    note     —                      in brackets: a note" in out
    assert "10 passages, 0 guessed. Dry run: nothing was written." in out
    assert not Transcript.objects.exists() and not Speaker.objects.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--date", ""], "--date: Give the date"),
        (["--date", "the twelfth of never"], "--date:"),
        (["--title", "!!!"], "--title: Give a name"),
        (["--published", "soonish"], "--published:"),
        (["--by", "nobody"], "no user “nobody”"),
    ],
)
def test_an_empty_or_unreadable_option_is_refused_and_writes_nothing(tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_transcript", write(tmp_path, NEWSROOM), *NEWSROOM_ARGS, *options)
    assert not Transcript.objects.exists() and not Speaker.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Q: Why?\x00\nA: So.", "NUL"),
        ("Q: Why?\nA: " + "word " * 300, "the limit is 1,000 bytes"),
        ("Q: a?\nA: b.\nc.\nd.\ne.", "more than 4 passages"),
    ],
)
def test_nul_bytes_and_oversized_transcripts_are_refused(tmp_path, settings, content, message):
    settings.TRANSCRIPT_MAX_BYTES = 1000
    settings.TRANSCRIPT_MAX_PASSAGES = 4
    with pytest.raises(CommandError, match=message):
        call_command("import_transcript", write(tmp_path, content), *ARGS)
    assert not Transcript.objects.exists()


def test_the_import_is_recorded_as_the_editor_named(tmp_path):
    editor = make_editor(username="ed")
    call_command("import_transcript", write(tmp_path, NEWSROOM), *NEWSROOM_ARGS, "--by", "ed")
    transcript = Transcript.objects.get()
    assert transcript.imported_by == editor
    assert transcript.actions.get().verb == Action.Verb.IMPORTED
