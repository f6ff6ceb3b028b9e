"""Production refuses to start without what it cannot guess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "factcheck.example"}


def load_settings(**environ: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={**env, **environ},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SITE_URL"])
def test_production_without_it_refuses_to_start_and_says_what_to_set(missing):
    environ = {**PRODUCTION, "SITE_URL": "https://factcheck.example"}
    del environ[missing]
    result = load_settings(**environ)
    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr


def test_production_with_both_starts():
    assert load_settings(**PRODUCTION, SITE_URL="https://factcheck.example").returncode == 0


def read_settings(names: str, **environ: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LOGIN_")}
    result = subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({names})"],
        cwd=ROOT,
        env={**env, **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_login_throttling_defaults_to_five_failures_and_half_an_hour_at_the_client_address():
    names = "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_IPWARE_PROXY_COUNT"
    assert read_settings(names) == "5 0:30:00 None"


def test_login_throttling_reads_the_environment():
    names = "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_IPWARE_META_PRECEDENCE_ORDER"
    environ = {"LOGIN_FAILURE_LIMIT": "10", "LOGIN_LOCKOUT_MINUTES": "0", "LOGIN_PROXY_COUNT": "1"}
    expected = "10 None ['HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR']"
    assert read_settings(names, **environ) == expected


def test_postgresql_prices_random_reads_for_ssd_and_starts_no_parallel_workers_unless_told():
    def options(**environ: str) -> str:
        env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x", **environ}
        script = "import config.settings as s; print(s.DATABASES['default']['OPTIONS'])"
        return subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        ).stdout

    assert "-c random_page_cost=1.1" in options()
    assert "-c random_page_cost=4" in options(PG_RANDOM_PAGE_COST="4")
    assert "-c max_parallel_workers_per_gather=0" in options()
    assert "-c max_parallel_workers_per_gather=2" in options(PG_MAX_PARALLEL_WORKERS_PER_GATHER="2")
    given = options(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x?options=-c%20search_path%3Dnews"
    )
    assert "-c search_path=news -c random_page_cost=1.1 -c max_parallel" in given  # kept, added to


@pytest.mark.django_db
def test_a_postgresql_connection_takes_the_settings():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
