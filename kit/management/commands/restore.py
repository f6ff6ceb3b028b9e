"""manage.py restore PATH: put back the database a `manage.py backup` file holds."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kit import backups


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a snapshot written by `manage.py backup`. "
        "Refuses a database that holds data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a file written by manage.py backup")
        parser.add_argument("--database", default="default", help="the database alias")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data (everything in it now is lost)",
        )

    def handle(self, *args, path: Path, database: str, force: bool, **options) -> None:
        try:
            kind = backups.restore(path, alias=database, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the {kind} database from {path}.")
