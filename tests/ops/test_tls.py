"""The TLS proxy of compose's `tls` profile (Caddyfile): Caddy in front of gunicorn with production settings serves
the site over HTTPS, sends plain HTTP there, tells web the visitor came over HTTPS and gives each request an id.

Caddy is Debian's (`apt-get install caddy`; .ci/run installs it). For `localhost` it issues the certificate from
its own local CA, whose root this test trusts, instead of Let's Encrypt's.
"""

import re
import shutil
import ssl
import urllib.error
import urllib.request

import pytest

from tests.conftest import minimal_site_load
from tests.ops.test_faults import port_open
from tests.processes import BIN, ROOT, production_env, start, static_collected, stop, wait_until
from tests.smtp import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.caddy, pytest.mark.django_db(transaction=True)]

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_caddy_serves_the_site_over_https_and_sends_http_there(tmp_path):
    caddy = shutil.which("caddy")
    minimal_site_load()
    web_port, http_port, https_port, admin_port = free_port(), free_port(), free_port(), free_port()
    env = {
        **production_env(tmp_path, free_port()),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "WAGTAILADMIN_BASE_URL": f"https://localhost:{https_port}",
    }
    static_collected(env)
    web = start(
        [str(BIN / "gunicorn"), "cep_site.wsgi", "-b", f"127.0.0.1:{web_port}", "-w", "1"], env, tmp_path / "web.log"
    )
    caddy_env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "caddy-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "caddy-config"),
        "CEP_DOMAIN": "localhost",
        "CEP_UPSTREAM": f"127.0.0.1:{web_port}",
        "CADDY_HTTP_PORT": str(http_port),
        "CADDY_HTTPS_PORT": str(https_port),
        "CADDY_ADMIN": f"localhost:{admin_port}",
        "CADDY_EXTRA_OPTIONS": "skip_install_trust",
    }
    proxy = start([caddy, "run", "--config", str(ROOT / "deploy" / "Caddyfile")], caddy_env, tmp_path / "caddy.log")
    root_certificate = tmp_path / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    try:
        wait_until(lambda: port_open(web_port) and port_open(https_port) and root_certificate.exists(), 60, "Caddy")
        trusted = ssl.create_default_context(cafile=str(root_certificate))

        def fetch(url):
            wait_until(lambda: proxy.poll() is None, 1, "Caddy to keep running")
            return urllib.request.urlopen(url, context=trusted, timeout=30)  # noqa: S310 (our own loopback URL)

        wait_until(lambda: _answers(fetch, f"https://localhost:{https_port}/healthz/"), 30, "the certificate")
        with fetch(f"https://localhost:{https_port}/") as home:
            assert home.status == 200
            assert "max-age=31536000" in home.headers["Strict-Transport-Security"]
            assert UUID.fullmatch(home.headers["X-Request-ID"])  # Caddy's id, which web kept
            assert b"Confederation of European Probation" in home.read()
        with fetch(f"https://localhost:{https_port}/accounts/login/") as login:
            csrf_cookie = next(value for value in login.headers.get_all("Set-Cookie") if value.startswith("csrftoken"))
            assert "Secure" in csrf_cookie

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirected:
            opener.open(f"http://localhost:{http_port}/about-us/", timeout=30)
        assert redirected.value.code in (301, 308)
        # To the same address over HTTPS (on 443, as deployed: Caddy names no other port in its redirect).
        assert redirected.value.headers["Location"] == "https://localhost/about-us/"
    finally:
        stop(proxy, grace=10)
        stop(web, grace=10)


def _answers(fetch, url) -> bool:
    try:
        with fetch(url) as response:
            return response.status == 200
    except (urllib.error.URLError, ssl.SSLError, ConnectionError):
        return False
