"""The edge cache of compose's `proxy` service: Debian's Varnish, started by deploy/varnish-start.sh with
deploy/varnish.vcl, in front of gunicorn with production settings (`apt-get install varnish`; .ci/run installs it).

It serves anonymous visitors one kept copy of a page, passes everyone with a session, and drops pages when web
purges them, so that a publish is seen on the next request.
"""

import os
import shutil
import tempfile
import urllib.error
import urllib.request

import pytest

from django.test import override_settings

from tests.conftest import VARNISH_PATH, minimal_site_load
from tests.core.factories import publish
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.ops.test_faults import port_open
from tests.processes import BIN, ROOT, get_with_headers, production_env, start, static_collected, stop, wait_until
from tests.smtp import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.varnish, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def varnish_workdir():
    # Not under pytest's own temporary folder, which only root may enter: Varnish's compiler runs as a user of its own.
    workdir = tempfile.mkdtemp(prefix="cep-varnish-")
    os.chmod(workdir, 0o755)  # noqa: S103 (that user reads it; nothing secret in it)
    yield workdir
    shutil.rmtree(workdir, ignore_errors=True)


def test_varnish_keeps_anonymous_pages_passes_sessions_and_drops_a_page_when_it_is_published(tmp_path, varnish_workdir):
    home = minimal_site_load()
    index = publish(NewsIndexPageFactory(parent=home))
    news = publish(NewsPageFactory(parent=index))
    news_index = index.url
    web_port, http_port, purge_port = free_port(), free_port(), free_port()
    env = {**production_env(tmp_path, free_port()), "EDGE_CACHE_PURGE_URL": f"http://127.0.0.1:{purge_port}"}
    static_collected(env)
    web = start(
        [str(BIN / "gunicorn"), "cep_site.wsgi", "-b", f"127.0.0.1:{web_port}", "-w", "2"], env, tmp_path / "web.log"
    )
    varnish_env = {
        "PATH": VARNISH_PATH,
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(web_port),
        "VARNISH_HTTP_PORT": str(http_port),
        "VARNISH_PURGE_PORT": str(purge_port),
        "VARNISH_WORKDIR": varnish_workdir,
        "VARNISH_SIZE": "32m",
    }
    proxy = start([str(ROOT / "deploy" / "varnish-start.sh")], varnish_env, tmp_path / "varnish.log")
    edge = f"http://127.0.0.1:{http_port}"
    try:
        wait_until(lambda: port_open(web_port) and port_open(http_port) or proxy.poll() is not None, 60, "Varnish")
        assert proxy.poll() is None, (tmp_path / "varnish.log").read_text()

        # One copy for every anonymous visitor, whatever cookies and campaign tags they bring.
        first = _get(edge, news_index)
        assert (first.status, first.headers["X-Cache"]) == (200, "miss")
        assert _get(edge, news_index).headers["X-Cache"] == "hit"
        assert _get(edge, f"{news_index}?utm_source=newsletter", Cookie="_ga=GA1.1.123").headers["X-Cache"] == "hit"
        assert "Set-Cookie" not in first.headers

        # A visitor with a session (a member, an editor) is sent to web every time.
        assert {_get(edge, news_index, Cookie="sessionid=abc").headers["X-Cache"] for _ in range(2)} == {"miss"}

        # A publish (here, as an editor's in the admin) is on the next request.
        edge_settings = {
            "WAGTAILFRONTENDCACHE": {
                "proxy": {
                    "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                    "LOCATION": f"http://127.0.0.1:{purge_port}",
                }
            },
            "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        }
        with override_settings(**edge_settings):
            news.title = "Published a moment ago"
            news.save_revision().publish()
        after = _get(edge, news_index)
        assert after.headers["X-Cache"] == "miss"
        assert "Published a moment ago" in after.body

        # Nobody outside can purge: the purge port is not the visitors' one.
        assert _request(edge, "/*", method="PURGE").status == 405
        assert _get(edge, news_index).headers["X-Cache"] == "hit"
    finally:
        stop(proxy, grace=10)
        stop(web, grace=10)


class _Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body.decode()


def _get(base, path, **headers):
    return _Answer(*get_with_headers(base, path, Host="127.0.0.1", **headers))


def _request(base, path, method):
    request = urllib.request.Request(base + path, method=method)  # noqa: S310 (our own loopback URL)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return _Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return _Answer(error.code, error.headers, error.read())
