"""Starting and stopping the real processes that tests and benchmarks run (gunicorn, Celery workers and beat) with
production settings, and asking gunicorn for pages as the proxy in front of it would."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECRET_KEY = "production-test-only-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"


def stop(process: subprocess.Popen, *, grace: float = 30) -> None:
    """SIGTERM, as `docker compose stop` sends, then SIGKILL if the process is still there after `grace` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def production_env(tmp_path: Path, smtp_port: int) -> dict[str, str]:
    """The environment compose gives the Django services, pointed at this test's database, Redis and sink."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "cep_site.settings.production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
        "DATABASE_URL": f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}",
        # No connection kept open past a request, so the test database can be dropped at the end.
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "staticfiles"),
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def get(base: str, path: str, **headers) -> tuple[int, bytes]:
    status, _headers, body = get_with_headers(base, path, **headers)
    return status, body


def get_with_headers(base: str, path: str, **headers):
    # The TLS-terminating proxy in front of web says the visitor came over HTTPS (SECURE_PROXY_SSL_HEADER).
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https", **headers})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own loopback URL)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def serving(base: str) -> bool:
    try:
        return get(base, "/healthz/")[0] == 200
    except OSError:
        return False


def static_collected(env: dict[str, str]) -> None:
    """What the image build does: the static files, with their hashed names, where `env` serves them from."""
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr


def wait_until_idle(broker, timeout=60):
    """Until the Celery broker holds no task, waiting or taken (acks_late: a task is acknowledged once it has run)."""
    quiet_since = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if broker.llen("celery") or broker.hlen("unacked"):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 1:
            return
        time.sleep(0.05)
    raise AssertionError("the worker did not go idle")
