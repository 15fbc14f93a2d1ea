"""A sending rate shared by every worker process: at most `per_minute` messages a minute, spaced evenly.

Relays cap how fast an account may send (Amazon SES: 14 a second by default) and answer faster sending with 4xx
throttling. Each sender asks for a turn before each message (`SendRate.wait_turn`). The turns are the slots of one
schedule kept in Redis (the broker's, REDIS_URL, which never evicts): a Lua script, atomic, reads Redis's clock,
gives the caller the next free slot and moves the schedule on by one interval (60 / per_minute seconds, and 1%
more); the caller sleeps until its slot. This is the generic cell rate algorithm with no burst: however many
workers ask, no two slots are closer than the interval, so no minute holds more than `per_minute` messages, and a
worker never polls.

Without REDIS_URL (a checkout, eager tasks: one process sends) the schedule is kept in this process. When Redis
cannot be reached, the process's own schedule is used too, and a warning logged: each process then keeps the rate
on its own, so several workers may together exceed it until Redis is back.
"""

import functools
import logging
import threading
import time

import redis

from django.conf import settings

logger = logging.getLogger(__name__)

# KEYS[1]: the time of the next free slot, in microseconds of Redis's clock. ARGV[1]: the interval in microseconds.
# Returns how many microseconds the caller waits for its slot. The key expires once its schedule is in the past.
NEXT_SLOT_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local interval = tonumber(ARGV[1])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
local next_slot = slot + interval
redis.call('SET', KEYS[1], string.format('%d', next_slot), 'PX', math.ceil((next_slot - now) / 1000) + 1000)
return slot - now
"""

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# Turns are spaced 1% wider than the rate asks: a message reaches the server some milliseconds after its turn, more
# or fewer each time, and a relay counts arrivals; the margin keeps that jitter from taking a minute over the rate.
SPACING_MARGIN = 1.01


@functools.cache
def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=3)


class ProcessSchedule:
    """The same schedule, for the threads of this process only."""

    def __init__(self):
        self.lock = threading.Lock()
        self.next_slot = 0.0

    def reserve(self, interval: float) -> float:
        with self.lock:
            now = time.monotonic()
            slot = max(self.next_slot, now)
            self.next_slot = slot + interval
            return slot - now


_process_schedules: dict[str, ProcessSchedule] = {}


class SendRate:
    """At most `per_minute` sends a minute under `name`, across every process that shares the Redis; 0: no limit."""

    def __init__(self, name: str, per_minute: int):
        self.key = f"send-rate:{name}"
        self.per_minute = per_minute
        self.process_schedule = _process_schedules.setdefault(self.key, ProcessSchedule())

    @property
    def interval(self) -> float:
        return 60 / self.per_minute * SPACING_MARGIN

    def reserve(self) -> float:
        """Take the next turn; returns how many seconds until it comes."""
        if settings.REDIS_URL:
            try:
                script = redis_client(settings.REDIS_URL).register_script(NEXT_SLOT_SCRIPT)
                return script(keys=[self.key], args=[round(self.interval * 1_000_000)]) / 1_000_000
            except REDIS_ERRORS as error:
                logger.warning("Send rate %s kept by this process alone: Redis unreachable (%s)", self.key, error)
        return self.process_schedule.reserve(self.interval)

    def wait_turn(self) -> float:
        """Sleep until this caller's turn to send; returns the seconds waited."""
        if self.per_minute <= 0:
            return 0.0
        wait = self.reserve()
        if wait > 0:
            time.sleep(wait)
        return wait
