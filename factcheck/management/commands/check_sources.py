"""`manage.py check_sources`: request every source URL and record what answered.

Each URL gets a HEAD request, then a GET when the server refuses HEAD (405, 501, or 403 from
servers that answer HEAD differently); redirects are followed, and the status, the final URL
and the time are saved on the Source, so admins can filter dead links in the admin. The
requests run in a small thread pool with a bounded timeout, and name the site in their
User-Agent so a publisher can tell who is checking.
"""

import datetime
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from factcheck.models import Source
from kit.cache import bump_data_version

# Servers that mishandle HEAD answer with one of these; a GET then says what the link is.
RETRY_WITH_GET = {403, 405, 501}


@dataclass(frozen=True)
class LinkCheck:
    status: int | None
    final_url: str
    error: str
    checked_at: datetime.datetime


def user_agent() -> str:
    site = getattr(settings, "SITE_URL", "") or "the fact-check site"
    return f"FactCheckLinkChecker/1.0 (+{site}; checks the sources its verdicts cite)"


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:  # an answer, only not a 2xx one
        return error.code, error.geturl() or url


def check_url(url: str, *, timeout: float = 10.0) -> LinkCheck:
    """HEAD `url` (GET if HEAD is refused), following redirects."""
    try:
        status, final_url = _request(url, "HEAD", timeout)
        if status in RETRY_WITH_GET:
            status, final_url = _request(url, "GET", timeout)
        error = ""
    except (urllib.error.URLError, OSError, ValueError) as problem:
        status, final_url = None, ""
        reason = getattr(problem, "reason", problem)
        error = (str(reason) or problem.__class__.__name__)[:200]
    return LinkCheck(status, final_url[:500], error, timezone.now())


class Command(BaseCommand):
    help = "Request every source URL and record its status, final URL and when it was checked."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--workers", type=int, default=4, help="Requests at a time (1-16).")

    def handle(self, *args: Any, timeout: float, workers: int, **options: Any) -> None:
        sources = list(Source.objects.exclude(url="").only("pk", "url"))
        workers = min(max(workers, 1), 16)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda s: check_url(s.url, timeout=timeout), sources))
        dead = 0
        for source, result in zip(sources, results, strict=True):
            source.link_status = result.status
            source.link_final_url = result.final_url
            source.link_error = result.error
            source.link_checked_at = result.checked_at
            dead += source.link_broken
            if source.link_broken:
                what = result.status or result.error
                self.stdout.write(self.style.WARNING(f"  {source.url}: {what}"))
        Source.objects.bulk_update(
            sources, ["link_status", "link_final_url", "link_error", "link_checked_at"]
        )
        bump_data_version()  # readers see which links are dead
        self.stdout.write(f"Checked {len(sources)} source URLs: {dead} not answering with success.")
