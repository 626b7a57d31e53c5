"""The Redis cache, made to degrade to an empty cache while Redis is unreachable.

Nothing the platform keeps in the cache is needed to answer a request: a miss only costs
time (or lets a debounced or rate-limited action through). So while Redis is down, reads
miss, writes are dropped and a warning is logged, instead of every page failing; after a
failure the cache is not asked again for `RETRY_AFTER` seconds, so a page does not wait
on a dead server for every read.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0


class ForgivingRedisCache(RedisCache):
    _down_until = 0.0

    def _attempt(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            type(self)._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("The cache is unreachable, carrying on without it: %s", error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._attempt(super().incr, missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key {key!r} not found.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, None, keys, version)

    def clear(self):
        return self._attempt(super().clear, False)
