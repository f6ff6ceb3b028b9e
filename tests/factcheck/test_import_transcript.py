"""`manage.py import_transcript FILE` for another interview of the same shape."""

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import Passage, Speaker, Transcript

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


def test_importing_the_same_title_twice_is_refused(tmp_path):
    path = write(tmp_path, "Q: Why?\nA: Because.")
    call_command("import_transcript", path, *ARGS)
    with pytest.raises(CommandError, match="exists already"):
        call_command("import_transcript", path, *ARGS)
    assert Transcript.objects.count() == 1
