"""Backups that restore: the database (pg_dump's custom format) and the uploads (a tar archive), made together under
one name, kept 7 daily and 4 weekly, and put back by `backup_restore`.

`manage.py backup_site` and `manage.py restore_site` run these (README.md, "Back up and restore"). PostgreSQL only:
the site's database in every deployment; pg_dump and pg_restore must be of the server's major version or newer.

The uploads archive holds MEDIA_ROOT at its top ("./images/…", as backups always had) and PRIVATE_MEDIA_ROOT (the
award's supporting PDFs) under `.private/`, a name no Wagtail media folder has. The restore puts each part back in
its own root and never a private file under MEDIA_ROOT, where it would be public. An archive without `.private/`
(made before private files were backed up) leaves PRIVATE_MEDIA_ROOT as it is: it has nothing to put there.
"""

import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.db import connections

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
DUMP_SUFFIX = ".dump"
MEDIA_SUFFIX = "-media.tar.gz"
PRIVATE_ARCNAME = ".private"
KEEP_DAILY = 7
KEEP_WEEKLY = 4


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why, for the operator."""


@dataclass(frozen=True)
class Backup:
    taken_at: datetime
    dump: Path
    media: Path

    @property
    def name(self) -> str:
        return f"cep-{self.taken_at.strftime(STAMP_FORMAT)}"


def backup_at(directory: Path, taken_at: datetime) -> Backup:
    name = f"cep-{taken_at.strftime(STAMP_FORMAT)}"
    return Backup(taken_at, directory / f"{name}{DUMP_SUFFIX}", directory / f"{name}{MEDIA_SUFFIX}")


def postgres_environment() -> dict[str, str]:
    """The libpq variables for the site's database, so that no password is on a command line."""
    database = connections["default"].settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are made of a PostgreSQL database; this site's DATABASE_URL names another.")
    variables = {
        "PGDATABASE": database["NAME"],
        "PGUSER": database["USER"] or "",
        "PGPASSWORD": database["PASSWORD"] or "",
        "PGHOST": database["HOST"] or "",
        "PGPORT": str(database["PORT"] or ""),
    }
    return {key: value for key, value in variables.items() if value}


def run(command: list[str]) -> None:
    environment = {"PATH": "/usr/bin:/bin:/usr/local/bin", **postgres_environment()}
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as missing:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).") from missing
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup_make(directory: Path, *, now: datetime | None = None) -> Backup:
    """Dump the database and archive the uploads into `directory`; nothing half-written is left on a failure."""
    directory.mkdir(parents=True, exist_ok=True)
    backup = backup_at(directory, (now or datetime.now(UTC)).replace(microsecond=0))
    partial_dump, partial_media = backup.dump.with_suffix(".partial"), backup.media.with_suffix(".partial")
    try:
        run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={partial_dump}"])
        with tarfile.open(partial_media, "w:gz") as archive:
            media_root, private_root = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
            if media_root.exists():
                archive.add(media_root, arcname=".")
            if private_root.exists():
                archive.add(private_root, arcname=PRIVATE_ARCNAME)
        partial_dump.rename(backup.dump)
        partial_media.rename(backup.media)
    finally:
        partial_dump.unlink(missing_ok=True)
        partial_media.unlink(missing_ok=True)
    return backup


def backups_in(directory: Path) -> list[Backup]:
    """The complete backups in `directory` (a dump and its uploads), newest first."""
    found = []
    for dump in directory.glob(f"cep-*{DUMP_SUFFIX}"):
        try:
            taken_at = datetime.strptime(dump.name[4 : -len(DUMP_SUFFIX)], STAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            continue
        backup = backup_at(directory, taken_at)
        if backup.media.exists():
            found.append(backup)
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def backups_kept(backups: list[Backup]) -> list[Backup]:
    """The newest backup of each of the last KEEP_DAILY days that have one, and of each of the last KEEP_WEEKLY
    weeks (ISO weeks): a week-old mistake can still be undone, and the disk holds at most eleven backups."""
    newest_first = sorted(backups, key=lambda backup: backup.taken_at, reverse=True)
    kept = []
    periods = ((lambda moment: moment.date(), KEEP_DAILY), (lambda moment: moment.isocalendar()[:2], KEEP_WEEKLY))
    for period, count in periods:
        seen = []
        for backup in newest_first:
            key = period(backup.taken_at)
            if key not in seen and len(seen) < count:
                seen.append(key)
                if backup not in kept:
                    kept.append(backup)
    return kept


def backups_rotate(directory: Path) -> list[Backup]:
    """Delete the backups `backups_kept` leaves out; returns them."""
    backups = backups_in(directory)
    kept = backups_kept(backups)
    removed = [backup for backup in backups if backup not in kept]
    for backup in removed:
        backup.dump.unlink(missing_ok=True)
        backup.media.unlink(missing_ok=True)
    return removed


def backup_restore(backup: Backup) -> None:
    """Put the database and the uploads back as they were when `backup` was made; what is there now is replaced.

    Stop web, worker and beat first, so that nothing writes meanwhile. The cache is emptied afterwards: it holds
    ids of rows the restore replaced (Wagtail's site root paths, whole pages).
    """
    if not (backup.dump.exists() and backup.media.exists()):
        raise BackupError(f"{backup.name} is not complete: both {backup.dump.name} and {backup.media.name} are needed.")
    connections.close_all()
    database = postgres_environment()["PGDATABASE"]
    options = ["--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
    run(["pg_restore", *options, f"--dbname={database}", str(backup.dump)])
    with tarfile.open(backup.media, "r:gz") as archive:
        directory_empty(Path(settings.MEDIA_ROOT))
        # part_filter ends in tarfile's "data" filter, which refuses paths out of the root.
        archive.extractall(settings.MEDIA_ROOT, filter=part_filter(private=False))  # noqa: S202
        if any(is_private(member) for member in archive.getmembers()):
            directory_empty(Path(settings.PRIVATE_MEDIA_ROOT))
            archive.extractall(settings.PRIVATE_MEDIA_ROOT, filter=part_filter(private=True))  # noqa: S202
    cache.clear()


def directory_empty(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():  # its contents, not itself: it may be a mounted volume
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def is_private(member: tarfile.TarInfo) -> bool:
    parts = PurePosixPath(member.name).parts
    return bool(parts) and parts[0] == PRIVATE_ARCNAME


def part_filter(*, private: bool):
    """A tarfile extraction filter for one root: the public uploads without `.private/`, or only `.private/`'s
    members with that prefix taken off; each checked by tarfile's "data" filter (no paths out of the root)."""

    def only_this_part(member: tarfile.TarInfo, destination: str) -> tarfile.TarInfo | None:
        if is_private(member) != private:
            return None
        if private:
            member = member.replace(name=str(PurePosixPath(*PurePosixPath(member.name).parts[1:])), deep=False)
        return tarfile.data_filter(member, destination)

    return only_this_part
