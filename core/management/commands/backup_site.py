"""Back up the database and the uploads into DJANGO_BACKUP_DIR (or --directory), then delete the backups no longer
kept (7 daily, 4 weekly; core/backups.py). Run it daily, e.g. from cron: `15 2 * * * manage.py backup_site`."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_make, backups_rotate


class Command(BaseCommand):
    help = "Back up the database and the uploads, and keep 7 daily and 4 weekly backups."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=settings.BACKUP_DIR, help="where backups are kept")

    def handle(self, *args, directory, **options):
        started = time.monotonic()
        try:
            backup = backup_make(Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from error
        removed = backups_rotate(Path(directory))
        size = (backup.dump.stat().st_size + backup.media.stat().st_size) / 1024 / 1024
        self.stdout.write(
            f"Backed up {backup.name} ({size:.1f} MB) in {time.monotonic() - started:.1f} s: "
            f"{backup.dump.name}, {backup.media.name}. Old backups deleted: {len(removed)}."
        )
