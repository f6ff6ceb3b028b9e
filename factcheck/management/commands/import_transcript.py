"""Import an interview transcript: the command's door to the importer the desk also uses
(factcheck.transcripts splits it; services.transcript_import writes it, or nothing)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck import services
from factcheck.transcripts import ParsedTranscript, TranscriptFormatError, read_transcript

# The options each service field comes from, to name the one a refusal is about.
OPTIONS = {
    "title": "--title",
    "interviewer": "--interviewer",
    "interviewee": "--interviewee",
    "interview_date": "--date",
    "published": "--published",
    "url": "--url",
    "slug": "--slug",
    "text": "the transcript",
    "passages": "the transcript",
}


def preview_lines(parsed: ParsedTranscript) -> list[str]:
    """One line a passage: its paragraph's number, role, speaker and why."""
    lines = []
    for passage in parsed.passages:
        words = parsed.text[passage.start : passage.end]
        excerpt = words if len(words) <= 48 else words[:47] + "…"
        flag = " [guess]" if passage.guessed else ""
        at = f" @{passage.timestamp}" if passage.timestamp else ""
        lines.append(
            f"¶{passage.paragraph:<4} {passage.role.value:<8} "
            f"{(passage.speaker or '—'):<22} {passage.reason}{flag}{at} · {excerpt}"
        )
    return lines


class Command(BaseCommand):
    help = (
        "Import an interview transcript (UTF-8 text, a paragraph a line): turns marked “Q:” "
        "and “A:” or with the speaker's name (“BOB DAVIS:”), timestamps, editor's notes in "
        "[brackets]. It stays unpublished until an approver publishes it on the desk. "
        "--dry-run prints how each paragraph was read and writes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", required=True)
        parser.add_argument("--interviewer", required=True, help="Name of the interviewer.")
        parser.add_argument("--interviewee", required=True, help="Name of the person interviewed.")
        parser.add_argument("--interviewee-title", default="", help="Job title at the time.")
        parser.add_argument(
            "--speaker",
            action="append",
            dest="speakers",
            default=[],
            metavar="NAME",
            help="Anyone else who speaks (repeat for each).",
        )
        parser.add_argument(
            "--date",
            required=True,
            help="Interview date: as people say it (“3 June 2024”, “June 2024”) or EDTF.",
        )
        parser.add_argument("--published", default="", help="Publication date, like --date.")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--slug", default="", help="Defaults to the title's first words.")
        parser.add_argument(
            "--by", default="", metavar="USERNAME", help="The editor the import is recorded as."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print each paragraph's number, role, speaker and why; write nothing.",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            text = read_transcript(file.read_bytes(), max_bytes=settings.TRANSCRIPT_MAX_BYTES)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        except TranscriptFormatError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error
        fields = {
            "title": options["title"],
            "interviewer": options["interviewer"],
            "interviewee": options["interviewee"],
            "speakers": options["speakers"],
        }
        try:
            if options["dry_run"]:
                self.dry_run(text, fields)
                return
            transcript = services.transcript_import(
                text=text,
                **fields,
                interviewee_title=options["interviewee_title"],
                interview_date=options["date"],
                published=options["published"],
                publisher=options["publisher"],
                url=options["url"],
                slug=options["slug"],
                by=self.user(options["by"]),
            )
        except ValidationError as error:
            raise CommandError("Nothing was imported: " + self.explain(error)) from error
        except PermissionDenied as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        kinds: dict[str, int] = {}
        for passage in transcript.passages.all():
            label = passage.get_kind_display().lower()
            kinds[label] = kinds.get(label, 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{transcript.title}” ({summary}), unpublished: an approver "
                "publishes it from the desk."
            )
        )

    def dry_run(self, text: str, fields: dict) -> None:
        parsed = services.transcript_preview(
            text=text,
            interviewer=fields["interviewer"],
            interviewee=fields["interviewee"],
            speakers=fields["speakers"],
        )
        for line in preview_lines(parsed):
            self.stdout.write(line)
        guesses = sum(passage.guessed for passage in parsed.passages)
        self.stdout.write(
            f"{len(parsed.passages)} passages, {guesses} guessed. Dry run: nothing was written."
        )

    @staticmethod
    def explain(error: ValidationError) -> str:
        if not hasattr(error, "error_dict"):
            return " ".join(error.messages)
        return " ".join(
            f"{OPTIONS.get(field, field)}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )

    @staticmethod
    def user(username: str):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--by: there is no user “{username}”.")
        return user
