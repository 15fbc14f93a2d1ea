"""Tests: fast and self-contained; tests that need a real worker, broker or database opt in."""

import os
from urllib.parse import urlsplit, urlunsplit

# `make test` runs the suite in parallel processes (pytest-xdist); each has a database of its own (pytest-django
# names it test_cep_gw0, test_cep_gw1…) and a Redis database of its own for the cache and the broker, so one
# process's cache.clear() or broker purge never reaches the other's. Set before base.py reads REDIS_URL.
if (xdist_worker := os.environ.get("PYTEST_XDIST_WORKER")) and os.environ.get("REDIS_URL"):
    _redis = urlsplit(os.environ["REDIS_URL"])
    _redis_db = int(_redis.path.strip("/") or 0) + 1 + int(xdist_worker.removeprefix("gw"))
    os.environ["REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{_redis_db}"))

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Workers deliver to `django.core.mail.outbox`; EMAIL_BACKEND stays the outbox (tests/conftest.py).
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Unit tests run tasks in-process; the worker tests switch this off and use the real broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Wagtail keeps its search index and reference index up to date by a task on every save. Most tests never read
# them, and those tasks were a third of the time spent building test content: here they are queued and dropped.
# Tests that search or look at an object's usage ask for the `search_index` fixture, which runs them as production
# does.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "ENQUEUE_ON_COMMIT": False}}
INDEXING_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "ENQUEUE_ON_COMMIT": False}
}

CEP_LOCAL_ADMIN_ALLOWED = True

# Serve static files from the apps and static/ directly; no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Lock-out is off by default: axes refuses `Client.login()`, which authenticates without a request.
# Tests of the lock-out turn it on (tests/members/test_accounts.py); attempts live in the database,
# so each test starts with none.
AXES_ENABLED = False
# Not waited for in every test that posts a form; the timing tests set it (tests/members/test_timing.py).
FORM_ANSWER_SECONDS = 0
