"""Import a generated WordPress export of 20,000 posts and print the time taken and the peak memory.

Run: .venv/bin/python bench/wordpress_import.py                 (a throwaway SQLite file)
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_bench .venv/bin/python bench/wordpress_import.py
     (PostgreSQL: a throwaway test_cep_bench database is created next to the one named, and dropped afterwards)
Options: --posts N (default 20000).

The export is written to a temporary folder as WordPress writes it (WXR 1.2, a few paragraphs, a heading, a list,
a shortcode, categories, tags and comments per post), item by item so that writing it holds no more than one post.
It is then imported as `manage.py import_wordpress` does, and imported again, which must create nothing. The file is
read as a stream and the report keeps counts, not rows, so the peak memory (VmHWM of this process) should stay the
same however many posts there are: it is printed at each quarter of the import, and the growth over the import.

Wagtail's search index and reference index are updated on each save in the process, as in production: the test
settings queue those tasks and drop them, and the queue they use keeps every task in memory.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cep_site.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp())

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402

from wagtail.models import Site  # noqa: E402

from bench.database import throwaway_database  # noqa: E402
from news.models import NewsIndexPage, NewsPage  # noqa: E402
from tests.wordpress.wxr_builder import Post, export  # noqa: E402
from wordpress.imports import export_index, wordpress_import  # noqa: E402

CATEGORIES = [
    ("cep-events", "CEP Events"),
    ("probation-in-europe", "Probation in Europe"),
    ("technology", "Technology"),
]
BODY = """Probation services from across Europe met to share what works in {place}.

<h2>What was discussed</h2>
Delegates heard how <strong>electronic monitoring</strong> and community service are used as alternatives to
custody, and how <a href="https://www.cep-probation.org/">CEP</a> supports its members.

<ul><li>Training of probation officers</li><li>Victims' rights</li><li>Desistance research</li></ul>

[contact-form-7 id="12" title="Contact"]

The next meeting will be held in the autumn."""
PLACES = ["Riga", "Lisbon", "Utrecht", "Ljubljana", "Tallinn", "Dublin", "Prague", "Oslo"]


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory_at_quarters(total: int):
    """A progress callback that prints the peak memory at each quarter of the import."""
    quarters = {total * number // 4 for number in range(1, 5)}

    def progress(done: int, _total: int) -> None:
        if done in quarters:
            print(f"  {done:,} items imported: peak memory {peak_memory_mb():.0f} MB", flush=True)

    return progress


def write_export(path: Path, posts: int) -> None:
    """The channel from the tests' builder, then the items written one at a time."""
    head, tail = export(Post(post_id=0)).split("<item>", 1)
    tail = tail.split("</item>", 1)[1]
    with path.open("w", encoding="utf-8") as file:
        file.write(head)
        for number in range(1, posts + 1):
            post = Post(
                post_id=number,
                title=f"News from {PLACES[number % len(PLACES)]}, number {number}",
                slug=f"news-{number}",
                content=BODY.format(place=PLACES[number % len(PLACES)]),
                excerpt="Probation services met to share what works.",
                date_gmt=f"{2015 + number % 10}-{1 + number % 12:02d}-{1 + number % 28:02d} 09:30:00",
                status="draft" if number % 50 == 0 else "publish",
                categories=[CATEGORIES[number % len(CATEGORIES)]],
                tags=[("electronic-monitoring", "Electronic monitoring")],
                comments=number % 3,
            )
            file.write(post.xml())
        file.write(tail)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    arguments = parser.parse_args()

    production_tasks = override_settings(TASKS=settings.INDEXING_TASKS)
    with tempfile.TemporaryDirectory() as folder, throwaway_database(), production_tasks:
        path = Path(folder) / "export.xml"
        started = time.perf_counter()
        write_export(path, arguments.posts)
        print(f"Export: {arguments.posts:,} posts, {path.stat().st_size / 1e6:.1f} MB, written in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        home = Site.objects.get(is_default_site=True).root_page
        home.add_child(instance=NewsIndexPage(title="News", slug="news"))
        memory_before = peak_memory_mb()

        started = time.perf_counter()
        index = export_index(path)
        print(f"Reading the whole file (the check before writing): {time.perf_counter() - started:.1f} s, "
              f"{index.item_count:,} items; peak memory {peak_memory_mb():.0f} MB")  # fmt: skip

        memory_before_import = peak_memory_mb()
        started = time.perf_counter()
        report = wordpress_import(path=path, progress=memory_at_quarters(index.item_count))
        seconds = time.perf_counter() - started
        growth = peak_memory_mb() - memory_before_import
        counts = report.counts()["post"]
        print(f"Import: {seconds:.1f} s ({arguments.posts / seconds:.0f} posts/s); created {counts['created']:,}, "
              f"failed {counts['failed']:,}; {NewsPage.objects.count():,} news items; peak memory grew {growth:.0f} MB "
              "during it")  # fmt: skip

        started = time.perf_counter()
        again = wordpress_import(path=path)
        seconds_again = time.perf_counter() - started
        counts_again = again.counts()["post"]
        print(f"Second run: {seconds_again:.1f} s; created {counts_again['created']:,}, unchanged "
              f"{counts_again['unchanged']:,}")  # fmt: skip
        print(f"Peak memory (VmHWM): {peak_memory_mb():.0f} MB (after Django's start-up: {memory_before:.0f} MB)")
        if counts["created"] != arguments.posts or counts_again["created"]:
            sys.exit("The import did not create each post exactly once.")


if __name__ == "__main__":
    main()
