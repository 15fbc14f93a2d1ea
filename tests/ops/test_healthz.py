"""/healthz/ for the load balancer and compose: 200 when the database and the cache answer, 503 with no details
when either does not."""

import logging

import pytest

from django.db import OperationalError

from core import views
from core.redis_cache import FailSoftRedisCache
from tests.smtp import free_port

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_and_cache_answer(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_details_when_the_database_is_unreachable(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed: password authentication')

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)
    with caplog.at_level(logging.ERROR, logger="core.views"):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content == b"unavailable"
    assert "Health check failed" in caplog.text  # the cause is in the log, for the operator


def test_healthz_answers_503_without_details_when_the_cache_is_unreachable(client, monkeypatch):
    # The production cache on a port nobody listens on: it answers misses to pages, but not to the health check.
    unreachable = FailSoftRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    assert unreachable.get("anything", "a miss") == "a miss"
    monkeypatch.setattr(views, "cache", unreachable)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content == b"unavailable"
