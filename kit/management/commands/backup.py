"""manage.py backup PATH: a consistent snapshot of the database, taken while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kit import backups


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the whole database to a new file, while the site "
        "keeps running: a SQLite database file, or a pg_dump custom-format file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the file to write; it must not exist yet")
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args, path: Path, database: str, **options) -> None:
        try:
            kind = backups.backup(path, alias=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(f"Backed up the {kind} database to {path} ({size:,} bytes).")
