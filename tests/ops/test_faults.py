"""The site under faults, as production runs it: gunicorn with production settings, while its Redis stops and comes
back, and in front of a database that accepts connections but never answers.

Each test starts the services it breaks (a Redis server of its own, a silent socket), so nothing else is touched.
"""

import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
import redis

from wagtail.images.models import Image

from core.models import OutboxEmail
from core.redis_cache import FailSoftRedisCache
from newsletter.models import Subscriber
from tests.conftest import minimal_site_load
from tests.processes import (
    BIN,
    get,
    get_with_headers,
    production_env,
    serving,
    start,
    static_collected,
    stop,
    wait_until,
)
from tests.smtp import free_port

PASSWORD = "a-long-passphrase-for-tests"
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@contextmanager
def redis_server(port: int):
    """A Redis of this test's own on loopback, nothing saved to disk."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed (apt-get install redis-server)"
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: port_open(port), 10, "redis-server")
        yield process
    finally:
        stop(process, grace=5)


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


@contextmanager
def gunicorn(tmp_path, **env_overrides):
    port = free_port()
    env = {**production_env(tmp_path, free_port()), **env_overrides}
    static_collected(env)
    command = [str(BIN / "gunicorn"), "cep_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "30"]
    process = start(command, env, tmp_path / "web.log")
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        stop(process, grace=10)


def timed_get(base: str, path: str):
    started = time.monotonic()
    status, headers, body = get_with_headers(base, path)
    return status, headers, body, time.monotonic() - started


def form_post(base: str, path: str, fields: dict) -> tuple[int, str]:
    """A form as a browser sends it: the CSRF cookie and token from its page where it has them (a form anyone may
    post has none for a visitor without a session), then the POST; the status and where a redirect goes."""
    status, headers, body = get_with_headers(base, path)
    assert status == 200
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if token:
        fields = {"csrfmiddlewaretoken": token[1].decode(), **fields}
    origin = "https://" + urllib.parse.urlsplit(base).netloc
    request = urllib.request.Request(  # noqa: S310 (our own loopback URL)
        base + path,
        data=urllib.parse.urlencode(fields).encode(),
        headers={
            "X-Forwarded-Proto": "https",
            "Cookie": f"csrftoken={cookie[1]}" if cookie else "",
            "Origin": origin,
            "Referer": origin + path,
        },
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_redis_down_serves_pages_uncached_takes_sign_ups_answers_503_and_recovers_without_a_restart(tmp_path):
    minimal_site_load()
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    with redis_server(redis_port) as first_redis, gunicorn(tmp_path, REDIS_URL=redis_url) as (web, base):
        wait_until(lambda: serving(base) or web.poll() is not None, 60, "gunicorn")
        get(base, "/")
        assert redis.Redis(port=redis_port).dbsize() > 0  # menus, listings and routes kept in the cache

        stop(first_redis, grace=5)
        for path in ("/", "/about-us/", "/newsletter/subscribe/", "/accounts/login/"):
            status, _headers, _body, seconds = timed_get(base, path)
            assert (path, status) == (path, 200)
            assert seconds < 3, (path, seconds)
        status, _headers, body, seconds = timed_get(base, "/healthz/")
        assert (status, body) == (503, b"unavailable")
        assert seconds < 2, seconds
        # Sign-ups while the broker is down too: the rows are kept; the sweep wakes a worker once Redis is back.
        subscribe = {"email": "outage@probation.example", "name": "", "consent": "on"}
        assert form_post(base, "/newsletter/subscribe/", subscribe)[0] == 200
        assert Subscriber.objects.get(email="outage@probation.example").status == Subscriber.Status.PENDING
        account = {"email": "new.member@probation.example", "password1": PASSWORD, "password2": PASSWORD}
        assert form_post(base, "/accounts/signup/", account) == (302, "/accounts/confirm-email/")
        assert OutboxEmail.objects.filter(to="new.member@probation.example").exists()
        # A login (the lock-out counts in the database) and an image (its own view).
        login = {"login": "new.member@probation.example", "password": "not-the-password"}
        assert form_post(base, "/accounts/login/", login)[0] == 400
        image = Image.objects.first()
        assert get(base, urllib.parse.urlsplit(image.file.url).path)[0] == 200

        with redis_server(redis_port):
            # The health check asks Redis itself; the cache tries again a few seconds after its last failure.
            wait_until(lambda: get(base, "/healthz/") == (200, b"ok"), 10, "the health check to recover")
            wait_until(lambda: get(base, "/")[0] == 200 and redis.Redis(port=redis_port).dbsize() > 0, 10, "the cache")
        assert web.poll() is None, (tmp_path / "web.log").read_text()


def test_a_redis_that_hangs_costs_seconds_not_the_request(tmp_path):
    # Stopped with SIGSTOP: it keeps its connections and never answers, cache and broker alike.
    minimal_site_load()
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    with redis_server(redis_port) as hung_redis, gunicorn(tmp_path, REDIS_URL=redis_url) as (web, base):
        wait_until(lambda: serving(base) or web.poll() is not None, 60, "gunicorn")
        get(base, "/")
        hung_redis.send_signal(signal.SIGSTOP)
        try:
            status, _headers, _body, seconds = timed_get(base, "/about-us/")
            assert status == 200 and seconds < 5, (status, seconds)
            status, _headers, _body, seconds = timed_get(base, "/healthz/")
            assert status == 503 and seconds < 3, (status, seconds)
            timings = []
            for number in range(2):
                started = time.monotonic()
                subscribe = {"email": f"hung{number}@probation.example", "name": "", "consent": "on"}
                assert form_post(base, "/newsletter/subscribe/", subscribe)[0] == 200
                timings.append(time.monotonic() - started)
            # The first waits for the broker's timeout; the next knows it is away and leaves the row to the sweep.
            assert timings[0] < 10 and timings[1] < 2, timings
            assert Subscriber.objects.filter(email__startswith="hung").count() == 2
        finally:
            hung_redis.send_signal(signal.SIGCONT)
        assert web.poll() is None, (tmp_path / "web.log").read_text()


@contextmanager
def silent_database():
    """A socket that accepts connections and never says a word: a database host that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []
    stopping = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stopping.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stopping.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def test_a_database_that_never_answers_gives_a_fast_503_health_check_and_the_sites_error_page(tmp_path):
    with (
        silent_database() as database_port,
        gunicorn(
            tmp_path, DATABASE_URL=f"postgres://cep@127.0.0.1:{database_port}/cep", DATABASE_CONNECT_TIMEOUT="2"
        ) as (web, base),
    ):
        wait_until(lambda: port_open(int(base.rsplit(":", 1)[1])) or web.poll() is not None, 60, "gunicorn")
        status, _headers, body, seconds = timed_get(base, "/healthz/")
        assert (status, body) == (503, b"unavailable")
        assert seconds < 8, seconds  # the 3 s connect timeout and a loaded machine, not a 30 s hang
        status, _headers, body, seconds = timed_get(base, "/about-us/")
        assert status == 500
        assert b"Something went wrong on our side" in body  # templates/500.html, not gunicorn's bare answer
        assert seconds < 8, seconds  # the 3 s connect timeout and a loaded machine, not a 30 s hang
        assert web.poll() is None


def test_a_cache_that_refuses_writes_is_served_around():
    # A Redis out of memory under "noeviction" answers every write with an error: the page goes without the cache.
    port = free_port()
    with redis_server(port):
        server = redis.Redis(port=port)
        server.config_set("maxmemory", str(server.info("memory")["used_memory"] + 1024))
        server.config_set("maxmemory-policy", "noeviction")
        cache = FailSoftRedisCache(f"redis://127.0.0.1:{port}/0", {})
        assert cache.set("a-big-value", "x" * 1_000_000) is None
        assert cache.get("a-big-value", "a miss") == "a miss"
        assert cache.add("another", "x" * 1_000_000) is True
        assert cache.reachable()  # refusing is not down: the health check stays green
