"""Put back the database and the uploads of one backup (core/backups.py): `manage.py restore_site` lists them,
`manage.py restore_site cep-20270501T021500Z` restores that one. What is there now is replaced: stop web, worker
and beat first."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_restore, backups_in


class Command(BaseCommand):
    help = "Restore the database and the uploads from a backup made by backup_site (without a name: list them)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the backup's name, cep-<date>T<time>Z")
        parser.add_argument("--directory", default=settings.BACKUP_DIR, help="where backups are kept")

    def handle(self, *args, name, directory, **options):
        backups = backups_in(Path(directory))
        if not name:
            for backup in backups:
                self.stdout.write(backup.name)
            return
        chosen = next((backup for backup in backups if backup.name == name), None)
        if chosen is None:
            raise CommandError(f"No complete backup named {name} in {directory}; run without a name to list them.")
        started = time.monotonic()
        try:
            backup_restore(chosen)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {chosen.name} in {time.monotonic() - started:.1f} s.")
