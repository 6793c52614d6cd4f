"""A Redis cache that degrades instead of failing.

When Redis cannot be reached, every call answers as if the key were absent
(reads give the default, writes are dropped, counters count nothing): pages
render from the database, slower but without errors. After a failure Redis is
left alone for RETRY_AFTER seconds (no connection attempt per call), and the
outage is logged once per LOG_INTERVAL, not once per request. `/healthz`
reports the cache as degraded meanwhile (`status()`).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure
LOG_INTERVAL = 60.0  # seconds between two log lines about the same outage

_state = {"down_until": 0.0, "logged_at": -LOG_INTERVAL, "failures": 0}


def status():
    """ "ok", or "degraded" while Redis is being left alone after a failure."""
    return "degraded" if time.monotonic() < _state["down_until"] else "ok"


def _failed(error):
    now = time.monotonic()
    _state["down_until"] = now + RETRY_AFTER
    _state["failures"] += 1
    if now - _state["logged_at"] >= LOG_INTERVAL:
        _state["logged_at"] = now
        logger.error(
            "Cache unavailable (%s): pages are served without it; %d failure(s) so far.",
            error,
            _state["failures"],
        )


def _guarded(method, fallback):
    def call(self, *args, **kwargs):
        if time.monotonic() < _state["down_until"]:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            _failed(error)
            return fallback(*args, **kwargs)

    call.__name__ = method.__name__
    call.__doc__ = method.__doc__
    return call


def _incr_fallback(*args, **kwargs):
    raise ValueError("The cache is unavailable: nothing was counted.")


def _get_fallback(key, default=None, version=None):
    return default


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, each operation guarded (see the module's docstring)."""

    get = _guarded(RedisCache.get, _get_fallback)
    set = _guarded(RedisCache.set, lambda *a, **k: None)
    add = _guarded(RedisCache.add, lambda *a, **k: False)
    touch = _guarded(RedisCache.touch, lambda *a, **k: False)
    delete = _guarded(RedisCache.delete, lambda *a, **k: False)
    get_many = _guarded(RedisCache.get_many, lambda *a, **k: {})
    has_key = _guarded(RedisCache.has_key, lambda *a, **k: False)
    incr = _guarded(RedisCache.incr, _incr_fallback)
    set_many = _guarded(RedisCache.set_many, lambda *a, **k: [])
    delete_many = _guarded(RedisCache.delete_many, lambda *a, **k: None)
    clear = _guarded(RedisCache.clear, lambda *a, **k: False)
