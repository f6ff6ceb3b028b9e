"""How the reader's pages and the open-data outputs answer as the archive grows, and how fast
they are served over HTTP, cached and not, beside a bare Django view. Prints tables; asserts
nothing (the tests pin query counts and sizes; this measures time).

    .venv/bin/python benchmarks/pages.py                          # 100,000 events, SQLite
    .venv/bin/python benchmarks/pages.py --events 20000 --requests 10 --no-http
    DATABASE_URL=postgres://postgres@127.0.0.1/bench .venv/bin/python benchmarks/pages.py --flush
    DATABASE_URL=postgres://postgres@127.0.0.1/bench .venv/bin/python benchmarks/pages.py \
        --flush --beside-sqlite                       # both databases in one run

1. Growth: each page through Django's test client at the interview's own size and after
   adding `--events` events through the real write path (Event.save(), which derives each
   date; every date distinct). Each size is served by its own new process, as a worker
   started on that database (the interview alone is a copy made before the load), with
   the date-parse cache emptied before every request and the page cache off, and the two
   sizes' requests alternate, in a random order, going round all the pages again and again
   (`--requests` rounds), so that the machine's drift weighs on both alike. The
   queries and time of the first request after a change to the record (which builds the
   filter choices and year counts pages share), then the median and p95 of those after it
   (which reuse them until the next change), bytes, and the ratio of the large median to
   the small. With --beside-sqlite, the same archive is built on SQLite too and its two
   sizes' requests alternate with the other database's: one table for each, then each
   page's time on the other database as a share of SQLite's, measured side by side.
2. HTTP: gunicorn on 127.0.0.1 driven by wrk (Debian's `wrk`; a small Python client when it
   is missing) for a few pages, with the page cache on and off, beside a view that only
   returns "ok" (benchmarks/floor.py) served by the same gunicorn in the same run, and each
   page's requests per second as a share of that floor's.

It builds its own database: a temporary SQLite file, or, with DATABASE_URL set, that database
emptied first (which --flush must confirm), and its copy at the interview's size (on
PostgreSQL, <name>_small, made again on every run).
"""

import argparse
import atexit
import datetime
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import prepare


def configure() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events to add")
    parser.add_argument(
        "--requests", type=int, default=40, help="timed requests per page and database"
    )
    parser.add_argument("--seconds", type=int, default=8, help="length of each HTTP run")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP runs")
    parser.add_argument(
        "--beside-sqlite",
        action="store_true",
        help="with DATABASE_URL: build the same archive on SQLite too and measure both in one "
        "run, their requests alternating, to compare the databases",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one)"
    )
    # Django's test client (testserver) for the growth table, gunicorn on 127.0.0.1 for HTTP.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    # A cache of each process's own (the workers and the build run this too), removed when
    # it ends: the data version and what pages remember are filed by name, not by database.
    os.environ["CACHE_DIR"] = cache = tempfile.mkdtemp(prefix="benchmark-cache-")
    atexit.register(shutil.rmtree, cache, ignore_errors=True)
    return prepare.configure(parser, host="127.0.0.1")


# Words for the generated events' text, so that a word is found in a few per cent of them,
# as in a real archive (a word in every event would make every search return the archive).
VOCABULARY = [
    "ruling",
    "summit",
    "deal",
    "treaty",
    "tariff",
    "election",
    "visit",
    "strike",
    "sanction",
    "patrol",
    "exercise",
    "ministry",
    "court",
    "island",
    "trade",
    "alliance",
    "embargo",
    "vote",
    "merger",
    "launch",
]
# One generated event in this many is mentioned by one of the interview's quotes: an archive
# of 100,000 events comes from many interviews, not from one interview's 84 quotes.
MENTIONED_ONE_IN = 20


def grow(events: int) -> float:
    """Add `events` events with distinct dates through Event.save(); seconds taken."""
    from django.db import transaction

    from factcheck.models import Mention, Quote
    from timeline.models import Event, Topic

    rng = random.Random(2024)
    topics = list(Topic.objects.all())
    quotes = list(Quote.objects.all())
    first_day = datetime.date(1700, 1, 1)
    started = time.perf_counter()
    batch: list = []
    with transaction.atomic():
        for number in range(events):
            day = first_day + datetime.timedelta(days=number)
            edtf = [
                day.isoformat(),
                f"{day.isoformat()}~",
                f"{day.isoformat()}/{(day + datetime.timedelta(days=3)).isoformat()}",
            ][number % 3]
            words = " ".join(rng.sample(VOCABULARY, 2))
            event = Event(
                title=f"Generated event {number}: {words}",
                slug=f"generated-{number}",
                edtf=edtf,
                summary=f"Generated for the benchmark: {' '.join(rng.sample(VOCABULARY, 3))}.",
            )
            event.save()  # the real write path: the date is read and derived here
            batch.append(event)
        Event.topics.through.objects.bulk_create(
            Event.topics.through(event=event, topic=rng.choice(topics)) for event in batch
        )
        Mention.objects.bulk_create(
            Mention(event=event, quote=rng.choice(quotes)) for event in batch[::MENTIONED_ONE_IN]
        )
    from kit.cache import bump_data_version

    bump_data_version()
    seconds = time.perf_counter() - started
    settle()
    return seconds


def settle() -> None:
    """Leave the database as a server would find it some time after a load."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a load; measured without it, the pages would
            # be planned on the statistics of the empty tables (or of a previous run), and
            # no count could be answered from an index alone (the visibility map is unset).
            cursor.execute("VACUUM ANALYZE")
        else:
            # What a restart does: the load's pages are moved from the write-ahead log into
            # the database and the log emptied, so that reads do not look for their pages
            # in a log of a hundred thousand saves.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def copy_database() -> str:
    """A copy of the database as it is, to measure beside the grown one; its URL."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        copy = f"{settings['NAME']}_small"
        server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            maintenance.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{settings["NAME"]}"')
        return f"{server}/{copy}"
    copy = str(Path(settings["NAME"]).with_name("small.sqlite3"))
    shutil.copyfile(settings["NAME"], copy)
    return f"sqlite:///{copy}"


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


def pages() -> list[tuple[str, str, dict]]:
    from django.urls import reverse

    from factcheck.models import Claim, Transcript
    from reader.api import EVENTS
    from reader.views.chronology import CHRONOLOGY
    from timeline.models import CHRONOLOGICAL, Event

    event = Event.objects.filter(mentions__isnull=False).order_by("pk").first()
    claim = Claim.objects.published().order_by("pk").first()
    transcript = Transcript.objects.order_by("pk").first()
    assert event and claim and transcript and transcript.interviewee
    # A page near the end of the chronology, as deep as a harvester paging through goes,
    # with a whole page after it at either size: past the 99,900th event at the large size,
    # the first at the small (which costs what the first page does; so should the deep one).
    chronology = Event.objects.public().order_by(*CHRONOLOGICAL)
    deep = chronology[max(chronology.count() - 100, 0)]
    return [
        ("timeline", reverse("reader:event_list"), {}),
        ("timeline, HTMX fragment", reverse("reader:event_list"), {"HX-Request": "true"}),
        (
            "timeline, two topics + text",
            reverse("reader:event_list") + "?topic=south-china-sea&topic=cyber-and-ip&q=china",
            {},
        ),
        # A word in nearly a quarter of the generated events: thousands of matches.
        ("timeline, common word", reverse("reader:event_list") + "?q=summit", {}),
        # A word only three of the interview's events hold, and none of the quotes dating
        # others: the same matches at either size, so that the ratio is the search's own
        # growth, not a longer list of results.
        ("timeline, rare word", reverse("reader:event_list") + "?q=manila", {}),
        ("timeline, dates 2012-2016", reverse("reader:event_list") + "?dates=2012-2016", {}),
        # A topic holds a tenth of the generated events, an interview's quotes date 5,000
        # of them: the filters let thousands through, the page shows twenty.
        ("timeline, one topic", reverse("reader:event_list") + "?topic=south-china-sea", {}),
        (
            "timeline, a topic in 2012-2016",
            reverse("reader:event_list") + "?topic=south-china-sea&dates=2012-2016",
            {},
        ),
        (
            "timeline, one interview",
            reverse("reader:event_list") + f"?interview={transcript.slug}",
            {},
        ),
        ("timeline, from 2016", reverse("reader:event_list") + "?year=2016", {}),
        (
            "timeline, deep page",
            reverse("reader:event_list") + f"?after={CHRONOLOGY.cursor(deep)}",
            {},
        ),
        ("event page", event.get_absolute_url(), {}),
        ("claim page", claim.get_absolute_url(), {}),
        ("interview", transcript.get_absolute_url(), {}),
        ("interview, by date", transcript.get_absolute_url() + "?order=chronological", {}),
        ("interviews", reverse("reader:interview_list"), {}),
        ("speakers", reverse("reader:speaker_list"), {}),
        ("speaker page", transcript.interviewee.get_absolute_url(), {}),
        ("claims", reverse("reader:claim_list"), {}),
        ("claims, text", reverse("reader:claim_list") + "?q=china", {}),
        ("sources", reverse("reader:source_list"), {}),
        ("corrections", reverse("reader:correction_list"), {}),
        ("open data page", reverse("reader:data"), {}),
        ("timeline.json, 2012-2016", reverse("reader:timelinejs") + "?dates=2012-2016", {}),
        ("claimreview.json", reverse("reader:claimreview_feed"), {}),
        ("API events", reverse("api:event_list"), {}),
        ("API events, text", reverse("api:event_list") + "?q=summit", {}),
        ("API events, rare word", reverse("api:event_list") + "?q=manila", {}),
        ("API events, one topic", reverse("api:event_list") + "?topic=south-china-sea", {}),
        (
            "API events, deep page",
            reverse("api:event_list") + f"?cursor={EVENTS.cursor(deep)}",
            {},
        ),
        ("API claims", reverse("api:claim_list"), {}),
        ("events.csv, 2012-2016", reverse("reader:events_csv") + "?dates=2012-2016", {}),
        ("claims.csv (streamed)", reverse("reader:claims_csv"), {}),
        ("sitemap.xml", reverse("sitemap"), {}),
    ]


class Worker:
    """A process serving one database's pages to Django's test client, as a worker started on
    that database would (a cold date cache on every request), asked for one request at a
    time: the two sizes' requests alternate, so that a machine's drift weighs on both alike.
    """

    def __init__(self, database_url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", "--flush"],
            env={**os.environ, "DATABASE_URL": database_url},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, label: str, *, changed: bool) -> list:
        """[status, queries, ms, bytes] of one request for page `label`; with `changed`, the
        first after a change to the record (which builds what pages share: filter choices,
        year counts, kit.cache.remember), whose queries are counted."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps([label, changed]) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait()


def serve_requests() -> None:
    """The worker's side: answer Worker.ask() on stdin and stdout until stdin closes."""
    from django.db import connection
    from django.test import Client

    from kit.cache import bump_data_version
    from timeline import dates

    client = Client()
    targets = {label: (url, headers) for label, url, headers in pages()}
    for line in sys.stdin:
        label, changed = json.loads(line)
        url, headers = targets[label]
        if changed:
            fetch(client, url, headers)
            bump_data_version()  # outside a transaction: at once
        dates._parse.cache_clear()
        queries: list[str] = []
        with connection.execute_wrapper(QueryLog(queries)):
            started = time.perf_counter()
            response, body = fetch(client, url, headers)
            elapsed = (time.perf_counter() - started) * 1000
        print(json.dumps([response.status_code, len(queries), elapsed, len(body)]), flush=True)


def measure(requests: int, databases: dict[str, str]) -> dict[str, dict]:
    """{name: {page: (status, queries, ms after a change, median ms, p95 ms, bytes, queries
    after)}} for each of `databases` ({name: DATABASE_URL}): the first request for each page
    after a change to the record, then `requests` more of each that reuse what it built, as
    readers' do until the next change (the most queries one of them ran: `queries after`).

    The later requests go round the pages `requests` times, each page asked of every
    database in a new random order each time: a page's figures are taken across the whole
    run, not in a second or two of it, and no database is always asked first or right
    after another (on a machine shared with other work, medians of one page's requests
    in a row moved by up to 1.5× between runs; spread out, they hold)."""
    workers = {name: Worker(url) for name, url in databases.items()}
    labels = [label for label, _, _ in pages()]
    results: dict[str, dict] = {name: {} for name in workers}
    try:
        first = {
            label: {name: worker.ask(label, changed=True) for name, worker in workers.items()}
            for label in labels
        }
        # Each change above retired what the pages before it had built: built again here,
        # unmeasured, as the first reader after a change would.
        for label in labels:
            for worker in workers.values():
                worker.ask(label, changed=False)
        timings = {label: {name: [] for name in workers} for label in labels}
        later = {label: dict.fromkeys(workers, 0) for label in labels}
        order = list(workers)
        shuffle = random.Random(2024).shuffle
        for _ in range(requests):
            for label in labels:
                shuffle(order)
                for name in order:
                    _, queries, elapsed, _ = workers[name].ask(label, changed=False)
                    timings[label][name].append(elapsed)
                    later[label][name] = max(later[label][name], queries)
        for label in labels:
            for name, (status, queries, changed, size_bytes) in first[label].items():
                times = sorted(timings[label][name])
                p95 = times[max(0, round(len(times) * 0.95) - 1)]
                median = statistics.median(times)
                row = (status, queries, changed, median, p95, size_bytes, later[label][name])
                results[name][label] = row
    finally:
        for worker in workers.values():
            worker.close()
    return results


def build(events: int) -> dict:
    """The interview's database, a copy of it, then `events` more: {"small": URL, "large":
    URL, "seconds": seconds the events took to save}."""
    prepare.build_database()
    settle()
    small_url = copy_database()  # the interview alone, measured beside the grown archive
    seconds = grow(events)
    return {"small": small_url, "large": os.environ["DATABASE_URL"], "seconds": seconds}


def build_sqlite(events: int) -> dict:
    """build() on a new SQLite file, in a process of its own (this one's Django is set up on
    DATABASE_URL)."""
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, __file__, "--build", "--events", str(events)],
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    built = json.loads(done.stdout.splitlines()[-1])
    # Its files are this process's to remove, when the measuring is done.
    directory = Path(built["large"].removeprefix("sqlite:///")).parent
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return built


# The goals the figures are read against: each page at most this many times its time at the
# interview's size, and PostgreSQL at most this many times SQLite's, on the large archive.
GROWTH_GOAL = 1.25
DATABASE_GOAL = 1.3


def over(ratios: dict[str, float], goal: float) -> str:
    """How many of `ratios` are within `goal`, and which are not."""
    beyond = [f"{label} ({ratio:.2f})" for label, ratio in ratios.items() if ratio > goal]
    within = f"{len(ratios) - len(beyond)} of {len(ratios)} within {goal}×"
    return f"{within}; over: {', '.join(beyond)}" if beyond else f"{within}."


def print_growth(small: dict, large: dict, events: int) -> None:
    print(
        f"\n{'page':<31} {'status':>9} {'queries':>9} {'after change':>15} {'then':>7} "
        f"{'median ms':>15} {'p95 ms':>13} {'ratio':>6} {'KiB':>15}"
    )
    for label, (status, queries, changed, median, p95, size, then) in small.items():
        big = large[label]
        print(
            f"{label:<31} {status:>4}/{big[0]:<4} {queries:>4}/{big[1]:<4} "
            f"{changed:>7.1f}/{big[2]:<7.1f} {then:>3}/{big[6]:<3} "
            f"{median:>7.1f}/{big[3]:<7.1f} {p95:>6.1f}/{big[4]:<6.1f} {big[3] / median:>6.2f} "
            f"{size / 1024:>7.1f}/{big[5] / 1024:<7.1f}"
        )
    print(
        f"(each cell: the interview alone / with {events:,} more events; queries and 'after "
        "change' are the first request after the record changed, 'then' the most queries "
        "of the requests after it, which reuse what it built, and the median and p95 their "
        "times)"
    )
    print(
        "Median large ÷ small: "
        + over({k: large[k][3] / v[3] for k, v in small.items()}, GROWTH_GOAL)
    )
    changed = [
        label
        for label, row in small.items()
        if (row[1], row[6]) != (large[label][1], large[label][6])
    ]
    print(
        "Queries: "
        + (
            f"not the same at {events:,} events on {', '.join(changed)}."
            if changed
            else "the same at either size on every page."
        )
    )


def print_comparison(name: str, large: dict, sqlite: dict) -> None:
    print(f"\n{'page':<31} {'median ms, ' + name + ' / SQLite':>32} {name + ' ÷ SQLite':>20}")
    for label, row in large.items():
        other = sqlite[label]
        print(f"{label:<31} {row[3]:>15.1f}/{other[3]:<16.1f} {row[3] / other[3]:>20.2f}")
    print(f"(with {name}'s and SQLite's requests alternating in the same run)")
    ratios = {label: row[3] / sqlite[label][3] for label, row in large.items()}
    print(f"{name} ÷ SQLite: " + over(ratios, DATABASE_GOAL))


# --------------------------------------------------------------------------------------------
# HTTP


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, page_cache_seconds: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.floor",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        # Off or on, what pages share is remembered until the record changes, as in the
        # growth table: "off" builds every page, not every filter's choices too.
        "REMEMBER_SECONDS": "600",
        "PYTHONPATH": str(prepare.ROOT),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(os.cpu_count() or 2),
            "--log-level",
            "warning",
        ],
        cwd=prepare.ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_floor/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def drive(url: str, seconds: int) -> float:
    """Requests per second at `url`, from wrk (2 threads, 16 connections), or a Python client."""
    if shutil.which("wrk"):
        output = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", url], capture_output=True, text=True
        ).stdout
        for line in output.splitlines():
            if line.startswith("Requests/sec:"):
                return float(line.split()[1])
        raise SystemExit(f"wrk said:\n{output}")
    done = [0]
    stop = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < stop:
            urllib.request.urlopen(url, timeout=10).read()
            done[0] += 1

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / seconds


def http_run(seconds: int, port: int) -> None:
    from django.urls import reverse

    from factcheck.models import Claim

    claim = Claim.objects.published().order_by("pk").first()
    assert claim
    targets = [
        ("timeline", reverse("reader:event_list")),
        ("timeline, filtered", reverse("reader:event_list") + "?topic=south-china-sea&q=china"),
        ("claim page", claim.get_absolute_url()),
        ("API events", reverse("api:event_list")),
    ]
    tool = "wrk" if shutil.which("wrk") else "a Python client"
    print(f"\nHTTP, gunicorn ({os.cpu_count()} workers) on 127.0.0.1, {tool}, {seconds} s each")
    print(f"{'page':<22} {'cache':>9} {'req/s':>9} {'floor req/s':>12} {'share':>7}")
    for cached in (True, False):
        serving = port or free_port()
        server = serve(serving, 600 if cached else 0)
        try:
            base = f"http://127.0.0.1:{serving}"
            for label, path in targets:
                urllib.request.urlopen(base + path, timeout=30).read()  # warm the cache
                floor = drive(base + "/_floor/", seconds)
                page = drive(base + path, seconds)
                share = f"{page / floor:>7.2f}" if floor else "    n/a"
                print(
                    f"{label:<22} {'on' if cached else 'off':>9} {page:>9.0f} {floor:>12.0f} "
                    f"{share}"
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait()


if __name__ == "__main__":
    arguments = configure()
    from django.conf import settings
    from django.db import connection

    # The growth table measures the pages, not the page cache: every page is built; what
    # pages share is remembered until the record changes, as it is when serving.
    settings.PAGE_CACHE_SECONDS = 0
    if arguments.worker:
        serve_requests()
        sys.exit()
    if arguments.build:
        print(json.dumps(build(arguments.events)))
        sys.exit()
    name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(
        connection.vendor, connection.vendor
    )
    if arguments.beside_sqlite and connection.vendor == "sqlite":
        raise SystemExit("--beside-sqlite compares another database with SQLite: set DATABASE_URL")
    print(f"Database: {name}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    built = {name: build(arguments.events)}
    if arguments.beside_sqlite:
        built["SQLite"] = build_sqlite(arguments.events)
    for each, urls in built.items():
        print(
            f"{each}: saved {arguments.events:,} events with distinct dates in "
            f"{urls['seconds']:.1f} s ({arguments.events / urls['seconds']:,.0f} a second)."
        )
    databases = {
        f"{each} {size}": urls[size] for each, urls in built.items() for size in ("small", "large")
    }
    results = measure(arguments.requests, databases)
    for each in built:
        if len(built) > 1:
            print(f"\n{each}")
        print_growth(results[f"{each} small"], results[f"{each} large"], arguments.events)
    if arguments.beside_sqlite:
        print_comparison(name, results[f"{name} large"], results["SQLite large"])
    if not arguments.no_http:
        http_run(arguments.seconds, arguments.port)
