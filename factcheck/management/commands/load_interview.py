"""Load the bundled interview and its curated dataset (factcheck/seed/emanuel_2024.toml).

The dataset names everything by slug, so loading is idempotent: a second run finds every
row in place and changes nothing. Published verdicts are never overwritten; a verdict that
differs from the dataset's is reported, to be corrected on the desk.
"""

import datetime
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from factcheck import services
from factcheck.models import (
    Claim,
    Quote,
    RatingLevel,
    RatingScale,
    Source,
    Speaker,
    Transcript,
)
from timeline.models import Era, Event, Topic

SEED = Path(__file__).resolve().parents[2] / "seed" / "emanuel_2024.toml"


class Command(BaseCommand):
    help = "Load the bundled Rahm Emanuel interview with its events, quotes, claims and verdicts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dataset",
            type=Path,
            default=SEED,
            help="A dataset TOML file (default: the bundled interview).",
        )

    def handle(self, *args: Any, dataset: Path, **options: Any) -> None:
        try:
            data = tomllib.loads(dataset.read_text(encoding="utf-8"))
            text = (dataset.parent / data["transcript"]["text"]).read_text(encoding="utf-8")
        except (OSError, tomllib.TOMLDecodeError, KeyError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read the dataset {dataset}: {error}") from error
        try:
            with transaction.atomic():
                self.load(data, text)
        except (ValidationError, KeyError, ValueError) as error:
            raise CommandError(f"The dataset is not valid, nothing was loaded: {error}") from error

    def step(self, label: str, created: int, total: int) -> None:
        self.stdout.write(f"  {label:<11} {total:>4} in the dataset, {created:>4} new")

    def load(self, data: dict, text: str) -> None:
        self.stdout.write("Loading the interview…")
        speakers = self.load_speakers(data["speakers"])
        transcript = self.load_transcript(data["transcript"], text, speakers)
        levels = self.load_scale(data["rating_scale"])
        topics = self.upsert(Topic, data["topics"], "topics", ["name", "description"])
        eras = self.upsert(Era, data.get("eras", []), "eras", ["title"], dated=True)
        events = self.load_events(data["events"], topics, eras)
        sources = self.load_sources(data["sources"])
        quotes = self.load_quotes(data["quotes"], transcript, speakers, events)
        self.load_claims(data["claims"], quotes, levels, sources)
        self.stdout.write(self.style.SUCCESS("Done: the interview is loaded."))

    def upsert(
        self,
        model,
        rows: list[dict],
        label: str,
        fields: list[str],
        *,
        dated: bool = False,
        write: Callable[[Any, dict], Any] | None = None,
    ) -> dict[str, Any]:
        """Add each row, or bring it in line with the dataset; `write` saves one (a model
        instance, new or not, and its values from the dataset) when a service must."""
        found, created = {}, 0
        for row in rows:
            values = {name: row.get(name, "") for name in fields}
            if dated:
                values["edtf"] = row["date"]
            instance = model.objects.filter(slug=row["slug"]).first() or model(slug=row["slug"])
            if instance.pk is None or any(getattr(instance, k) != v for k, v in values.items()):
                created += instance.pk is None
                instance = (write or self.save)(instance, values)
            found[row["slug"]] = instance
        self.step(label, created, len(rows))
        return found

    @staticmethod
    def save(instance: Any, values: dict) -> Any:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
        return instance

    def load_speakers(self, rows: list[dict]) -> dict[str, Speaker]:
        return self.upsert(Speaker, rows, "speakers", ["name", "job_title", "description"])

    def load_transcript(self, row: dict, text: str, speakers: dict[str, Speaker]) -> Transcript:
        transcript = Transcript.objects.filter(slug=row["slug"]).first()
        if transcript is None:
            transcript = services.transcript_create(
                slug=row["slug"],
                title=row["title"],
                text=text,
                interviewer=speakers[row["interviewer"]],
                interviewee=speakers[row["interviewee"]],
                interview_date=row["interview_date"],
                publisher=row.get("publisher", ""),
                url=row.get("url", ""),
                published=row.get("published", ""),
                interviewer_paragraphs=row["interviewer_paragraphs"],
                closing_paragraphs=row.get("closing_paragraphs", []),
            )
        elif transcript.text != text:
            report = services.transcript_update_text(transcript=transcript, text=text)
            self.stdout.write(
                f"  transcript text corrected: {report.moved} quotes moved, "
                f"{len(report.orphaned)} orphaned"
            )
        self.stdout.write(
            f"  transcript  “{transcript.title}”, {transcript.passages.count()} passages"
        )
        return transcript

    def load_scale(self, row: dict) -> dict[str, RatingLevel]:
        scale, created = RatingScale.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "version": row["version"],
                "description": row.get("description", ""),
                "is_current": not RatingScale.objects.filter(is_current=True).exists(),
            },
        )
        levels = {}
        for item in row["levels"]:
            level, _ = RatingLevel.objects.get_or_create(
                scale=scale,
                slug=item["slug"],
                defaults={
                    "label": item["label"],
                    "value": item["value"],
                    "definition": item["definition"],
                },
            )
            levels[item["slug"]] = level
        self.step("levels", len(levels) if created else 0, len(levels))
        return levels

    def load_events(self, rows: list[dict], topics: dict, eras: dict) -> dict[str, Event]:
        events = self.upsert(
            Event,
            [{**row, "era": eras.get(row.get("era") or "")} for row in rows],
            "events",
            ["title", "summary", "era"],
            dated=True,
        )
        for row in rows:
            wanted = {topics[slug].pk for slug in row.get("topics", [])}
            event = events[row["slug"]]
            if set(event.topics.values_list("pk", flat=True)) != wanted:
                event.topics.set(wanted)
        return events

    def load_sources(self, rows: list[dict]) -> dict[str, Source]:
        def write(source: Source, values: dict) -> Source:
            if source.pk is None:
                return services.source_create(slug=source.slug, **values)
            return services.source_update(source=source, **values)

        fields = ["title", "publisher", "author", "date", "url", "kind"]
        return self.upsert(Source, rows, "sources", fields, write=write)

    def load_quotes(
        self, rows: list[dict], transcript: Transcript, speakers: dict, events: dict
    ) -> dict[str, Quote]:
        quotes, created = {}, 0
        before = transcript.quotes.count()
        for row in rows:
            prefix = row.get("prefix", "")
            hint = transcript.text.find(prefix + row["exact"]) + len(prefix) if prefix else None
            quote = services.quote_create(
                transcript=transcript,
                exact=row["exact"],
                prefix=prefix,
                hint=hint,
                speaker=speakers[row["speaker"]],
            )
            for mention in row.get("mentions", []):
                services.mention_add(
                    quote=quote, event=events[mention["event"]], phrase=mention.get("phrase", "")
                )
            quotes[row["key"]] = quote
        created = transcript.quotes.count() - before
        self.step("quotes", created, len(rows))
        return quotes

    def load_claims(self, rows: list[dict], quotes: dict, levels: dict, sources: dict) -> None:
        created = 0
        for row in rows:
            claim = Claim.objects.filter(slug=row["slug"]).first()
            if claim is None:
                claim = services.claim_import(
                    quote=quotes[row["quote"]], text=row["text"], slug=row["slug"]
                )
                created += 1
            verdict = row["verdict"]
            if (current := claim.published_verdict) is not None:
                if (current.level.slug, current.rationale) != (
                    verdict["level"],
                    verdict["rationale"],
                ):
                    self.stdout.write(
                        self.style.WARNING(
                            f"  {claim.slug}: the published verdict differs from the dataset; "
                            "left as published (correct it on the desk)."
                        )
                    )
                continue
            services.verdict_import(
                claim=claim,
                level=levels[verdict["level"]],
                rationale=verdict["rationale"],
                analysis=verdict.get("analysis", ""),
                as_of=datetime.date.fromisoformat(str(verdict["as_of"])),
                evidence=[
                    services.EvidenceItem(
                        source=sources[item["source"]],
                        stance=item["stance"],
                        note=item.get("note", ""),
                    )
                    for item in verdict["evidence"]
                ],
            )
        self.step("claims", created, len(rows))
