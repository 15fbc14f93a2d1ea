"""Logs an operator can search: one JSON object a line on stdout (DJANGO_LOG_FORMAT=json, production's default),
each naming the request it came from, and the same id in the answer's `X-Request-ID` header.

The id is the proxy's `X-Request-ID` when it sent a sane one (so the proxy's log and the site's match), else a new
one. gunicorn's access log carries it too (docker-compose.yml's `--access-logformat`).
"""

import logging
import re
import uuid
from contextvars import ContextVar

import sentry_sdk
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id looks like (a UUID, nginx's $request_id, a trace id); anything else is replaced, never logged.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

request_id: ContextVar[str] = ContextVar("request_id", default="")


class RequestIdMiddleware:
    """First in MIDDLEWARE: every log line of the request, and its answer, carry the request's id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(request.id)
        sentry_sdk.set_tag("request_id", request.id)  # on an error report, if SENTRY_DSN is set; else nothing
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (empty outside a request: a worker, a command)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class JsonLineFormatter(JsonFormatter):
    """time, level, logger, message and request_id first, then whatever the record carries (`extra=`)."""

    def __init__(self, **kwargs):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            datefmt="%Y-%m-%dT%H:%M:%S%z",
            **kwargs,
        )
