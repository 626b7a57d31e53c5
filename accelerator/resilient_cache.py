"""The shared cache (Redis), which falls back to this process's memory while Redis is away.

Rate limits, throttles and sign-in back-off live in the cache so that they hold across
every web process. If Redis stops, a cache error must not turn each page into a 500:
for a few seconds at a time, reads and writes go to a per-process memory cache instead
(limits then hold per process, which is the safe side of "not at all"), and Redis is
tried again after that.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client with one redis-py client per connection pool for the process.

    Django builds a new redis-py client for every cache call, which costs more than the
    round trip itself (about 0.3 ms against 0.2 ms here); a redis-py client is safe to share
    between threads (each command takes a connection from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._fallback = LocMemCache(f"fallback-{server}", {"TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT)})
        self._redis_away_until = 0.0

    def _either(self, operation: str, *args, **kwargs):
        if time.monotonic() >= self._redis_away_until:
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except (RedisError, OSError) as error:
                self._redis_away_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning("cache unavailable, using process memory", extra={"error": str(error)})
        return getattr(self._fallback, operation)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._either("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._either("delete", key, version)

    def get_many(self, keys, version=None):
        return self._either("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._either("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._either("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._either("delete_many", keys, version)

    def clear(self):
        return self._either("clear")
