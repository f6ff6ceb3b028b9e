"""`manage.py record_first_publications`: make public again the claims whose verdicts were
published without Claim.first_published_at being kept (factcheck.checks names them)."""

from django.core.management.base import BaseCommand

from factcheck import services


class Command(BaseCommand):
    help = "Fill each claim's first publication from its first public verdict, where it is empty."

    def handle(self, *args, **options) -> None:
        count = services.record_first_publications()
        self.stdout.write(f"Recorded the first publication of {count} claim(s).")
