"""Counting attempts per sender, in the cache, over a sliding ten-minute window.

Limits key on what the abuse targets: the client's address (core.clients,
read through trusted proxies), and where it matters the object aimed at.
When the cache is unavailable nothing is counted and nobody is refused:
a limit exists to slow robots down, not to lock people out.
"""

from django.core.cache import cache

WINDOW = 600  # seconds


def _key(bucket, parts):
    return "numixs:rate:" + bucket + ":" + ":".join(str(part) for part in parts)


def count(bucket, *parts, window=WINDOW):
    """Count one attempt for the key; returns the number counted in the window."""
    key = _key(bucket, parts)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr, or the cache is down
        return 0


def attempts(bucket, *parts):
    """Attempts counted so far in the window, without counting one."""
    return cache.get(_key(bucket, parts)) or 0


def exceeded(bucket, *parts, limit):
    """True once the key has used up its attempts (without counting one)."""
    return attempts(bucket, *parts) >= limit
