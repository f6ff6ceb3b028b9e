"""`manage.py check_sources`, against a local HTTP server: never the internet."""

import io
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from factcheck.management.commands.check_sources import check_url
from factcheck.models import Source

SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def answer(self, body: bool) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_live_link_answers_200(server):
    result = check_url(f"{server}/ok", timeout=1)
    assert (result.status, result.final_url, result.error) == (200, f"{server}/ok", "")


def test_a_redirect_records_the_final_url(server):
    result = check_url(f"{server}/moved", timeout=1)
    assert (result.status, result.final_url) == (200, f"{server}/ok")


def test_a_dead_link_records_404(server):
    assert check_url(f"{server}/gone", timeout=1).status == 404


def test_a_refused_head_is_retried_with_get(server):
    assert check_url(f"{server}/no-head", timeout=1).status == 200


def test_a_timeout_is_recorded_as_an_error(server):
    result = check_url(f"{server}/slow", timeout=0.3)
    assert result.status is None and result.error


def test_a_refused_connection_is_recorded_as_an_error():
    result = check_url(f"http://127.0.0.1:{closed_port()}/", timeout=1)
    assert result.status is None and result.error


def test_requests_name_the_site_in_their_user_agent(server):
    SEEN_AGENTS.clear()
    check_url(f"{server}/ok", timeout=1)
    assert SEEN_AGENTS and "FactCheckLinkChecker" in SEEN_AGENTS[0]
    assert "127.0.0.1" in SEEN_AGENTS[0] or "http" in SEEN_AGENTS[0]


@pytest.mark.django_db
def test_the_command_records_each_sources_link_check(server):
    for slug, path in [("live", "/ok"), ("moved", "/moved"), ("dead", "/gone")]:
        Source.objects.create(slug=slug, title=slug, url=f"{server}{path}")
    Source.objects.create(slug="refused", title="refused", url=f"http://127.0.0.1:{closed_port()}/")
    Source.objects.create(slug="book", title="A book")
    output = io.StringIO()
    call_command("check_sources", timeout=1, workers=2, stdout=output)
    found = {s.slug: s for s in Source.objects.all()}
    assert found["live"].link_status == 200 and found["live"].link_checked_at
    assert found["moved"].link_final_url == f"{server}/ok"
    assert found["dead"].link_status == 404
    assert found["refused"].link_status is None and found["refused"].link_error
    assert found["book"].link_checked_at is None
    assert "Checked 4 source URLs: 2 not answering" in output.getvalue()
