"""The processes docker-compose.yml runs, run here without Docker: gunicorn, a Celery worker and Celery beat, all
with production settings, on PostgreSQL and Redis on loopback and a local SMTP sink.

Run locally with:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_ops REDIS_URL=redis://127.0.0.1:6379/11 \\
    .venv/bin/pytest --create-db tests/ops/

It collects the static files as the image build does, loads the demo content, asks gunicorn for one page of every
page type and /healthz/ (also through the compose health check's own command), sends a newsletter issue through
the worker to the sink, and checks that beat keeps the schedule file its health check watches.
"""

import io
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.models import Page, PageViewRestriction

from news.models import NewsPage
from newsletter import sending
from newsletter.models import IssueSending, NewsletterIndexPage, Subscriber
from tests.newsletter.factories import NewsletterIssuePageFactory
from tests.ops.offline_schema import yaml_load
from tests.processes import (
    BIN,
    ROOT,
    get,
    get_with_headers,
    production_env,
    serving,
    start,
    static_collected,
    stop,
    wait_until,
)
from tests.smtp import free_port, smtp_server

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Every page type a visitor can reach, and the routes of the pages that have more than one view.
PUBLIC_PAGE_TYPES = {
    "HomePage",
    "StandardPage",
    "NewsIndexPage",
    "NewsPage",
    "EventIndexPage",
    "EventPage",
    "ProjectIndexPage",
    "ProjectPage",
    "TopicIndexPage",
    "TopicPage",
    "ResourceIndexPage",
    "ResourcePage",
    "ExpertGroupIndexPage",
    "ExpertGroupPage",
    "MembershipPage",
    "NewsletterIndexPage",
    "NewsletterIssuePage",
}
SUB_ROUTES = {"MembershipPage": ["directory/"], "EventIndexPage": ["past/"]}


def page_paths() -> dict[str, list[str]]:
    """One live, public page of every page type, by type name: its path and its extra routes."""
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    paths = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        name = type(page).__name__
        if name in paths or any(page.path.startswith(prefix) for prefix in restricted):
            continue
        path = urlsplit(page.get_url()).path
        paths[name] = [path] + [path + route for route in SUB_ROUTES.get(name, [])]
    return paths


def test_gunicorn_worker_and_beat_with_production_settings_serve_every_page_type_and_send_a_newsletter(
    tmp_path, real_broker
):
    started = time.monotonic()
    call_command("load_demo_content", stdout=io.StringIO())
    processes = []
    with smtp_server() as (sink, controller):
        env = production_env(tmp_path, controller.port)
        static_collected(env)

        compose = yaml_load((ROOT / "docker-compose.yml").read_text())["services"]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        schedule = tmp_path / "beat" / "celerybeat-schedule"
        schedule.parent.mkdir()
        web_command = [str(BIN / "gunicorn"), "cep_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
        worker_command = [str(BIN / "python"), "-m", "cep_site.worker", "--concurrency=1", "--loglevel=WARNING"]
        beat_command = [str(BIN / "celery"), "-A", "cep_site", "beat", "--loglevel=WARNING", f"--schedule={schedule}"]
        try:
            for name, command in (("web", web_command), ("worker", worker_command), ("beat", beat_command)):
                processes.append((name, start(command, env, tmp_path / f"{name}.log")))
            wait_until(lambda: serving(base) or any(p.poll() is not None for _, p in processes), 60, "gunicorn")
            for name, process in processes:
                assert process.poll() is None, f"{name} exited:\n" + (tmp_path / f"{name}.log").read_text()

            # --- Every page type, as a visitor behind the proxy sees it ---------------------------------------
            paths = page_paths()
            assert set(paths) >= PUBLIC_PAGE_TYPES, f"demo content lacks {PUBLIC_PAGE_TYPES - set(paths)}"
            failures = {}
            for name, urls in sorted(paths.items()):
                for path in urls:
                    status, body = get(base, path)
                    if status != 200:
                        failures[path] = (name, status, body[:300])
            assert failures == {}, failures

            # --- Anonymous pages: the edge may keep them; what web keeps in Redis follows a publish at once ----
            _status, headers, _body = get_with_headers(base, "/news/")
            assert headers["Cache-Control"] == "public, max-age=0, s-maxage=300"
            assert "Set-Cookie" not in headers
            newest = NewsPage.objects.live().order_by("-date", "-pk").first()
            newest.title = "Renamed by an editor"
            newest.save_revision().publish()
            assert "Renamed by an editor" in get(base, "/news/")[1].decode()

            # Static files from WhiteNoise, collected as at build, with their hashed names.
            status, body = get(base, "/")
            # The stylesheet, and the font the page preloads, before it.
            head = BeautifulSoup(body, "html.parser").head
            stylesheet = head.select_one('link[rel="stylesheet"]')["href"]
            font = head.select_one('link[rel="preload"][as="font"]')["href"]
            for path in [stylesheet, font]:
                assert path.startswith("/static/"), path
                assert get(base, path)[0] == 200, path

            # --- /healthz/: over plain HTTP too (the load balancer's check), and by the compose health check ---
            assert get(base, "/healthz/") == (200, b"ok")
            plain = urllib.request.Request(base + "/healthz/")  # noqa: S310
            with urllib.request.urlopen(plain, timeout=10) as response:  # noqa: S310
                assert response.status == 200
            healthcheck = compose["web"]["healthcheck"]["test"][1:]
            assert healthcheck[0] == "python"
            check = [sys.executable, *healthcheck[1:-1], healthcheck[-1].replace("127.0.0.1:8000", f"127.0.0.1:{port}")]
            result = subprocess.run(check, env=env, capture_output=True, text=True, timeout=30, check=False)
            assert result.returncode == 0, result.stderr

            # --- A newsletter, through the worker process, to the SMTP sink -----------------------------------
            Subscriber.objects.create(email="reader@probation.example", status=Subscriber.Status.CONFIRMED)
            # The demo's issue is marked sent already; a new one, as an editor would write it.
            issue = NewsletterIssuePageFactory(parent=NewsletterIndexPage.objects.get(), title="Newsletter May 2027")
            sending.sending_start(issue, by=None)
            wait_until(lambda: sink.received, 30, "the newsletter")
            (received,) = sink.received
            assert received.to == "reader@probation.example"
            assert received.message["Subject"] == "Newsletter May 2027"
            link = received.message["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
            assert link.startswith("https://127.0.0.1/")  # WAGTAILADMIN_BASE_URL
            wait_until(
                lambda: IssueSending.objects.get(issue=issue).status == IssueSending.Status.SENT,
                30,
                "the sending to be marked sent",
            )

            # A mail client's one-click unsubscribe (RFC 8058), through gunicorn: no cookie, no CSRF token.
            unsubscribe = urllib.request.Request(  # noqa: S310
                base + urlsplit(link).path,
                data=b"List-Unsubscribe=One-Click",
                headers={"X-Forwarded-Proto": "https", "Content-Type": "application/x-www-form-urlencoded"},
            )
            with urllib.request.urlopen(unsubscribe, timeout=30) as response:  # noqa: S310
                assert response.status == 200
            subscriber = Subscriber.objects.get(email="reader@probation.example")
            assert subscriber.status == Subscriber.Status.UNSUBSCRIBED

            # --- The worker answers its compose health check (celery inspect ping to its own node name) ----------
            worker_check = compose["worker"]["healthcheck"]["test"][1].replace("$$", "$")
            worker_check = worker_check.replace("celery ", f"{BIN / 'celery'} ", 1)
            result = subprocess.run(
                ["/bin/sh", "-c", worker_check],
                env={**env, "HOSTNAME": socket.gethostname()},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            assert "pong" in result.stdout

            # --- Beat keeps the schedule file that its compose health check watches ---------------------------
            wait_until(lambda: list(schedule.parent.glob("celerybeat-schedule*")), 20, "beat's schedule file")
            beat_check = (
                compose["beat"]["healthcheck"]["test"][1].replace("$$", "$").replace("/app/beat", str(schedule.parent))
            )
            assert subprocess.run(["/bin/sh", "-c", beat_check], timeout=10, check=False).returncode == 0
            for name, process in processes:
                assert process.poll() is None, f"{name} exited:\n" + (tmp_path / f"{name}.log").read_text()
        finally:
            for _, process in reversed(processes):
                stop(process, grace=20)
    # A warm shutdown: each process exits on SIGTERM by itself.
    for name, process in processes:
        assert process.returncode in (0, -signal.SIGTERM), f"{name}: {process.returncode}"
    print(f"\nproduction smoke test: {len(paths)} page types, {time.monotonic() - started:.1f}s")
