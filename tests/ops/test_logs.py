"""Logs and error reports as production writes them: gunicorn with production settings and the access log format of
docker-compose.yml writes one JSON object a line, each naming the request by the id the proxy sent; an error goes
to the Sentry DSN (here a server on loopback that speaks its envelope protocol) with that id and no personal data.

The error is real: the database the site is pointed at accepts connections and never answers.
"""

import gzip
import http.server
import json
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from tests.ops.offline_schema import yaml_load
from tests.ops.test_faults import port_open, silent_database
from tests.processes import BIN, ROOT, production_env, start, static_collected, stop, wait_until
from tests.smtp import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

REQUEST_ID = "proxy-1234abcd-5678"


@contextmanager
def sentry_server():
    """Keeps the events posted to /api/<project>/envelope/, as Sentry's ingest does."""
    events = []

    class Ingest(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the standard library's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            for line in body.splitlines():
                item = json.loads(line) if line.strip().startswith(b"{") else None
                if item and "exception" in item:
                    events.append(item)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ingest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], events
    finally:
        server.shutdown()


def access_log_arguments() -> list[str]:
    command = yaml_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["command"]
    return [argument for argument in command if argument.startswith("--access-log")]


def test_every_log_line_is_json_with_the_request_id_and_errors_reach_sentry_without_personal_data(tmp_path):
    with sentry_server() as (sentry_port, events), silent_database() as database_port:
        env = {
            **production_env(tmp_path, free_port()),
            "DATABASE_URL": f"postgres://cep@127.0.0.1:{database_port}/cep",
            "DATABASE_CONNECT_TIMEOUT": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "SENTRY_DSN": f"http://public@127.0.0.1:{sentry_port}/1",
        }
        env.pop("DJANGO_LOG_FORMAT", None)  # production's default: JSON
        static_collected(env)
        port = free_port()
        command = [str(BIN / "gunicorn"), "cep_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
        web = start([*command, *access_log_arguments()], env, tmp_path / "web.log")
        try:
            wait_until(lambda: port_open(port), 60, "gunicorn")
            request = urllib.request.Request(  # noqa: S310 (our own loopback URL)
                f"http://127.0.0.1:{port}/about-us/",
                headers={
                    "X-Forwarded-Proto": "https",
                    "X-Request-ID": REQUEST_ID,
                    "Cookie": "sessionid=secret-session-value",
                },
            )
            with pytest.raises(urllib.error.HTTPError) as failed:
                urllib.request.urlopen(request, timeout=30)  # noqa: S310
            assert failed.value.code == 500
            assert failed.value.headers["X-Request-ID"] == REQUEST_ID
            wait_until(lambda: events, 15, "the error report")
        finally:
            stop(web, grace=10)

    lines = [line for line in (tmp_path / "web.log").read_text().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    error = next(record for record in records if record.get("logger") == "django.request")
    assert (error["level"], error["request_id"]) == ("ERROR", REQUEST_ID)
    assert "Internal Server Error: /about-us/" in error["message"]
    access = next(record for record in records if record.get("logger") == "gunicorn.access")
    assert (access["request_id"], access["status"], access["path"]) == (REQUEST_ID, 500, "/about-us/")

    (event,) = events
    assert event["tags"]["request_id"] == REQUEST_ID
    assert "OperationalError" in json.dumps(event["exception"])
    assert "secret-session-value" not in json.dumps(event)
