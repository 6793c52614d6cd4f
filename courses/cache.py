"""A page cache for anonymous visitors of the catalogue and course pages.

Rendered HTML is stored under a key that includes a catalogue-wide version
token. Any change that can alter these pages (a course published, a session,
sitting, venue or enrolment saved or deleted, the contact details edited)
replaces the token, so every cached page is dropped at once (courses.signals).
Entries also expire after NUMIXS_PAGE_CACHE_SECONDS: with a per-process cache
(local memory, several workers) a change made in one worker reaches the
others within that bound; with a shared cache (Redis) at once.
"""

import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

VERSION_KEY = "numixs:catalogue-version"


def catalogue_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate_catalogue():
    """Drop every cached catalogue and course page."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _cacheable(request):
    return (
        settings.NUMIXS_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES  # a pending message belongs to one visitor
        and not request.user.is_authenticated
    )


def cacheable_params():
    """The query parameters a cached page understands: the catalogue's filters and its page."""
    from courses.filters import SessionFilter  # the filters import the models, which use this

    return frozenset(SessionFilter.base_filters) | {"page"}


def canonical_query(request):
    """The query string, sorted and without empty values; None if it has an unknown parameter.

    Unknown parameters (tracking tags, a robot's inventions) bypass the cache rather
    than each making a new entry; the same filters in any order share one entry.
    """
    known = cacheable_params()
    if any(key not in known for key in request.GET):
        return None
    pairs = sorted(
        (key, value) for key in request.GET for value in request.GET.getlist(key) if value
    )
    return urlencode(pairs)


def page_cache_key(request):
    query = canonical_query(request)
    if query is None:
        return None
    address = f"{request.get_host()}{request.path}?{query}"
    path = hashlib.sha256(address.encode()).hexdigest()
    return f"numixs:page:{catalogue_version()}:{translation.get_language()}:{path}"


class CachedPageMixin:
    """Marks a page's responses as cacheable for anonymous visitors (see PageCacheMiddleware)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False) and not getattr(
            request, "numixs_not_cacheable", False
        ):
            response.numixs_cacheable = True
        return response


class PageCacheMiddleware:
    """Answer anonymous GETs of cacheable pages from the cache, before Wagtail routes them.

    Last in MIDDLEWARE: sessions, authentication and the language are known,
    and a hit skips the site lookup, the page routing and the rendering.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_cache_key(request) if _cacheable(request) else None
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                response = HttpResponse(cached, content_type="text/html; charset=utf-8")
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if (
            key is not None
            and request.method == "GET"
            and response.status_code == 200
            and getattr(response, "numixs_cacheable", False)
        ):
            cache.set(key, response.content, settings.NUMIXS_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
