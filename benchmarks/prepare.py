"""What the benchmarks share: settings for a production-like run on a database of their own,
and that database built from the bundled interview.

    args = prepare.configure(parser, host="testserver")   # before anything imports Django
    prepare.build_database()

Without DATABASE_URL a benchmark builds a temporary SQLite file, removed when it ends; with
it, it empties the database DATABASE_URL names, which --flush must confirm.
"""

import argparse
import atexit
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def configure(parser: argparse.ArgumentParser, *, host: str) -> argparse.Namespace:
    """Parse the benchmark's arguments, set production settings (DEBUG off) answering at
    `host` over plain HTTP, and set Django up."""
    parser.add_argument(
        "--flush", action="store_true", help="allow emptying the database DATABASE_URL names"
    )
    args = parser.parse_args()
    if os.environ.get("DATABASE_URL") and not args.flush:
        parser.error("DATABASE_URL is set: pass --flush to let the benchmark empty that database")
    if not os.environ.get("DATABASE_URL"):
        directory = tempfile.mkdtemp(prefix="benchmark-db-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/benchmark.sqlite3"
        if not getattr(args, "build", False):  # a build is for another process to measure
            atexit.register(shutil.rmtree, directory, ignore_errors=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    # Plain HTTP on the loopback: no redirect to HTTPS, and cookies a client sends back.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("ALLOWED_HOSTS", host.split(":")[0])
    os.environ.setdefault("SITE_URL", f"http://{host}")
    import django

    django.setup()
    return args


def database_label() -> str:
    from django.db import connection

    return connection.display_name


def build_database() -> None:
    """An empty, migrated database with the bundled interview, and the static files."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_interview", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)  # production static storage
