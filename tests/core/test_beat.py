"""One beat at a time (core/beat.py): a second beat, started by mistake, sends nothing while the first runs, and
takes over once it stops. Both schedulers here are Celery's own, on the real broker."""

import time

import pytest
import redis

from django.conf import settings

from cep_site import celery_app
from core.beat import LOCK_KEY, SingleBeatScheduler

pytestmark = pytest.mark.redis

QUEUE = "celery"


@pytest.fixture
def broker():
    """Tasks go to Redis; a schedule that falls due every 50 ms; no lock and no task to start with."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.beat_schedule
    celery_app.conf.task_always_eager = False
    celery_app.conf.beat_schedule = {"probe": {"task": "core.tasks.outbox_sweep", "schedule": 0.05}}
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(LOCK_KEY, QUEUE)
    try:
        yield client
    finally:
        client.delete(LOCK_KEY, QUEUE)
        celery_app.conf.task_always_eager, celery_app.conf.beat_schedule = saved


def due_tick(scheduler) -> None:
    time.sleep(0.06)
    scheduler.tick()


def test_a_second_beat_sends_nothing_until_the_first_stops(broker, tmp_path):
    first = SingleBeatScheduler(app=celery_app, schedule_filename=str(tmp_path / "first"))
    second = SingleBeatScheduler(app=celery_app, schedule_filename=str(tmp_path / "second"))
    try:
        due_tick(first)
        assert broker.llen(QUEUE) == 1
        for _ in range(3):
            due_tick(second)
        assert broker.llen(QUEUE) == 1  # the second beat waited
        due_tick(first)
        assert broker.llen(QUEUE) == 2  # the first goes on, renewing its lock
        assert 0 < broker.ttl(LOCK_KEY) <= 60

        first.close()  # stopped: its lock goes with it
        due_tick(second)
        due_tick(second)
        assert broker.llen(QUEUE) >= 3
        assert broker.get(LOCK_KEY) == second.lock_owner.encode()
    finally:
        second.close()
    assert broker.get(LOCK_KEY) is None
