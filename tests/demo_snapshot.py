"""The full demo content, loaded once per test process and put back wherever a test asks for it.

`manage.py load_demo_content` takes most of a minute, and three dozen tests and modules start from the site as a new
install has it. On PostgreSQL one process loads it once, keeps every table's rows (COPY) and the media files, and rolls
the load back; putting them back in a test's transaction takes a fraction of a second. The suite's other processes
(pytest-xdist) read what the first one kept instead of loading it again (`shared`). On other databases the content is
loaded each time. The tests of the loader itself call the command.
"""

import fcntl
import functools
import io
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

# Written by migrations only; the snapshot is taken on the migrated database, so this table is the same anyway.
KEPT_TABLES = {"django_migrations"}


def private_media_beside(media) -> Path:
    """Where the staff-only uploads (PRIVATE_MEDIA_ROOT) of a test's or module's media directory go: beside it,
    never in the checkout."""
    return Path(f"{media}-private")


def load_demo_content() -> None:
    # Searchable, as a new install is.
    with override_settings(TASKS=settings.INDEXING_TASKS):
        call_command("load_demo_content", stdout=io.StringIO())


@dataclass(frozen=True)
class DemoSnapshot:
    tables: dict[str, bytes]  # every table's rows in COPY's text format, empty tables included
    media: Path
    sequences: dict[str, int]  # where each sequence stood after the load: the snapshot's ids are below

    @classmethod
    def shared(cls, directory: Path) -> "DemoSnapshot | SnapshotBeingTaken | None":
        """The snapshot the suite's processes share in `directory`: taken by the first to get there, read by the
        others, each moving its own database's sequences past the snapshot's ids. A process that finds another taking
        it gets a `SnapshotBeingTaken`, and runs its other tests meanwhile instead of waiting."""
        directory.mkdir(exist_ok=True)
        with open(directory / "lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return SnapshotBeingTaken(directory)
            kept = directory / "snapshot.pickle"
            if kept.exists():
                return cls.read(kept)
            snapshot = cls.take(directory / "media")
            kept.write_bytes(pickle.dumps(snapshot))
            return snapshot

    @staticmethod
    def read(kept: Path) -> "DemoSnapshot | None":
        snapshot = pickle.loads(kept.read_bytes())  # noqa: S301 - written by this run's own process
        if snapshot is not None:
            snapshot.sequences_advance()
        return snapshot

    @classmethod
    def take(cls, media: Path) -> "DemoSnapshot | None":
        """Loads the demo content on the migrated database and keeps it; None where COPY is not to be had."""
        if connection.vendor != "postgresql":
            return None
        tables = {}
        # Before any test's `clear_cache`: what an earlier run left in Redis (Wagtail's site root paths) would name
        # rows this database does not have.
        cache.clear()
        private_media = str(private_media_beside(media))
        with override_settings(MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=private_media), transaction.atomic():
            load_demo_content()
            with connection.connection.cursor() as cursor:  # psycopg's own cursor, which speaks COPY
                for table in connection.introspection.table_names():
                    if table not in KEPT_TABLES:
                        with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                            tables[table] = b"".join(bytes(block) for block in copy)
                # Sequences are not rolled back with the load.
                cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE last_value IS NOT NULL")
                sequences = dict(cursor.fetchall())
            transaction.set_rollback(True)
        return cls(tables, media, sequences)

    def sequences_advance(self) -> None:
        """Moves this database's sequences at least as far as they were where the snapshot was taken."""
        with connection.cursor() as cursor:
            for sequence, last_value in self.sequences.items():
                cursor.execute(
                    "SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM pg_sequences WHERE sequencename = %s)))",
                    [sequence, last_value, sequence],
                )

    def restore(self, media_root: str) -> None:
        """Replaces the database's content with the demo's, in the transaction open (or its own), and copies the
        media files to `media_root` and the staff-only ones to PRIVATE_MEDIA_ROOT.

        Sequences are left as they are: they only ever grow (test transactions roll back, flushes keep them), so
        they are past every id of the snapshot, which was taken (or read, `shared`) first."""
        with transaction.atomic(), connection.connection.cursor() as cursor:
            # TRUNCATE refuses a table with foreign-key checks still to come (Django's are deferred): make them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(table) for table in self.tables))
            for table, rows in self.tables.items():
                if rows:
                    with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                        copy.write(rows)
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)
        if (private_media := private_media_beside(self.media)).exists():
            shutil.copytree(private_media, settings.PRIVATE_MEDIA_ROOT, dirs_exist_ok=True)
        # Ids may differ from those of the rows the process cached.
        ContentType.objects.clear_cache()
        cache.clear()


@dataclass
class SnapshotBeingTaken:
    """The snapshot another of the suite's processes was taking when this one asked: read on first use, once taken.

    Waiting for it at the start kept two of three processes idle for as long as the demo content takes to load."""

    directory: Path

    @functools.cached_property
    def snapshot(self) -> DemoSnapshot | None:
        with open(self.directory / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # until the process taking it has kept it
            return DemoSnapshot.read(self.directory / "snapshot.pickle")


def put_demo_content(snapshot: DemoSnapshot | SnapshotBeingTaken | None, media_root: str) -> None:
    """The site as a new install has it: from the snapshot where there is one, else loaded."""
    if isinstance(snapshot, SnapshotBeingTaken):
        snapshot = snapshot.snapshot
    if snapshot is None:
        load_demo_content()
    else:
        snapshot.restore(media_root)
