"""Queries per page with the demo content, then with 100 more news items: the figures must not change.

Run: DJANGO_SETTINGS_MODULE=cep_site.settings.test .venv/bin/python bench/query_counts.py
(uses a throwaway SQLite database, or DATABASE_URL if set — never point it at a database you keep).
"""

import datetime
import io
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cep_site.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp())

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsType  # noqa: E402
from topics.models import TopicPage  # noqa: E402

PATHS = [
    "/",
    "/about-us/",
    "/news/",
    "/news/?category=cep-events&year=2025",
    "/news/feed/",
    "/news/vodcast/",
    "/topics/",
    "/topics/technology/",
    "/projects/",
    "/projects/copper-project/",
    "/resources/",
    "/expert-groups/",
    "/search/?q=probation",
]


def measure(client):
    counts = {}
    for path in PATHS:
        client.get(path)  # renditions and caches are made once, not measured
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(queries)
    return counts


def add_news(count):
    index = NewsIndexPage.objects.get()
    categories = list(NewsCategory.objects.all())
    news_type = NewsType.objects.get(slug="new")
    technology = TopicPage.objects.get(slug="technology")
    for number in range(count):
        page = NewsPage(
            title=f"Benchmark news {number}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            teaser="Probation news added for the benchmark.",
            news_type=news_type,
            body="[]",
        )
        page.categories = categories[number % len(categories) : number % len(categories) + 2]
        page.topics = [technology]
        index.add_child(instance=page)
        page.save_revision().publish()


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    client = Client()
    with_demo = measure(client)
    add_news(100)
    with_more = measure(client)
    print(f"{'page':45} {'demo':>5} {'+100 news':>10}")
    for path in PATHS:
        flag = "  <-- grew" if with_more[path] > with_demo[path] else ""
        print(f"{path:45} {with_demo[path]:>5} {with_more[path]:>10}{flag}")
    # Search results load each page type's fields in one query per type on the page, so its count follows
    # the mix of types shown (at most one query per page type), never the number of results.
    return 0 if all(with_more[path] <= with_demo[path] for path in PATHS) else 1


if __name__ == "__main__":
    sys.exit(main())
