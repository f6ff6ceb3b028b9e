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
