"""Browser tests: Playwright's Python API driving Debian's Chromium against pytest-django's live server."""

import os
import threading
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread, and Django then refuses database calls
# there unless told that this is safe; it is, since the test thread alone touches its connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        # Chromium runs as root here, and must not try to reach Google's services on a closed network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A visitor who asks for less motion, whom the site's transitions end for at once: audits and screenshots see
    # the page at rest (axe once measured a button's colours half-way through its transition).
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo_live_server(live_server, demo_site):
    """The live server, with the demo content in its database."""
    return live_server


class LiveServerGate:
    """The live server's WSGI application behind a gate: open during a browser test, shut after it.

    A page still sends requests once its test is over: leaving a Wagtail editor sends a beacon that releases the
    editing session. The live server would handle it while pytest-django empties the test database, and the two
    deadlock. Shutting the gate waits for the requests in hand; those that come later get a 503 and never reach
    the database.
    """

    def __init__(self, application):
        self.application = application
        self.changed = threading.Condition()
        self.is_open = True
        self.in_hand = 0

    def __call__(self, environ, start_response):
        with self.changed:
            admitted = self.is_open
            if admitted:
                self.in_hand += 1
        if not admitted:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"The test is over.\n"]
        try:
            return self.application(environ, start_response)
        finally:
            with self.changed:
                self.in_hand -= 1
                self.changed.notify_all()

    def open(self) -> None:
        with self.changed:
            self.is_open = True

    def shut(self, *, timeout: float = 30) -> None:
        with self.changed:
            self.is_open = False
            self.changed.wait_for(lambda: not self.in_hand, timeout=timeout)


@pytest.fixture(scope="session")
def live_server_gate(live_server):
    server = live_server.thread.httpd
    gate = LiveServerGate(server.get_app())
    server.set_app(gate)
    return gate


@pytest.fixture
def page(page, live_server_gate):
    """pytest-playwright's page, on a live server that takes no request from it once the test is over."""
    live_server_gate.open()
    yield page
    live_server_gate.shut()
