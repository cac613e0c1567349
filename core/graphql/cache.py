"""The anonymous response cache: whole GraphQL responses, keyed by what determines them.

A response depends on the operation (query, variables, operation name), on the request's
origin (absolute URLs in it use the host and scheme), on the active language, and on the
published content. The content enters the key as one global version number, bumped by the
signal handlers in ``config.signals`` whenever anything public is published, unpublished,
saved or deleted: a bump makes every older entry unreachable (they expire on their own).
A bump is one cache increment, fast enough to do in a signal handler.

Authenticated requests and preview requests are never cached: what they see is not public.
"""

import hashlib
import json
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from core.http.caching import is_anonymous

VERSION_KEY = "graphql:content-version"
PREVIEW_ARGUMENT = "previewToken"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not from 1: if the key was evicted, an old entry cached
        # under a small version number must not come back to life.
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return int(version)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): the next read starts a new one
        content_version()
        cache.incr(VERSION_KEY)


def bump_content_version() -> None:
    """Make every cached response stale. Call it whenever public content changes.

    It bumps at once, and again when the surrounding transaction commits: a request that
    read the old rows before the commit may have cached them under the first bump.
    """
    _bump()
    transaction.on_commit(_bump)


def response_cache_seconds() -> int:
    return int(settings.GRAPHQL_RESPONSE_CACHE_SECONDS)


def is_preview(query: str, variables: Any) -> bool:
    return PREVIEW_ARGUMENT in query or (
        isinstance(variables, dict) and PREVIEW_ARGUMENT in json.dumps(variables)
    )


def can_cache(request: HttpRequest, query: str, variables: Any) -> bool:
    return (
        response_cache_seconds() > 0 and is_anonymous(request) and not is_preview(query, variables)
    )


def cache_key(request: HttpRequest, query: str, variables: Any, operation_name: Any) -> str:
    identity = json.dumps(
        [
            query,
            variables or {},
            operation_name,
            translation.get_language(),
            request.scheme,
            request.get_host(),
        ],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"graphql:response:{content_version()}:{digest}"


def get_response(key: str) -> tuple[bytes, int] | None:
    return cache.get(key)


def store_response(key: str, body: bytes, status: int) -> None:
    cache.set(key, (body, status), timeout=response_cache_seconds())
