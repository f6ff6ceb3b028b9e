"""Load the bundled interview and its curated dataset (factcheck/seed/emanuel_2024.toml).

The dataset names everything by slug, so loading is idempotent: a second run finds every
row in place and changes nothing. Loading only adds: a missing row is created, an empty
field is filled, and a field that still holds a value an earlier version of the dataset
shipped (listed under the row's `previous` table) takes the new value. Any other
difference is something people changed: it is kept and reported, never overwritten.
Published verdicts are never overwritten either; the dataset's own corrections of its
verdicts go through the desk's services, as a public Correction, under the dataset's
accounts (an editor and a reviewer, so the two-person rule holds).
"""

import datetime
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from factcheck import roles, services
from factcheck.models import (
    Claim,
    Correction,
    Mention,
    Quote,
    RatingLevel,
    RatingScale,
    Source,
    Speaker,
    Transcript,
)
from kit.cache import bump_data_version
from timeline.dates import DateParseError, resolve_relative
from timeline.models import Era, Event, Topic

SEED = Path(__file__).resolve().parents[2] / "seed" / "emanuel_2024.toml"
# The accounts the dataset's own corrections are recorded under: no password, so nobody
# logs in as them; they only hold the roles the services check.
DATASET_EDITOR = "dataset-editor"
DATASET_REVIEWER = "dataset-reviewer"


def spoken_date(phrase: str, interview_date: str, stated: str = "") -> str:
    """The date a spoken phrase gives: a relative phrase resolved against the interview
    date; otherwise the dataset's reading of an absolute phrase ("back in 2014": 2014)."""
    if not phrase:
        return ""
    try:
        return resolve_relative(phrase, interview_date).resolved.edtf
    except DateParseError:
        return stated


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
        self.kept: list[str] = []
        try:
            with transaction.atomic():
                self.load(data, text)
                bump_data_version()  # it writes events and topics directly, not only by services
        except (ValidationError, KeyError, ValueError) as error:
            raise CommandError(f"The dataset is not valid, nothing was loaded: {error}") from error
        if self.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(self.kept)} differences from the dataset were kept as people left "
                    "them (not overwritten):"
                )
            )
            for line in self.kept:
                self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Done: the interview is loaded."))

    def step(self, label: str, created: int, total: int) -> None:
        self.stdout.write(f"  {label:<11} {total:>4} in the dataset, {created:>4} new")

    def keep(self, what: str, field: str, stored: Any, seed: Any) -> None:
        self.kept.append(f"{what} {field}: kept {stored!r}; the dataset has {seed!r}")

    def load(self, data: dict, text: str) -> None:
        self.stdout.write("Loading the interview…")
        speakers = self.load_speakers(data["speakers"])
        transcript = self.load_transcript(data["transcript"], text, speakers)
        levels = self.load_scale(data["rating_scale"])
        topics = self.merge(Topic, data["topics"], "topics", ["name", "description"])
        eras = self.merge(Era, data.get("eras", []), "eras", ["title"], dated=True)
        events = self.load_events(data["events"], topics, eras)
        sources = self.load_sources(data["sources"])
        quotes = self.load_quotes(data["quotes"], transcript, speakers, events)
        self.withdraw_mentions(data.get("withdrawn_mentions", []), quotes, events)
        self.load_claims(data["claims"], quotes, levels, sources)

    def merge_fields(self, instance, values: dict[str, Any], previous: dict, what: str) -> bool:
        """Set each field that is empty or still holds an earlier dataset value; report the
        rest. True when something changed."""
        changed = False
        for name, value in values.items():
            stored = getattr(instance, name)
            if stored == value:
                continue
            if stored in ("", None) or stored in previous.get(name, []):
                setattr(instance, name, value)
                changed = True
            else:
                self.keep(what, name, str(stored), str(value))
        return changed

    def merge(
        self,
        model,
        rows: list[dict],
        label: str,
        fields: list[str],
        *,
        dated: bool = False,
        write: Callable[[Any, dict], Any] | None = None,
    ) -> dict[str, Any]:
        """Add each missing row; fill what is empty or still an earlier dataset's value, and
        report what people changed. `write` saves one (a model instance, new or not, and its
        values) when a service must."""
        found, created = {}, 0
        for row in rows:
            values = {name: row.get(name, "") for name in fields}
            if dated:
                values["edtf"] = row["date"]
            previous = row.get("previous", {})
            if dated and "date" in previous:
                previous = {**previous, "edtf": previous["date"]}
            instance = model.objects.filter(slug=row["slug"]).first()
            if instance is None:
                instance = model(slug=row["slug"], **values)
                created += 1
                changed = True
            else:
                what = f"{model._meta.verbose_name} {row['slug']}"
                changed = self.merge_fields(instance, values, previous, what)
            if changed:
                instance = (write or self.save)(instance, {k: getattr(instance, k) for k in values})
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
        return self.merge(Speaker, rows, "speakers", ["name", "job_title", "description"])

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
                interviewee_title=row.get("interviewee_title", ""),
            )
        else:
            if transcript.text != text:
                report = services.transcript_update_text(transcript=transcript, text=text)
                self.stdout.write(
                    f"  transcript text corrected: {report.moved} quotes moved, "
                    f"{len(report.orphaned)} orphaned"
                )
            self.merge_transcript(transcript, row)
        self.stdout.write(
            f"  transcript  “{transcript.title}”, {transcript.passages.count()} passages"
        )
        return transcript

    def merge_transcript(self, transcript: Transcript, row: dict) -> None:
        old_date = transcript.interview_date
        fields = ["title", "interview_date", "publisher", "url", "published"]
        values = {name: row.get(name, "") for name in fields}
        what = f"transcript {transcript.slug}"
        if not self.merge_fields(transcript, values, row.get("previous", {}), what):
            return
        transcript.full_clean()
        transcript.save()
        if transcript.interview_date == old_date:
            return
        # Relative phrases were resolved against the old date: resolve again those whose
        # resolution nobody has changed since.
        for mention in Mention.objects.filter(quote__transcript=transcript).exclude(phrase=""):
            if mention.spoken_edtf == spoken_date(mention.phrase, old_date, mention.spoken_edtf):
                resolved = spoken_date(mention.phrase, transcript.interview_date)
                if resolved and resolved != mention.spoken_edtf:
                    mention.spoken_edtf = resolved
                    mention.full_clean()
                    mention.save(update_fields=["spoken_edtf"])

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
        existing = set(
            Event.objects.filter(slug__in=[row["slug"] for row in rows]).values_list(
                "slug", flat=True
            )
        )
        events = self.merge(
            Event,
            [{**row, "era": eras.get(row.get("era") or "")} for row in rows],
            "events",
            ["title", "summary", "era"],
            dated=True,
        )
        for row in rows:
            wanted = {topics[slug].pk for slug in row.get("topics", [])}
            event = events[row["slug"]]
            current = set(event.topics.values_list("pk", flat=True))
            if row["slug"] not in existing or not current:
                event.topics.set(wanted)
            elif current != wanted:
                self.keep(f"event {row['slug']}", "topics", sorted(current), sorted(wanted))
        return events

    def load_sources(self, rows: list[dict]) -> dict[str, Source]:
        def write(source: Source, values: dict) -> Source:
            if source.pk is None:
                return services.source_create(slug=source.slug, **values)
            return services.source_update(source=source, **values)

        fields = ["title", "publisher", "author", "date", "url", "archived_url", "kind", "notes"]
        return self.merge(Source, rows, "sources", fields, write=write)

    def load_quotes(
        self, rows: list[dict], transcript: Transcript, speakers: dict, events: dict
    ) -> dict[str, Quote]:
        quotes = {}
        before = transcript.quotes.count()
        mentions_before = Mention.objects.filter(quote__transcript=transcript).count()
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
            for item in row.get("mentions", []):
                self.load_mention(quote, row["key"], events[item["event"]], item, transcript)
            quotes[row["key"]] = quote
        self.step("quotes", transcript.quotes.count() - before, len(rows))
        mentions = Mention.objects.filter(quote__transcript=transcript).count()
        self.step(
            "mentions", mentions - mentions_before, sum(len(r.get("mentions", [])) for r in rows)
        )
        return quotes

    def load_mention(
        self, quote: Quote, key: str, event: Event, item: dict, transcript: Transcript
    ) -> None:
        phrase = item.get("phrase", "")
        spoken = spoken_date(phrase, transcript.interview_date, item.get("spoken", ""))
        mention = Mention.objects.filter(quote=quote, event=event).first()
        if mention is None:
            mention = services.mention_add(quote=quote, event=event, phrase=phrase)
            if mention.spoken_edtf != spoken:
                mention.spoken_edtf = spoken
                mention.full_clean()
                mention.save(update_fields=["spoken_edtf"])
            return
        what = f"mention of {event.slug} in quote {key}"
        if mention.phrase != phrase and mention.phrase:
            self.keep(what, "phrase", mention.phrase, phrase)
            return
        values = {"phrase": phrase, "spoken_edtf": spoken}
        if self.merge_fields(mention, values, {}, what):
            mention.full_clean()
            mention.save()

    def withdraw_mentions(self, rows: list[dict], quotes: dict, events: dict) -> None:
        """Remove links the dataset once made wrongly, if they are still as it made them."""
        for row in rows:
            mention = Mention.objects.filter(
                quote=quotes[row["quote"]], event=events[row["event"]]
            ).first()
            if mention is None:
                continue
            if mention.phrase == row.get("phrase", ""):
                mention.delete()
            else:
                what = f"mention of {row['event']} in quote {row['quote']}"
                self.keep(what, "phrase", mention.phrase, "(withdrawn by the dataset)")

    def load_claims(self, rows: list[dict], quotes: dict, levels: dict, sources: dict) -> None:
        created = corrected = 0
        for row in rows:
            claim = Claim.objects.filter(slug=row["slug"]).first()
            if claim is None:
                claim = services.claim_import(
                    quote=quotes[row["quote"]], text=row["text"], slug=row["slug"]
                )
                created += 1
            verdict = row["verdict"]
            if claim.published_verdict is None and not claim.verdicts.exists():
                services.verdict_import(
                    claim=claim,
                    level=levels[verdict["level"]],
                    rationale=verdict["rationale"],
                    analysis=verdict.get("analysis", ""),
                    as_of=datetime.date.fromisoformat(str(verdict["as_of"])),
                    evidence=self.evidence(verdict["evidence"], sources),
                )
            # Each correction corrects the one before it (the first, the verdict itself).
            corrected_from = verdict
            for correction in row.get("corrections", []):
                corrected += self.correct(claim, corrected_from, correction, levels, sources)
                corrected_from = correction
            claim.refresh_from_db()
            current = claim.published_verdict
            expected = (row.get("corrections") or [verdict])[-1]
            if current is not None and (current.level.slug, current.rationale) != (
                expected["level"],
                expected["rationale"],
            ):
                self.kept.append(
                    f"claim {claim.slug}: the published verdict differs from the dataset; "
                    "left as published (correct it on the desk)."
                )
        self.step("claims", created, len(rows))
        self.step("corrections", corrected, sum(len(r.get("corrections", [])) for r in rows))

    def evidence(self, items: list[dict], sources: dict) -> list[services.EvidenceItem]:
        return [
            services.EvidenceItem(
                source=sources[item["source"]], stance=item["stance"], note=item.get("note", "")
            )
            for item in items
        ]

    def correct(
        self, claim: Claim, original: dict, correction: dict, levels: dict, sources: dict
    ) -> int:
        """Publish the dataset's correction of its own verdict, through the desk's services,
        if the claim still shows the version it corrects, `original` (and not already
        corrected)."""
        current = claim.published_verdict
        if (
            current is None
            or Correction.objects.filter(claim=claim, note=correction["note"]).exists()
        ):
            return 0
        if (current.level.slug, current.rationale) != (original["level"], original["rationale"]):
            return 0  # changed on the desk since: reported by the caller, left alone
        editor, reviewer = self.dataset_accounts()
        draft = services.verdict_correct(verdict=current, note=correction["note"], by=editor)
        draft = services.verdict_update(
            verdict=draft,
            version=draft.version,
            level=levels[correction["level"]],
            rationale=correction["rationale"],
            analysis=correction.get("analysis", ""),
            as_of=datetime.date.fromisoformat(str(correction["as_of"])),
            evidence=self.evidence(correction["evidence"], sources),
            by=editor,
        )
        draft = services.verdict_submit(verdict=draft, version=draft.version, by=editor)
        services.verdict_publish(
            verdict=draft,
            by=reviewer,
            correction_kind=correction.get("kind", Correction.Kind.CORRECTION),
            correction_note=correction["note"],
        )
        claim.refresh_from_db()
        return 1

    def dataset_accounts(self):
        if not hasattr(self, "_accounts"):
            groups = roles.sync_roles()
            User = get_user_model()
            accounts = []
            for username, group in (
                (DATASET_EDITOR, roles.EDITORS),
                (DATASET_REVIEWER, roles.APPROVERS),
            ):
                user, created = User.objects.get_or_create(username=username)
                if created:
                    user.set_unusable_password()
                    user.save()
                user.groups.add(groups[group])
                accounts.append(User.objects.get(pk=user.pk))  # fresh permission cache
            self._accounts = tuple(accounts)
        return self._accounts
