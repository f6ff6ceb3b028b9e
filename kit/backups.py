"""Consistent snapshots of the whole database, taken while the site keeps writing, and their
exact restore: `manage.py backup` and `manage.py restore`.

SQLite: the online backup API (sqlite3.Connection.backup, https://sqlite.org/backup.html)
copies the database page by page under one read transaction, so the copy is the database
as it stood at one instant, and restoring copies those pages back the same way. The backup
is itself a SQLite database file.

PostgreSQL: pg_dump reads everything in one repeatable-read transaction (one snapshot, "it
makes consistent backups even if the database is being used concurrently", pg_dump's manual)
in its custom format; pg_restore puts it back in one transaction, so a restore that fails
changes nothing.

Either way the rows come back exactly as they were (every column, timestamps to the
microsecond), which dumpdata/loaddata cannot promise.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient

from kit.cache import bump_data_version

SQLITE_MAGIC = b"SQLite format 3\x00"  # the file header (https://sqlite.org/fileformat.html)
PG_DUMP_MAGIC = b"PGDMP"  # the custom format's header (pg_backup_archiver.c)
KINDS = {"sqlite": "a SQLite backup", "postgresql": "a PostgreSQL dump (pg_dump -Fc)"}
# Rows that `migrate` itself creates, so a freshly migrated database still counts as empty.
MIGRATION_MADE = {ContentType, Permission, Group, Session}


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was written."""


def vendor(alias: str) -> str:
    kind = connections[alias].vendor
    if kind not in KINDS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {kind}.")
    return kind


def backup(path: Path, *, alias: str = "default") -> str:
    """Write a snapshot of the database to `path`, which must not exist yet: a partial file
    never takes its place (written beside it, then renamed). Returns the database's kind."""
    kind = vendor(alias)
    if path.exists():
        raise BackupError(f"{path} already exists; name a new file (a backup never overwrites).")
    if not path.parent.is_dir():
        raise BackupError(f"There is no folder {path.parent} to write the backup in.")
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        if kind == "sqlite":
            _sqlite_backup(alias, Path(partial))
        else:
            _run("pg_dump", ["--format=custom", f"--file={partial}"], alias)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return kind


def restore(path: Path, *, alias: str = "default", force: bool = False) -> str:
    """Replace the database's contents with the snapshot in `path`. Refuses, changing
    nothing, a file that is missing, unreadable or not a backup of this kind of database,
    and a database that holds data unless `force`. Returns the database's kind."""
    kind = vendor(alias)
    found = backup_kind(path)
    if found != kind:
        raise BackupError(
            f"{path} is {KINDS[found]}, but this database is {connections[alias].display_name}: "
            "restore it into the kind of database it came from."
        )
    if kind == "sqlite":
        _sqlite_check(path)
    else:
        _pg_check(path)
    if not force and holds_data(alias):
        raise BackupError(
            "This database already holds data; restoring would replace all of it. "
            "Back it up first, then restore with --force."
        )
    connections[alias].close()
    if kind == "sqlite":
        _sqlite_restore(path, alias)
    else:
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
        # One transaction, stopping at the first error: a restore that fails changes nothing.
        options += ["--single-transaction", "--exit-on-error", str(path), "--dbname"]
        _run("pg_restore", options, alias)
    # What readers were shown, and what was remembered for their pages (a search's matches,
    # by key), was the record before: all of it retires, on every server sharing the cache.
    bump_data_version()
    return kind


def backup_kind(path: Path) -> str:
    """Which kind of backup the file at `path` is, read from its first bytes."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file.") from None
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}.") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup: neither a SQLite database nor a pg_dump file.")


def holds_data(alias: str) -> bool:
    """Whether any table of the project (beyond what `migrate` fills) has a row."""
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    return any(
        model._default_manager.using(alias).exists()
        for model in apps.get_models()
        if model not in MIGRATION_MADE and model._meta.db_table in tables
    )


def _sqlite_connect(alias: str) -> sqlite3.Connection:
    """A connection of its own to the live database file, with Django's busy timeout."""
    settings = connections[alias].settings_dict
    timeout = settings.get("OPTIONS", {}).get("timeout", 20)
    return sqlite3.connect(settings["NAME"], timeout=timeout)


def _sqlite_backup(alias: str, target: Path) -> None:
    source = _sqlite_connect(alias)
    copy = sqlite3.connect(target)
    try:
        # pages=-1 (the default): every page in one step, under one read transaction, so
        # writers committing meanwhile (WAL) are not in the copy and do not restart it.
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    _sqlite_check(target)


def _sqlite_check(path: Path) -> None:
    """Refuse a file that is not a whole, sound SQLite database of this project."""
    try:
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = database.execute("PRAGMA quick_check").fetchone()
            migrated = database.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        finally:
            database.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is damaged: {error}.") from None
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}.")
    if not migrated:
        raise BackupError(f"{path} is a SQLite database, but not one of this site.")


def _sqlite_restore(path: Path, alias: str) -> None:
    snapshot = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    live = _sqlite_connect(alias)
    try:
        # Copies the snapshot's pages over the live database in one write transaction:
        # other connections see the old database or the restored one, never a mixture.
        snapshot.backup(live)
    finally:
        live.close()
        snapshot.close()


def _pg_check(path: Path) -> None:
    """Refuse a pg_dump file that pg_restore cannot read through (cut short, damaged)."""
    result = subprocess.run(
        [_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or "django_migrations" not in result.stdout:
        raise BackupError(f"{path} is damaged or not a dump of this site's database.")


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return tool


def _run(tool: str, parameters: list[str], alias: str) -> None:
    """Run a PostgreSQL client tool against the database `alias` names, with the connection
    options and password Django's own `dbshell` gives psql (the database name comes last,
    after `parameters`)."""
    settings = connections[alias].settings_dict
    arguments, environment = PostgresClient.settings_to_cmd_args_env(settings, parameters)
    command = [_pg_tool(tool), *arguments[1:]]
    result = subprocess.run(
        command,
        env={**os.environ, **(environment or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{tool} failed: {detail}")
