"""Each settings module as an operator meets it, loaded in a fresh interpreter with a chosen environment."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "www.cep-probation.org",
    "WAGTAILADMIN_BASE_URL": "https://www.cep-probation.org",
}
# What the test run itself sets, which an operator's shell would not have.
CI_ONLY_VARIABLES = {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
SHOW_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], "
    "'cache_at': s.CACHES['default'].get('LOCATION', ''), 'email': s.EMAIL_BACKEND, "
    "'delivery': s.OUTBOX_DELIVERY_BACKEND, 'debug': s.DEBUG}))"
)


def run_python(code, *, settings_module, **environment):
    env = {key: value for key, value in os.environ.items() if key not in CI_ONLY_VARIABLES}
    env.update(environment, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def run_manage(*args, settings_module, **environment):
    code = f"import sys; sys.argv = ['manage.py', *{list(args)!r}]; exec(open('manage.py').read())"
    return run_python(code, settings_module=settings_module, **environment)


@pytest.mark.slow
def test_with_no_settings_the_site_uses_sqlite_eager_tasks_and_console_mail():
    result = run_python(SHOW_SETTINGS, settings_module="cep_site.settings.dev")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "broker": "memory://",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "cache_at": "",
        "email": "core.mail.OutboxBackend",
        "delivery": "django.core.mail.backends.console.EmailBackend",
        "debug": True,
    }


@pytest.mark.slow
def test_service_urls_switch_to_postgresql_redis_and_smtp_without_code_changes():
    result = run_python(
        SHOW_SETTINGS,
        settings_module="cep_site.settings.dev",
        DATABASE_URL="postgres://cep@db.example:5432/cep",
        REDIS_URL="redis://cache.example:6379/0",
        EMAIL_URL="smtp://mail.example:25",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["eager"] is False
    assert shown["broker"] == "redis://cache.example:6379/0"
    # Django's Redis cache, serving pages without it while Redis is down (tests/ops/test_faults.py).
    assert shown["cache"] == "core.redis_cache.FailSoftRedisCache"
    assert shown["cache_at"] == "redis://cache.example:6379/0"
    assert shown["email"] == "core.mail.OutboxBackend"
    assert shown["delivery"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.slow
def test_the_cache_can_have_a_redis_of_its_own_apart_from_the_broker():
    result = run_python(
        SHOW_SETTINGS,
        settings_module="cep_site.settings.dev",
        REDIS_URL="redis://broker.example:6379/0",
        REDIS_CACHE_URL="redis://cache.example:6379/0",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["broker"], shown["cache_at"]) == ("redis://broker.example:6379/0", "redis://cache.example:6379/0")


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secret_key_or_hosts(missing):
    environment = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_python(SHOW_SETTINGS, settings_module="cep_site.settings.production", **environment)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


@pytest.mark.slow
def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", settings_module="cep_site.settings.production", **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_the_local_admin_login_is_never_made_with_production_settings():
    result = run_manage("create_local_admin", settings_module="cep_site.settings.production", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "only made with development settings" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for module in (ROOT / "cep_site" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', module.read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))
    assert read, "no settings read from the environment were found"
    assert read - listed == set()


@pytest.mark.slow
def test_a_release_with_other_migrations_reads_none_of_the_previous_releases_cache(tmp_path):
    # The cache holds pickled models: after a model moved app, the old pickles would fail to load on every page.
    from cep_site.settings.base import migrations_fingerprint

    (tmp_path / "news" / "migrations").mkdir(parents=True)
    (tmp_path / "news" / "migrations" / "0001_initial.py").touch()
    before = migrations_fingerprint(tmp_path)
    (tmp_path / "home" / "migrations").mkdir(parents=True)
    (tmp_path / "home" / "migrations" / "0001_initial.py").touch()

    assert migrations_fingerprint(tmp_path) != before
    assert migrations_fingerprint(tmp_path) == migrations_fingerprint(tmp_path)


@pytest.mark.redis
def test_the_cache_keys_name_the_migrations_of_the_release(settings):
    from django.core.cache import cache

    from cep_site.settings.base import BASE_DIR, migrations_fingerprint

    assert cache.make_key("page-cache:generation").startswith(f"cep-{migrations_fingerprint(BASE_DIR)}:")


@pytest.mark.redis
@pytest.mark.django_db
def test_processes_on_another_database_sharing_the_redis_never_read_this_ones_cached_sites(demo_site, settings):
    # Wagtail caches the site root paths, with site ids, in the shared cache; a process on another database (a
    # worker left from another run, a staging site on the same Redis) caches its own. Before the database was in
    # the keys, this process then looked up the other database's site: Site.DoesNotExist.
    from django.core.cache import cache
    from django.db import connection

    from wagtail.models import Site
    from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION, SiteRootPath

    from core.redis_cache import _tag

    site = Site.objects.get(is_default_site=True)
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = "another_database"
    try:
        cache.set(
            SITE_ROOT_PATHS_CACHE_KEY,
            [SiteRootPath(site.pk + 1000, "/", "https://staging.example", "en")],
            version=SITE_ROOT_PATHS_CACHE_VERSION,
        )
    finally:
        connection.settings_dict["NAME"] = name
        _tag.cache_clear()

    assert demo_site.get_site() == site
