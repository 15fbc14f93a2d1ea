import io
import os
import shutil
import unittest
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django_tasks import default_task_backend
from pytest_django.fixtures import validate_django_db

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase, override_settings

from cep_site import celery_app
from demo import site as site_content
from home.models import HomePage
from tests.demo_snapshot import DemoSnapshot, private_media_beside, put_demo_content
from tests.smtp import MailServerDown, smtp_server

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path("/usr/bin/chromium")


def redis_reachable():
    if not settings.REDIS_URL:
        return False
    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


# Debian puts varnishd in /usr/sbin, which a user's PATH may lack.
VARNISH_PATH = f"{os.environ.get('PATH', '')}:/usr/sbin"


def missing_services(item):
    """What a test's markers ask for that this machine does not give it."""
    missing = []
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        missing.append("PostgreSQL (set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep)")
    if item.get_closest_marker("redis") and not redis_reachable():
        missing.append("Redis (set REDIS_URL=redis://127.0.0.1:6379/0)")
    if item.get_closest_marker("browser") and not CHROMIUM.exists():
        missing.append("Chromium (apt-get install chromium)")
    if item.get_closest_marker("caddy") and not shutil.which("caddy"):
        missing.append("Caddy (apt-get install caddy)")
    if item.get_closest_marker("varnish") and not shutil.which("varnishd", path=VARNISH_PATH):
        missing.append("Varnish (apt-get install varnish)")
    return missing


# What `make test-fast` leaves out besides the real services and the browser: the tests that load the whole demo
# content, build many pages to count queries (`test_query_counts.py`, `test_…query_count…`), or start processes.
# `make test` and CI run them.
SLOW_FIXTURES = {"full_demo_site", "shared_demo"}
SLOW_MODULES = {"test_query_counts.py", "test_demo_loading.py"}


def ends_its_transaction(item) -> bool:
    """Whether a test empties the database or closes the connection: a transactional test, or a Django TestCase
    class, which closes every connection when its class is done."""
    marker = item.get_closest_marker("django_db")
    transaction_asked = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    test_case_class = isinstance(getattr(item, "cls", None), type) and issubclass(item.cls, unittest.TestCase)
    return (
        bool(transaction_asked) or test_case_class or bool({"transactional_db", "live_server"} & set(item.fixturenames))
    )


def django_order(item) -> int:
    """pytest-django's order of a test: 0 for a database test, 1 for a transactional one (which empties the database,
    so they come after), 2 for one without the database."""
    cls = getattr(item, "cls", None)
    if isinstance(cls, type) and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool({"transactional_db", "live_server"} & fixtures)
    if marker:
        transaction_asked, reset_sequences, *_ = validate_django_db(marker)
        transactional = transactional or transaction_asked or reset_sequences
    if transactional:
        return 1
    return 0 if marker or "db" in fixtures else 2


def takes_long(item) -> bool:
    """Whether a test takes tens of seconds: it starts from the whole demo content, or processes or workers."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool({"full_demo_site", "real_broker"} & fixtures) or item.path.parent.name == "ops"


def modules_moved(items, order: int, chosen, *, to_front: bool) -> None:
    """Among pytest-django's run of tests of `order`, the modules with a test `chosen` go to its front or back, each
    module's tests together and in their order."""
    positions = [index for index, item in enumerate(items) if django_order(item) == order]
    if not positions or positions != list(range(positions[0], positions[-1] + 1)):
        return  # not the one run of them pytest-django makes
    run = items[positions[0] : positions[-1] + 1]
    modules = {item.path for item in run if chosen(item)}
    run.sort(key=lambda item: (item.path in modules) != to_front)  # a stable sort
    items[positions[0] : positions[-1] + 1] = run


def ordered_for_the_processes(items) -> None:
    """The suite's processes (pytest-xdist) take consecutive tests in turn. The whole demo's tests go last among the
    database tests, so that while one process takes the demo snapshot the others run other tests rather than wait for
    it (`SnapshotBeingTaken`). The modules with a long transactional test go first among the transactional tests: one
    handed out last keeps the run going alone while the other processes have finished (the production smoke test did
    for a minute and a half)."""
    modules_moved(items, 0, lambda item: SLOW_FIXTURES & set(getattr(item, "fixturenames", ())), to_front=False)
    modules_moved(items, 1, takes_long, to_front=True)


def pytest_collection_modifyitems(items):
    items_with_fixtures = [item for item in items if hasattr(item, "fixturenames")]
    # A module whose tests all run in a transaction each can share one `demo_site` (see `shared_site`).
    modules_ending_transactions = {item.path for item in items_with_fixtures if ends_its_transaction(item)}
    for item in items_with_fixtures:
        names = set(item.fixturenames)
        if SLOW_FIXTURES & names or item.path.name in SLOW_MODULES or "query_count" in item.name:
            item.add_marker(pytest.mark.slow)
        # Parametrized items share one list of fixture names: a name goes in once.
        if (
            "demo_site" in names
            and not {"shared_site", *SLOW_FIXTURES} & names
            and item.path not in modules_ending_transactions
        ):
            # First, so that its transaction is open before the test's own.
            item.fixturenames.insert(0, "shared_site")
    ordered_for_the_processes(items)


def pytest_collection_finish(session):
    # On the tests selected to run: where one starts from the whole demo, the first test takes the snapshot.
    items_with_fixtures = [item for item in session.items if hasattr(item, "fixturenames")]
    if any(SLOW_FIXTURES & set(item.fixturenames) for item in items_with_fixtures):
        for item in items_with_fixtures:
            if "demo_snapshot" not in item.fixturenames:
                item.fixturenames.insert(0, "demo_snapshot")


def pytest_runtest_setup(item):
    missing = missing_services(item)
    if not missing:
        return
    reason = "NEEDS " + ", ".join(missing) + "; `bash .ci/run` provides them"
    if IN_CI:
        pytest.fail(f"In CI every service must be there: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and not IN_CI:
        terminalreporter.write_sep(
            "!", f"{len(skipped)} tests SKIPPED for lack of a real service; they run in CI (bash .ci/run)", red=True
        )


@pytest.fixture(autouse=True, scope="session")
def mail_through_the_outbox(django_test_environment):
    """Django's test set-up points EMAIL_BACKEND at a list in memory; put the outbox back, as in production.

    What workers send reaches that list (`django.core.mail.outbox`) through OUTBOX_DELIVERY_BACKEND instead.
    """
    settings.EMAIL_BACKEND = "core.mail.OutboxBackend"


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Uploaded files and renditions go to a directory of the test's own (of the module's, on shared content)."""
    if "shared_demo" in request.fixturenames:
        settings.MEDIA_ROOT = str(request.getfixturevalue("shared_demo"))
        settings.PRIVATE_MEDIA_ROOT = str(private_media_beside(settings.MEDIA_ROOT))
        yield
        return
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(private_media_beside(settings.MEDIA_ROOT))
    if "shared_site" in request.fixturenames:
        # The module's images, in a directory of the test's own: tests look at what they stored.
        _home, media = request.getfixturevalue("shared_site")
        shutil.copytree(media, settings.MEDIA_ROOT)
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def search_index(settings):
    """Wagtail's search index and reference index kept up to date on every save, as in production (the test
    settings drop those tasks)."""
    settings.TASKS = settings.INDEXING_TASKS


@pytest.fixture(autouse=True)
def clear_cache():
    # Wagtail caches site root paths; a flushed or rolled-back database would leave them stale.
    cache.clear()
    yield
    cache.clear()
    default_task_backend.clear()  # the tasks the test settings drop


def minimal_site_load():
    with override_settings(TASKS=settings.INDEXING_TASKS):  # searchable, as a new install is
        home, about = site_content.load(io.StringIO())
        site_content.home_page_fill(home, about_page=about)
    return home


@pytest.fixture
def demo_site(request, db):
    """The home page and About Us with their seed content, and the site settings; no other sections.

    Tests build the news, topics or projects they need under it with the factories. Loaded once per module where
    the module allows it (`shared_site`), else for the test.
    """
    if "shared_site" in request.fixturenames:
        home, _media = request.getfixturevalue("shared_site")
        return HomePage.objects.get(pk=home.pk)
    return minimal_site_load()


@contextmanager
def module_transaction(django_db_blocker, media):
    """A transaction around a module's tests, rolled back when it ends, with uploads going to `media` (and beside it).

    Its fixtures ask for `mail_through_the_outbox` first: a setting changed while this override is on is lost with
    it, and the fixtures go before the autouse ones (`pytest_collection_modifyitems`)."""
    private_media = str(private_media_beside(media))
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=private_media),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker, tmp_path_factory, mail_through_the_outbox):
    """`demo_site`, loaded once for a module; yields the home page and the module's media directory.

    Given to the tests of a module that use `demo_site` when none of its tests empties the database
    (`pytest_collection_modifyitems`): as with `shared_demo`, the content is loaded in a transaction rolled back when
    the module ends, and each test runs in a savepoint of its own inside it. Loading it for each test was a fifth of
    the time of the quick suite.
    """
    media = tmp_path_factory.mktemp("site-media")
    with module_transaction(django_db_blocker, media):
        yield minimal_site_load(), media


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory, worker_id):
    """The full demo content, loaded once for the suite (see tests/demo_snapshot.py).

    Asked for first by every test of a session that has a test of the whole demo, so that it is taken on the
    migrated database before any module has loaded content of its own. Under pytest-xdist the processes share it in
    the run's own temporary directory (their base directories' parent); those that find another taking it read it
    when a test first needs it."""
    with django_db_blocker.unblock():
        if worker_id == "master":
            return DemoSnapshot.take(tmp_path_factory.mktemp("demo-snapshot-media"))
        return DemoSnapshot.shared(tmp_path_factory.getbasetemp().parent / "demo-snapshot")


@pytest.fixture
def full_demo_site(request, db, demo_snapshot, settings):
    """The site exactly as a new install has it, as `manage.py load_demo_content` makes it (put there once per module
    in a module that uses `shared_demo`)."""
    if "shared_demo" not in request.fixturenames:
        put_demo_content(demo_snapshot, settings.MEDIA_ROOT)
    return HomePage.objects.get()


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker, tmp_path_factory, demo_snapshot, mail_through_the_outbox):
    """The full demo content, put in place once for a module whose every test starts from it; yields its media
    directory.

    A module opts in with `pytestmark = pytest.mark.usefixtures("shared_demo")`. The content is put in a transaction
    rolled back when the module ends, and each test runs inside it in a savepoint of its own (pytest-django's `db`),
    so what a test changes is undone after it as usual. Not for transactional tests, which empty the database.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with module_transaction(django_db_blocker, media):
        put_demo_content(demo_snapshot, str(media))
        yield media


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback that Django sends to; see tests/smtp.py for what it records and refuses."""
    with smtp_server() as (handler, controller):
        settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = controller.hostname
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        yield handler


@pytest.fixture
def mail_server_down(settings):
    """The mail server is down and no worker runs: tasks wait in the broker (in memory) instead of running here.

    Gives the backend, whose `attempts` counts every try to reach the server.
    """
    settings.OUTBOX_DELIVERY_BACKEND = "tests.smtp.MailServerDown"
    MailServerDown.attempts = 0
    celery_app.conf.task_always_eager = False
    try:
        yield MailServerDown
    finally:
        celery_app.control.purge()
        celery_app.conf.task_always_eager = True


@pytest.fixture
def real_broker():
    """Tasks go to Redis instead of running eagerly in this process; the broker starts and ends empty."""
    celery_app.conf.task_always_eager = False
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.flushdb()
    try:
        yield broker
    finally:
        broker.flushdb()
        celery_app.conf.task_always_eager = True


@pytest.fixture
def worker(real_broker):
    """A Celery worker thread in this process, with this process's settings (the SMTP sink's among them)."""
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as started:
        yield started
