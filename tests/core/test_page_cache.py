"""What the edge may keep (core/page_cache.py), the forms on the pages it keeps (core/public_forms.py) and the purges
web sends it (core/edge_cache.py). The edge itself, Varnish in front of gunicorn, is tests/ops/test_edge_cache.py.
"""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.utils import timezone

from core.edge_cache import CloudflareBackend, urls_pending
from core.models import SiteSettings
from newsletter.models import Subscriber
from tests.core.factories import publish
from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.members.factories import UserFactory
from tests.news.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=300"
TOKEN_FIELD = 'name="csrfmiddlewaretoken"'


def test_anonymous_pages_may_be_kept_by_the_edge_and_carry_no_token_or_cookie(client, demo_site):
    for path in ["/", "/about-us/", "/search/?q=probation"]:
        response = client.get(path)
        assert (path, response["Cache-Control"]) == (path, PUBLIC)
        assert (path, dict(response.cookies)) == (path, {})
        assert TOKEN_FIELD not in response.content.decode()


def test_a_visitor_with_a_session_gets_private_pages_whose_forms_carry_the_token(client, demo_site):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response["Cache-Control"] == "private"
    assert TOKEN_FIELD in response.content.decode()


def test_errors_and_pages_for_one_visitor_are_never_public(client, demo_site, settings):
    assert client.get("/no-such-page/")["Cache-Control"] == "private"
    assert client.get("/newsletter/subscribe/")["Cache-Control"] == "private, no-store"
    settings.EDGE_CACHE_SECONDS = 0
    assert client.get("/about-us/")["Cache-Control"] == "private"


def test_a_first_time_visitor_without_javascript_signs_up_from_a_page_the_edge_kept(demo_site):
    browser = Client(enforce_csrf_checks=True)  # no cookies, and a CSRF check as in production
    form = BeautifulSoup(browser.get("/").content, "html.parser").select_one("main form.newsletter-form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}

    answer = browser.post(form["action"], {**fields, "email": "first.visit@probation.example", "consent": "on"})

    assert answer.status_code == 200
    assert Subscriber.objects.get(email="first.visit@probation.example").status == Subscriber.Status.PENDING


def test_a_member_with_a_session_posts_with_the_token_of_their_page_and_not_without(demo_site):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    data = {"email": "member.reader@probation.example", "consent": "on"}
    assert browser.post("/newsletter/subscribe/", data).status_code == 403

    page = BeautifulSoup(browser.get("/newsletter/subscribe/").content, "html.parser")
    token = page.select_one("main form.newsletter-form input[name=csrfmiddlewaretoken]")["value"]
    assert browser.post("/newsletter/subscribe/", {**data, "csrfmiddlewaretoken": token}).status_code == 200


# --- Purges --------------------------------------------------------------------------------------------------------


class Recorder(ThreadingHTTPServer):
    """Stands for the edge: records each request (method, path, headers, JSON body) and answers as Cloudflare's
    API does on success."""

    def __init__(self):
        self.requests = []
        super().__init__(("127.0.0.1", 0), RecordingHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class RecordingHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the method's name)
        self.record()

    def do_POST(self):  # noqa: N802
        self.record()

    def record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        answer = b'{"success": true, "errors": []}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def edge(settings):
    recorder = Recorder()
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": recorder.url}
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    urls_pending().clear()  # left by earlier tests, whose transactions never commit
    yield recorder
    recorder.shutdown()
    recorder.server_close()


def purges(edge) -> list[tuple[str, str]]:
    return [(method, path) for method, path, _headers, _body in edge.requests]


def test_a_publish_purges_the_whole_site_once_after_it_commits(news_index, edge, django_capture_on_commit_callbacks):
    news = NewsPageFactory(parent=news_index, title="Probation in the Baltics", date=datetime.date(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        publish(news)
        assert purges(edge) == []  # the edge would fetch the page again before the change is visible

    assert purges(edge) == [("PURGE", "/*")]


@pytest.mark.parametrize("change", ["settings", "unpublish"])
def test_other_changes_shown_on_pages_purge_the_site(news_index, edge, django_capture_on_commit_callbacks, change):
    news = publish(NewsPageFactory(parent=news_index))
    urls_pending().clear()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "settings":
            site_settings = SiteSettings.objects.get()
            site_settings.phone = "+31 30 000 00 01"
            site_settings.save()
        else:
            news.unpublish()
    assert purges(edge) == [("PURGE", "/*")]


def test_a_draft_purges_nothing(news_index, edge, django_capture_on_commit_callbacks):
    news = publish(NewsPageFactory(parent=news_index, title="Published title"))
    urls_pending().clear()
    with django_capture_on_commit_callbacks(execute=True):
        news.title = "Draft title"
        news.save_revision()
    assert purges(edge) == []


def test_a_registration_purges_its_event_page_alone(demo_site, edge, django_capture_on_commit_callbacks):
    index = publish(EventIndexPageFactory(parent=demo_site))
    start = timezone.now() + datetime.timedelta(days=30)
    event = publish(
        EventPageFactory(
            parent=index, start=start, end=start + datetime.timedelta(hours=2), takes_registrations=True, capacity=10
        )
    )
    urls_pending().clear()  # the publishes above: a test's transaction never commits
    with django_capture_on_commit_callbacks(execute=True):
        RegistrationFactory(event=event)
    # The event's page at every query string and sub-route (its registration form's answers among them).
    assert purges(edge) == [("PURGE", f"{event.url}*")]


def test_cloudflare_is_asked_to_purge_the_site_by_host_and_a_page_by_prefix(edge):
    backend = CloudflareBackend({"ZONEID": "zone", "BEARER_TOKEN": "purge-only-token"})
    backend.cloudflare_purge_endpoint_url = f"{edge.url}/client/v4/zones/zone/purge_cache"

    backend.purge_batch(["https://www.cep-probation.org/*", "https://www.cep-probation.org/events/assembly/*"])

    assert [(path, body) for _method, path, _headers, body in edge.requests] == [
        ("/client/v4/zones/zone/purge_cache", {"hosts": ["www.cep-probation.org"]}),
        ("/client/v4/zones/zone/purge_cache", {"prefixes": ["www.cep-probation.org/events/assembly/"]}),
    ]
    assert {headers["Authorization"] for _method, _path, headers, _body in edge.requests} == {"Bearer purge-only-token"}
