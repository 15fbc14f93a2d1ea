"""Tests: fast and self-contained; tests that need a real worker, broker or database opt in."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Unit tests run tasks in-process; the worker tests switch this off and use the real broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Wagtail's own background tasks (search indexing, reference index) run at once.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}

CEP_LOCAL_ADMIN_ALLOWED = True

# Tests change content behind the page cache's back (factories, .update()); the page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0

# Serve static files from the apps and static/ directly; no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Lock-out is off by default: axes refuses `Client.login()`, which authenticates without a request.
# Tests of the lock-out turn it on (tests/members/test_accounts.py); attempts live in the database,
# so each test starts with none.
AXES_ENABLED = False
