"""How fast the reader's pages and the open-data outputs answer, and how many queries they
cost, as the chronology grows. Prints a table; asserts nothing.

    .venv/bin/python benchmarks/pages.py                 # 2,000 extra events, SQLite
    .venv/bin/python benchmarks/pages.py --events 20000 --requests 30
    DATABASE_URL=postgres://postgres@127.0.0.1/bench .venv/bin/python benchmarks/pages.py --flush

It builds its own database (a temporary SQLite file; with DATABASE_URL set, that database,
emptied first, which --flush must confirm), loads the interview, adds synthetic events tied
to the interview's quotes, then requests each page through Django's test client.
"""

import argparse
import statistics
import time

import prepare


def build(events: int) -> None:
    import random

    from factcheck.models import Mention, Quote
    from timeline.models import Event, Topic

    prepare.build_database()
    rng = random.Random(2024)
    topics = list(Topic.objects.all())
    quotes = list(Quote.objects.all())
    batch = []
    for number in range(events):
        year = rng.randint(1950, 2024)
        month = rng.randint(1, 12)
        edtf = rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-15", f"{year}~"])
        event = Event(
            title=f"Synthetic event {number}",
            slug=f"synthetic-{number}",
            edtf=edtf,
            summary="Generated for the benchmark.",
        )
        event.save()  # derives the bounds; bulk_create would skip that
        batch.append(event)
    Event.topics.through.objects.bulk_create(
        Event.topics.through(event=event, topic=rng.choice(topics)) for event in batch
    )
    Mention.objects.bulk_create(Mention(event=event, quote=rng.choice(quotes)) for event in batch)


class QueryLog:
    """Counts the SQL a request runs (connection.execute_wrapper), whatever DEBUG says."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def __call__(self, execute, sql, params, many, context):
        self.log.append(sql)
        return execute(sql, params, many, context)


def fetch(client, url: str, headers: dict) -> tuple:
    """The response and its whole body (a streamed one is read to the end)."""
    response = client.get(url, headers=headers)
    return response, b"".join(response) if response.streaming else response.content


def measure(requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from factcheck.models import Claim, Transcript
    from timeline.models import Event

    event = Event.objects.filter(mentions__isnull=False).order_by("pk").first()
    claim = Claim.objects.published().order_by("pk").first()
    transcript = Transcript.objects.get()
    last = Event.objects.chronological().last()
    pages = [
        ("timeline", "reader:event_list", {}, ""),
        ("timeline, HTMX fragment", "reader:event_list", {}, "htmx"),
        (
            "timeline, two topics + text",
            "reader:event_list",
            {},
            "?topic=south-china-sea&topic=cyber-and-ip&q=china",
        ),
        ("timeline, dates 2012-2016", "reader:event_list", {}, "?dates=2012-2016"),
        ("event page", "reader:event_detail", {"slug": event.slug}, ""),
        ("claim page", "reader:claim_detail", {"slug": claim.slug}, ""),
        ("interview", "reader:transcript_detail", {"slug": transcript.slug}, ""),
        ("sources", "reader:source_list", {}, ""),
        ("corrections", "reader:correction_list", {}, ""),
        ("timeline.json", "reader:timelinejs", {}, ""),
        ("claimreview.json", "reader:claimreview_feed", {}, ""),
        ("API events", "api:event_list", {}, ""),
        ("API claims", "api:claim_list", {}, ""),
        ("events.csv (streamed)", "reader:events_csv", {}, ""),
        ("claims.csv (streamed)", "reader:claims_csv", {}, ""),
        ("sitemap.xml", "sitemap", {}, ""),
    ]
    client = Client()
    print(f"{Event.objects.count():,} events; last is {last.date_label}.\n")
    print(f"{'page':<30} {'status':>6} {'queries':>8} {'median ms':>10} {'p95 ms':>8} {'KiB':>7}")
    for label, name, kwargs, extra in pages:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        headers = {"HX-Request": "true"} if extra == "htmx" else {}
        url += extra if extra.startswith("?") else ""
        response, body = fetch(client, url, headers)
        queries: list[str] = []
        with connection.execute_wrapper(QueryLog(queries)):
            fetch(client, url, headers)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response, _ = fetch(client, url, headers)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
        print(
            f"{label:<30} {response.status_code:>6} {len(queries):>8} "
            f"{statistics.median(timings):>10.1f} {p95:>8.1f} {len(body) / 1024:>7.1f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000, help="synthetic events to add")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    arguments = prepare.configure(parser, host="testserver")
    started = time.perf_counter()
    build(arguments.events)
    print(f"Built the database in {time.perf_counter() - started:.1f} s.")
    measure(arguments.requests)
