"""Local development (`make run`): debug on, a throwaway key, the local admin login allowed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Only for a local checkout; production.py requires DJANGO_SECRET_KEY.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
# Runserver serves collected-or-not static files itself; no manifest to build first.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# `manage.py create_local_admin` refuses to run where this is not set.
CEP_LOCAL_ADMIN_ALLOWED = True
