"""Import another interview of the same shape as the bundled one (see factcheck.transcripts)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from factcheck import services
from factcheck.models import Passage, Speaker, Transcript
from timeline.dates import DateParseError, parse_natural


class Command(BaseCommand):
    help = (
        "Import an interview transcript: UTF-8 text, one paragraph a line, the first question "
        "marked “Q:” and its answer “A:”. Unmarked paragraphs that end in “?” after an answer "
        "are taken as questions unless --question names the interviewer's paragraphs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", required=True)
        parser.add_argument("--interviewer", required=True, help="Name of the interviewer.")
        parser.add_argument("--interviewee", required=True, help="Name of the person interviewed.")
        parser.add_argument("--interviewee-title", default="", help="Job title at the time.")
        parser.add_argument(
            "--date",
            required=True,
            help="Interview date: EDTF or as said (“June 2024”, “3 June 2024”).",
        )
        parser.add_argument("--published", default="", help="Publication date, like --date.")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--slug", default="", help="Defaults to the title, slugified.")
        parser.add_argument(
            "--question",
            action="append",
            dest="questions",
            default=None,
            metavar="OPENING",
            help="Opening words of an unmarked paragraph "
            "the interviewer says (repeat for each; turns guessing off).",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{file} is not UTF-8 text ({error.reason} at byte {error.start})."
            ) from error
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        dates = {}
        for name in ("date", "published"):
            if options[name]:
                try:
                    dates[name] = parse_natural(options[name]).edtf
                except DateParseError as error:
                    raise CommandError(f"--{name}: {error}") from error
        slug = options["slug"] or slugify(options["title"])[:120]
        if not slug:
            raise CommandError("--title must contain letters or digits.")
        if Transcript.objects.filter(slug=slug).exists():
            raise CommandError(
                f"A transcript with the slug “{slug}” exists already; "
                "pass --slug to import this one beside it."
            )
        try:
            with transaction.atomic():
                interviewer = self.speaker(options["interviewer"])
                interviewee = self.speaker(options["interviewee"], options["interviewee_title"])
                transcript = services.transcript_create(
                    slug=slug,
                    title=options["title"],
                    text=text,
                    interviewer=interviewer,
                    interviewee=interviewee,
                    interview_date=dates["date"],
                    published=dates.get("published", ""),
                    publisher=options["publisher"],
                    url=options["url"],
                    interviewer_paragraphs=options["questions"],
                )
        except ValidationError as error:
            raise CommandError("Nothing was imported: " + " ".join(error.messages)) from error
        kinds = {
            kind: transcript.passages.filter(kind=kind).count() for kind in Passage.Kind.values
        }
        summary = ", ".join(
            f"{count} {Passage.Kind(kind).label.lower()}" for kind, count in kinds.items() if count
        )
        self.stdout.write(self.style.SUCCESS(f"Imported “{transcript.title}” ({summary})."))

    def speaker(self, name: str, job_title: str = "") -> Speaker:
        name = name.strip()
        if not slugify(name):
            raise ValidationError(f"“{name}” is not a speaker's name.")
        speaker, created = Speaker.objects.get_or_create(
            slug=slugify(name)[:120], defaults={"name": name, "job_title": job_title}
        )
        if created:
            speaker.full_clean()
        return speaker
