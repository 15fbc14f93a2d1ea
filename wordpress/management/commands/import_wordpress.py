"""manage.py import_wordpress EXPORT.xml [--uploads DIR] [--parent PAGE] [--dry-run] [--report-csv PATH]"""

import contextlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.imports import ImportRefused, ImportReport, parent_page, wordpress_import
from wordpress.wxr import WXRError

BAR_WIDTH = 30


def progress_bar(done: int, total: int) -> None:
    # Redrawn in place on stderr, so that the report on stdout stays clean when redirected.
    filled = BAR_WIDTH * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{total:,}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts as news, pages, media, and redirects from the old addresses."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file from WordPress's Tools → Export.")
        parser.add_argument("--uploads", type=Path, help="A copy of the site's wp-content/uploads folder.")
        parser.add_argument("--parent", help="The page (id or path, e.g. /about/) the WordPress pages go under.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be done; write nothing.")
        parser.add_argument("--report-csv", type=Path, help="Also write the report, one row per item, as CSV.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, export, uploads, parent, dry_run, report_csv, no_progress, **options):
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"{uploads} is not a folder.")
        with report_csv.open("w", newline="", encoding="utf-8") if report_csv else contextlib.nullcontext() as csv_file:
            try:
                report = wordpress_import(
                    path=export,
                    parent=parent_page(parent),
                    uploads=uploads,
                    dry_run=dry_run,
                    progress=None if no_progress else progress_bar,
                    report=ImportReport(dry_run=dry_run, csv_file=csv_file),
                )
            except (WXRError, ImportRefused) as error:
                raise CommandError(f"{export}: {error} Nothing was imported.") from error
        self.write_report(report)
        if report_csv:
            self.stdout.write(f"Report written to {report_csv}.")

    def write_report(self, report: ImportReport) -> None:
        actions = ["created", "updated", "unchanged", "skipped", "failed"]
        if report.dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written; this is what an import would do."))
        self.stdout.write(f"{'':12}" + "".join(f"{action:>11}" for action in actions))
        for kind, counts in sorted(report.counts().items()):
            self.stdout.write(f"{kind:12}" + "".join(f"{counts[action]:>11,}" for action in actions))
        for (action, reason), count in report.reasons().most_common():
            self.stdout.write(f"  {action} {count:,}: {reason}")
        self.stdout.write(f"Comments not imported: {report.comments:,}")
        if report.shortcodes_removed:
            removed = ", ".join(f"[{name}] {count:,}" for name, count in report.shortcodes_removed.most_common())
            self.stdout.write(f"Shortcodes removed: {removed}")
