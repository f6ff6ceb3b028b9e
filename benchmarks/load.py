"""A bounded load test: anonymous readers and desk editors at once, over HTTP, against a
gunicorn it starts on 127.0.0.1; then a check that every save the site acknowledged is in
the database. Prints requests per second, p50/p99 times, errors by status and lost writes.

    .venv/bin/python benchmarks/load.py                  # SQLite, 16 editors + 8 readers, 30 s
    .venv/bin/python benchmarks/load.py --editors 16 --readers 8 --duration 60
    DATABASE_URL=postgres://postgres@127.0.0.1/load .venv/bin/python benchmarks/load.py --flush

It builds its own database (see prepare.py) from the bundled interview, adds the editors and
one draft verdict for every two of them, and serves it in production mode (DEBUG off).
Readers request the timeline, a filtered timeline, a claim page and /api/events/. Each editor
logs in, then over and over opens a shared draft on the desk and saves a new rationale with
the version it read: the desk's optimistic lock refuses a save when the other editor saved
first (409, counted as a conflict, not an error), and the editor opens the draft again.
"""

import argparse
import collections
import datetime
import http.client
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import prepare

# What readers request, in turn: {claim} is a published claim's slug.
READS = {
    "timeline": "/",
    "filtered": "/?topic=south-china-sea&dates=2012-2016",
    "claim page": "/claims/{claim}/",
    "api events": "/api/events/",
}


class Forms(HTMLParser):
    """The fields of each <form> on a page, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.forms.append({"action": attributes.get("action", ""), "fields": [], "choices": {}})
        elif not self.forms or not name:
            return
        elif tag == "input":
            kind = attributes.get("type", "text")
            if kind == "radio":
                self.forms[-1]["choices"].setdefault(name, []).append(attributes.get("value"))
            if kind in {"radio", "checkbox"} and "checked" not in attributes:
                return
            if kind not in {"submit", "button", "file"}:
                self.forms[-1]["fields"].append((name, attributes.get("value") or ""))
        elif tag == "textarea":
            self._textarea = name
            self.forms[-1]["fields"].append((name, ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.forms[-1]["fields"].append((self._select, attributes.get("value") or ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    @classmethod
    def find(cls, html: str, action_contains: str) -> tuple[list[tuple[str, str]], dict]:
        """The fields the form posting to …action_contains… sends as it stands, and the
        values each of its radio buttons offers."""
        parser = cls()
        parser.feed(html)
        for form in parser.forms:
            if action_contains in form["action"]:
                fields = [(name, value.removeprefix("\n")) for name, value in form["fields"]]
                return fields, form["choices"]
        raise LookupError(f"No form posting to …{action_contains}… on the page.")


class Client:
    """One browser: its own cookies, a new connection per request."""

    def __init__(self, port: int, results: "Results") -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.results = results

    def request(self, kind: str, path: str, *, method: str, form=None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        except OSError as error:
            self.results.record(kind, type(error).__name__, time.perf_counter() - started)
            return 0, ""
        finally:
            connection.close()
        self.results.record(kind, response.status, time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    statuses: collections.Counter = field(default_factory=collections.Counter)
    # (verdict pk, version the save made, rationale) for every save answered 303.
    acknowledged: list[tuple[int, int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status, seconds: float) -> None:
        with self.lock:
            self.timings[kind].append(seconds * 1000)
            self.statuses[(kind, status)] += 1


EXPECTED = {**{kind: {200} for kind in READS}, "desk page": {200}, "save": {303, 409}}


def reader(client: Client, deadline: float, claim_slug: str, number: int) -> None:
    reads = [(kind, path.format(claim=claim_slug)) for kind, path in READS.items()]
    step = number
    while time.monotonic() < deadline:
        client.request(*reads[step % len(reads)], method="GET")
        step += 1


def log_in(client: Client, username: str, password: str) -> None:
    """Through the log-in page, before the clock starts: hashing a password is meant to be
    slow (Django's PBKDF2), and it is not what this measures."""
    status, page = client.request("log in", "/accounts/login/", method="GET")
    form = dict(Forms.find(page, "/accounts/login/")[0])
    form.update(username=username, password=password)
    status, _ = client.request("log in", "/accounts/login/", method="POST", form=form)
    if status != 302:
        raise SystemExit(f"{username} could not log in ({status}).")


def editor(client: Client, deadline: float, verdict: int, number: int) -> None:
    edit = f"/desk/verdicts/{verdict}/edit/"
    saves = 0
    while time.monotonic() < deadline:
        status, page = client.request("desk page", edit, method="GET")
        if status != 200:
            continue
        fields, choices = Forms.find(page, edit)
        version = int(dict(fields)["version"])
        saves += 1
        # A new rationale every time, and now and then another rating.
        typed = {
            "rationale": f"Saved by editor {number}, save {saves}.",
            "level": choices["level"][(number + saves) // 3 % len(choices["level"])],
        }
        form = [(name, typed.get(name, value)) for name, value in fields]
        status, _ = client.request("save", edit, method="POST", form=form)
        if status == 303:
            with client.results.lock:
                client.results.acknowledged.append((verdict, version + 1, typed["rationale"]))


def set_up(editors: int) -> tuple[list[tuple[str, str]], dict[int, int], str]:
    """The editors (username, password), one draft verdict for every two of them (pk:
    version), and a public claim's slug."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    from factcheck import roles, services
    from factcheck.models import Claim, Quote, RatingLevel

    prepare.build_database()
    group = roles.sync_roles()[roles.EDITORS]
    accounts = []
    for number in range(editors):
        password = secrets.token_urlsafe(12)
        user = get_user_model().objects.create_user(f"load-editor-{number}", password=password)
        user.groups.add(group)
        accounts.append((user.username, password))
    author = get_user_model().objects.get(username=accounts[0][0])
    level = RatingLevel.objects.filter(scale__is_current=True).order_by("-value").first()
    drafts = {}
    for number, quote in enumerate(Quote.objects.order_by("pk")[: max(1, editors // 2)]):
        claim = services.claim_create(quote=quote, text=f"Load-test claim {number}", by=author)
        verdict = services.verdict_draft(
            claim=claim,
            level=level,
            rationale="Not saved yet.",
            as_of=datetime.date.today(),
            by=author,
        )
        drafts[verdict.pk] = verdict.version
    claim_slug = Claim.objects.published().order_by("pk").values_list("slug", flat=True).first()
    connections.close_all()  # the server's processes open their own
    return accounts, drafts, claim_slug


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    server = subprocess.Popen(
        [
            *(gunicorn or "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--threads", str(threads), "--timeout", "120"),
        ],
        cwd=prepare.ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}; see {log}")


def lost_writes(results: Results, drafts: dict[int, int]) -> list[str]:
    """Every acknowledged save must be in the database: each made the next version (so no
    two acknowledged saves made the same one), the draft's version counts all of them, and
    it holds the rationale of the last."""
    from factcheck.models import Verdict

    problems = []
    by_verdict = collections.defaultdict(list)
    for pk, version, rationale in results.acknowledged:
        by_verdict[pk].append((version, rationale))
    for pk, started in drafts.items():
        saves = sorted(by_verdict[pk])
        verdict = Verdict.objects.get(pk=pk)
        versions = [version for version, _ in saves]
        if len(set(versions)) != len(versions):
            problems.append(f"verdict {pk}: two acknowledged saves made the same version")
        if verdict.version - started < len(saves):
            missing = len(saves) - (verdict.version - started)
            problems.append(f"verdict {pk}: {missing} acknowledged saves are not counted")
        if saves and verdict.rationale != saves[-1][1]:
            problems.append(f"verdict {pk}: holds {verdict.rationale!r}, not {saves[-1][1]!r}")
    return problems


def percentile(timings: list[float], fraction: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(len(ordered) * fraction))]


def report(results: Results, seconds: float, problems: list[str]) -> None:
    every = [ms for timings in results.timings.values() for ms in timings]
    print(f"\n{'requests':<12} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, timings in [*sorted(results.timings.items()), ("all", every)]:
        print(
            f"{kind:<12} {len(timings):>7} {len(timings) / seconds:>7.1f} "
            f"{statistics.median(timings):>8.1f} {percentile(timings, 0.99):>8.1f}"
        )
    conflicts = results.statuses[("save", 409)]
    errors = {
        f"{kind} {status}": count
        for (kind, status), count in sorted(results.statuses.items(), key=str)
        if status not in EXPECTED[kind]
    }
    print(f"\nsaves acknowledged: {len(results.acknowledged)}; refused as stale (409): {conflicts}")
    print(f"errors: {sum(errors.values())}" + (f" {errors}" if errors else ""))
    print(f"lost writes: {len(problems)}")
    for problem in problems:
        print(f"  {problem}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", type=int, default=16, help="editors saving drafts")
    parser.add_argument("--readers", type=int, default=8, help="anonymous readers")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker (16 requests in flight)"
    )
    port = free_port()
    args = prepare.configure(parser, host=f"127.0.0.1:{port}")
    if args.editors < 1 or args.readers < 0 or args.duration <= 0:
        parser.error("needs at least one editor, no negative readers and a positive duration")
    accounts, drafts, claim_slug = set_up(args.editors)
    log = Path(tempfile.mkdtemp()) / "gunicorn.log"
    server = serve(port, args.workers, args.threads, log)
    results = Results()
    try:
        editors = [Client(port, results) for _ in accounts]
        for client, (username, password) in zip(editors, accounts, strict=True):
            log_in(client, username, password)
        # Each worker's first requests load the URLconf, templates and caches: warm them up.
        for _ in range(args.workers * 2):
            for kind, path in READS.items():
                editors[0].request(kind, path.format(claim=claim_slug), method="GET")
            editors[0].request(
                "desk page", f"/desk/verdicts/{next(iter(drafts))}/edit/", method="GET"
            )
        results = Results()  # neither log-ins nor warm-up are part of the measure
        for client in editors:
            client.results = results
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=editor, args=(client, deadline, list(drafts)[n % len(drafts)], n)
            )
            for n, client in enumerate(editors)
        ] + [
            threading.Thread(target=reader, args=(Client(port, results), deadline, claim_slug, n))
            for n in range(args.readers)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"{prepare.database_label()}: {args.editors} editors on {len(drafts)} drafts, "
        f"{args.readers} readers, {seconds:.0f} s, gunicorn with {args.workers} workers "
        f"× {args.threads} threads"
    )
    problems = lost_writes(results, drafts)
    report(results, seconds, problems)
    if any(str(status).startswith("5") for _, status in results.statuses):
        print(f"\nServer errors: see {log}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
