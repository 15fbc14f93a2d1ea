"""Celery beat's scheduler, run by one beat at a time.

Two beats would send every periodic job twice (and every sweep, purge and draft with it). Compose runs one
(`deploy.replicas: 1`), but nothing stopped a second one started by hand, by `--scale beat=2` or on a second host.
So the beat that sends holds a lock in the broker's Redis, renewed at every tick; another beat waits, sending
nothing, and takes over within LOCK_SECONDS of the first one stopping or dying.
"""

import contextlib
import logging
import os
import socket
import uuid

import redis
from celery.beat import PersistentScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "cep:beat:lock"
LOCK_SECONDS = 60
# Deletes the lock only if it is still this beat's (another may have taken it after it expired).
RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


class SingleBeatScheduler(PersistentScheduler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock_owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lock_store = redis.Redis.from_url(self.app.conf.broker_url, socket_timeout=5)
        self.waiting = False

    def holds_lock(self) -> bool:
        """Take the lock if nobody holds it, renew it if this beat does; False if another beat does."""
        try:
            if self.lock_store.set(LOCK_KEY, self.lock_owner, nx=True, ex=LOCK_SECONDS):
                held = True
            else:
                held = self.lock_store.get(LOCK_KEY) == self.lock_owner.encode()
                if held:
                    self.lock_store.expire(LOCK_KEY, LOCK_SECONDS)
        except redis.RedisError as error:
            logger.warning("Beat cannot reach its lock, so it sends nothing for now: %s", error)
            return False
        if held == self.waiting:  # a change: say so once
            logger.warning("Beat %s", "holds the lock and sends the schedule" if held else "waits: another beat runs")
        self.waiting = not held
        return held

    def tick(self, *args, **kwargs):
        if not self.holds_lock():
            return LOCK_SECONDS / 4
        # Never sleep past the lock's renewal.
        return min(super().tick(*args, **kwargs), LOCK_SECONDS / 3)

    def close(self):
        with contextlib.suppress(redis.RedisError):  # else it expires by itself
            self.lock_store.eval(RELEASE, 1, LOCK_KEY, self.lock_owner)
        super().close()
