"""Django's Redis cache, made to fail soft: while Redis is down the site is served without its cache.

Everything the site keeps in the cache (whole pages, listings, rate counts, Wagtail's site roots) can be worked out
again from the database. So a call that cannot reach Redis answers as Django's dummy cache does, a cache that keeps
nothing (`get` gives the default, `add` says it stored, `set` stores nothing), instead of raising, and the page is
rendered, slower. (`add` must succeed: allauth takes a lock with it before counting a rate, and a lock never taken
would answer every login and sign-up 429.) After a failure the process stops asking
Redis for `retry_after` seconds, so an outage costs each request nothing; then the next call tries again, and the
cache is back without a restart. `reachable()` asks Redis itself, for the health check.
"""

import functools
import hashlib
import logging
import time

import redis

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connections

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def answers_when_down(answer):
    """Call the client's method unless Redis is known to be down; `answer(*args)` is what a miss returns."""

    def decorate(method):
        @functools.wraps(method)
        def fail_soft(client, *args, **kwargs):
            if time.monotonic() < client.down_until:
                return answer(*args, **kwargs)
            try:
                return method(client, *args, **kwargs)
            except UNREACHABLE as error:
                client.went_down(error)
                return answer(*args, **kwargs)
            except redis.exceptions.RedisError as error:
                # Reachable, but refusing (out of memory under a "noeviction" policy, a read-only replica): this
                # call goes without the cache, and the next one tries again.
                logger.warning("Cache refused a call, serving without it: %s", error)
                return answer(*args, **kwargs)

        return fail_soft

    return decorate


def nothing(*args, **kwargs):
    return None


def false(*args, **kwargs):
    return False


def true(*args, **kwargs):
    return True


class FailSoftRedisCacheClient(RedisCacheClient):
    # Long enough that an outage costs requests nothing, short enough that a recovery shows within seconds.
    retry_after = 2.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.down_until = 0.0

    def went_down(self, error) -> None:
        if self.down_until == 0.0:
            logger.warning("Cache unreachable, serving without it: %s", error)
        self.down_until = time.monotonic() + self.retry_after

    def came_back(self) -> None:
        if self.down_until:
            logger.warning("Cache reachable again")
        self.down_until = 0.0

    def ping(self) -> bool:
        try:
            self.get_client().ping()
        except UNREACHABLE as error:
            self.went_down(error)
            return False
        self.came_back()
        return True

    add = answers_when_down(true)(RedisCacheClient.add)
    get = answers_when_down(lambda key, default: default)(RedisCacheClient.get)
    set = answers_when_down(nothing)(RedisCacheClient.set)
    touch = answers_when_down(false)(RedisCacheClient.touch)
    delete = answers_when_down(false)(RedisCacheClient.delete)
    get_many = answers_when_down(lambda keys: {})(RedisCacheClient.get_many)
    has_key = answers_when_down(false)(RedisCacheClient.has_key)
    # None, not an error: django-ratelimit reads it as "count unknown" (RATELIMIT_FAIL_OPEN), and a purge that
    # cannot reach Redis has nothing to purge.
    incr = answers_when_down(nothing)(RedisCacheClient.incr)
    set_many = answers_when_down(nothing)(RedisCacheClient.set_many)
    delete_many = answers_when_down(nothing)(RedisCacheClient.delete_many)
    clear = answers_when_down(false)(RedisCacheClient.clear)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient

    def reachable(self) -> bool:
        return self._cache.ping()


def database_key(key: str, key_prefix: str, version) -> str:
    """Django's cache key (KEY_FUNCTION) with the database's name in it.

    What is cached names rows by id (Wagtail's site root paths, pickled pages), so processes on another database that
    share the Redis (a staging site, a second test run, a worker left over from one) must never read it: a site
    root path naming another database's site made workers fail with `Site.DoesNotExist`.
    """
    return f"{key_prefix}:{database_tag()}:{version}:{key}"


def database_tag() -> str:
    database = connections["default"].settings_dict
    return _tag(database["NAME"], database.get("HOST") or "", str(database.get("PORT") or 5432))


@functools.lru_cache(maxsize=8)
def _tag(name, host, port) -> str:
    return hashlib.sha256(f"{host}:{port}/{name}".encode()).hexdigest()[:8]
