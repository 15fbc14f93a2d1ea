"""The search index refresh, run as the beat schedule runs it: eagerly here, and on a real worker in CI. And every
beat entry names a task the worker registers."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from wagtail.models import Page

from cep_site import celery_app
from core.tasks import search_index_refresh


def titles_found(words):
    return [page.title for page in Page.objects.live().search(words)]


def rename_behind_the_index(page, title):
    # A queryset update sends no save signal, so the search index does not hear of it: what an import does.
    Page.objects.filter(pk=page.pk).update(title=title)


@pytest.mark.django_db
def test_index_refresh_makes_a_bulk_edit_findable(demo_site):
    about = Page.objects.get(slug="about-us")
    rename_behind_the_index(about, "Zanzibar probation partnership")
    assert titles_found("zanzibar") == []
    search_index_refresh.delay()
    assert titles_found("zanzibar") == ["Zanzibar probation partnership"]


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_refresh_from_redis_and_runs_it(demo_site, settings):
    about = Page.objects.get(slug="about-us")
    rename_behind_the_index(about, "Zanzibar probation partnership")
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            search_index_refresh.delay()
            deadline = time.monotonic() + 30
            while not titles_found("zanzibar") and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        celery_app.conf.task_always_eager = True
    assert titles_found("zanzibar") == ["Zanzibar probation partnership"]


def test_every_beat_entry_names_a_task_the_worker_knows(settings):
    celery_app.loader.import_default_modules()  # what a worker does at start: it finds each app's tasks module
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"core.tasks.contact_submissions_purge", "awards.tasks.nominations_purge"} <= scheduled
    assert scheduled - set(celery_app.tasks) == set()
