"""manage.py backup and restore: a consistent snapshot taken while writes go on, restored
exactly, on whichever database the suite runs on; anything that is not such a snapshot is
refused with nothing changed."""

import io
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from factcheck.models import Verdict
from kit import backups
from kit.cache import data_version
from tests.factories import make_event, make_source, make_topic, make_verdict
from tests.published import correct
from timeline.models import Event, Topic

pytestmark = pytest.mark.django_db(transaction=True)

needs_pg_tools = pytest.mark.skipif(
    connection.vendor == "postgresql"
    and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump and pg_restore (Debian: postgresql-client) are not installed",
)


def every_row(*, but_written: bool = False) -> dict[str, list[dict]]:
    """Every row of every table, every column, in primary-key order; `but_written` leaves
    out what the Writer below wrote."""
    rows = {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }
    if but_written:
        written = {row["id"] for row in rows["timeline.Event"] if row["slug"].startswith("w-")}
        for label in ("timeline.Event", "timeline.Topic"):
            rows[label] = [row for row in rows[label] if not row["slug"].startswith("w-")]
        links = rows["timeline.Event_topics"]
        rows["timeline.Event_topics"] = [row for row in links if row["event_id"] not in written]
    return rows


def newsroom_work() -> None:
    """Rows across the project: a published, corrected verdict with evidence, an event."""
    claim = make_verdict(status=Verdict.Status.PUBLISHED, sources=[make_source()]).claim
    correct(claim)
    make_event(topics=[make_topic()])


class Writer(threading.Thread):
    """Writes until told to stop, one event with its topic per transaction, and notes each
    event once its transaction has committed (acknowledged)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.acknowledged: list[str] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            number = 0
            while not self.stop.is_set():
                number += 1
                with transaction.atomic():
                    topic = Topic.objects.create(name=f"Written {number}", slug=f"w-{number}")
                    event = Event.objects.create(title="Written", slug=f"w-{number}", edtf="2016")
                    event.topics.add(topic)
                self.acknowledged.append(event.slug)
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connections.close_all()

    def wait_for(self, count: int) -> None:
        while len(self.acknowledged) < count and self.is_alive():
            self.stop.wait(0.01)


@needs_pg_tools
def test_a_backup_taken_while_editors_write_restores_consistent_and_exact(tmp_path):
    newsroom_work()
    before_writes = every_row()
    assert any(row["updated_at"].microsecond for row in before_writes["timeline.Event"]), (
        "timestamps with microseconds, so that a cut to milliseconds would show"
    )
    writer = Writer()
    writer.start()
    writer.wait_for(5)
    committed_before = list(writer.acknowledged)
    call_command("backup", tmp_path / "snapshot", stdout=io.StringIO())
    committed_after = len(writer.acknowledged)
    writer.wait_for(committed_after + 5)
    writer.stop.set()
    writer.join()
    assert writer.error is None
    written_after_backup = set(writer.acknowledged[committed_after:])
    assert written_after_backup, "the writer went on writing after the backup"

    call_command("restore", tmp_path / "snapshot", "--force", stdout=io.StringIO())

    restored = set(Event.objects.filter(slug__startswith="w-").values_list("slug", flat=True))
    assert set(committed_before) <= restored
    assert not restored & written_after_backup
    # One instant: every event the snapshot holds has the topic written in its transaction.
    for event in Event.objects.filter(slug__startswith="w-").prefetch_related("topics"):
        assert [topic.slug for topic in event.topics.all()] == [event.slug]
    with transaction.atomic():
        connection.check_constraints()  # every foreign key points at a row
    # Every column of every other row, timestamps to the microsecond.
    assert every_row(but_written=True) == before_writes


@needs_pg_tools
def test_restore_puts_back_every_row_exactly_and_a_later_save_gets_a_new_id(tmp_path):
    newsroom_work()
    snapshot = every_row()
    call_command("backup", tmp_path / "snapshot", stdout=io.StringIO())
    Event.objects.all().delete()
    Topic.objects.create(name="After the backup", slug="after")
    call_command("restore", tmp_path / "snapshot", "--force", stdout=io.StringIO())
    assert every_row() == snapshot
    # Sequences came back too: a new row does not collide with a restored one.
    assert make_topic().pk > max(row["id"] for row in snapshot["timeline.Topic"])


def test_a_restore_retires_what_was_cached_for_readers(tmp_path):
    call_command("backup", tmp_path / "snapshot", stdout=io.StringIO())
    before = data_version()
    call_command("restore", tmp_path / "snapshot", "--force", stdout=io.StringIO())
    assert data_version() != before


@needs_pg_tools
def test_restore_refuses_a_database_that_holds_data_without_force(tmp_path):
    call_command("backup", tmp_path / "empty", stdout=io.StringIO())
    newsroom_work()
    rows = every_row()
    with pytest.raises(CommandError, match=r"already holds data.*--force"):
        call_command("restore", tmp_path / "empty")
    assert every_row() == rows


@needs_pg_tools
def test_restore_into_a_migrated_empty_database_needs_no_force(tmp_path):
    newsroom_work()
    snapshot = every_row()
    call_command("backup", tmp_path / "snapshot", stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert not backups.holds_data("default")
    call_command("restore", tmp_path / "snapshot", stdout=io.StringIO())
    assert every_row() == snapshot


@needs_pg_tools
def test_backup_never_overwrites_a_file_or_writes_into_a_missing_folder(tmp_path):
    existing = tmp_path / "existing"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(CommandError, match="no folder"):
        call_command("backup", tmp_path / "missing" / "snapshot")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["existing"]


def other_kind(tmp_path: Path) -> Path:
    """A backup of the other database's kind: a SQLite file here on PostgreSQL, a pg_dump
    header there on SQLite."""
    path = tmp_path / "other-kind"
    if connection.vendor == "sqlite":
        path.write_bytes(backups.PG_DUMP_MAGIC + b"\x01\x0e\x00" + b"\x00" * 100)
    else:
        sqlite3.connect(path).execute("CREATE TABLE django_migrations (id integer)").close()
    return path


def damaged(tmp_path: Path) -> Path:
    """A file that starts as this database's backups do and is then garbage."""
    path = tmp_path / "damaged"
    magic = backups.SQLITE_MAGIC if connection.vendor == "sqlite" else backups.PG_DUMP_MAGIC
    path.write_bytes(magic + bytes(range(256)) * 16)
    return path


def foreign_sqlite(tmp_path: Path) -> Path:
    """A sound SQLite database, but not one of this site."""
    path = tmp_path / "foreign.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE notes (body text)").close()
    return path


@needs_pg_tools
@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda tmp_path: tmp_path / "missing", "There is no file"),
        (lambda tmp_path: tmp_path, "is a folder"),
        (lambda tmp_path: Path(__file__), "is not a backup"),
        (lambda tmp_path: (tmp_path / "empty").touch() or tmp_path / "empty", "is not a backup"),
        (other_kind, "restore it into the kind of database it came from"),
        (damaged, "damaged"),
    ],
    ids=["missing", "folder", "text", "empty-file", "other-kind", "damaged"],
)
def test_restore_refuses_what_is_not_a_backup_of_this_database_and_changes_nothing(
    tmp_path, make_file, message
):
    newsroom_work()
    rows = every_row()
    with pytest.raises(CommandError, match=message):
        call_command("restore", make_file(tmp_path), "--force")
    assert every_row() == rows


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite file, refused on SQLite")
def test_restore_refuses_a_sqlite_database_of_another_site(tmp_path):
    newsroom_work()
    rows = every_row()
    with pytest.raises(CommandError, match="not one of this site"):
        call_command("restore", foreign_sqlite(tmp_path), "--force")
    assert every_row() == rows


@pytest.mark.skipif(not shutil.which("pg_restore"), reason="pg_restore is not installed")
def test_a_cut_short_or_foreign_pg_dump_is_refused(tmp_path):
    with pytest.raises(backups.BackupError, match="damaged or not a dump of this site"):
        backups._pg_check(damaged(tmp_path))


def test_the_commands_say_what_they_did(tmp_path, capsys):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    call_command("backup", tmp_path / "snapshot")
    call_command("restore", tmp_path / "snapshot")
    out = capsys.readouterr().out
    assert f"Backed up the {connection.vendor} database to {tmp_path / 'snapshot'}" in out
    assert f"Restored the {connection.vendor} database from {tmp_path / 'snapshot'}" in out
