"""``GET /api/search`` and ``GET /api/search/suggest``: the search service as plain JSON.

Like ``/graphql/``: rate limited per client, cacheable by browsers and proxies for anonymous
callers (with an ETag), CORS for the origins listed in settings (the middleware covers
``/api/``), and every error the project's JSON error body (core.http.errors), never a page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from core.errors import ErrorCode
from core.http.caching import public_read
from core.http.errors import json_error
from core.http.ratelimit import check_rate_limit
from search import presenting, rest, service
from search.backends.base import SearchUnavailable
from search.query import SearchQueryError

logger = logging.getLogger(__name__)

ALLOWED_METHODS = ("GET", "HEAD")
UNAVAILABLE_RETRY_SECONDS = 30


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _guarded(answer: Callable[[HttpRequest], dict[str, Any]]):
    """The checks every search endpoint makes around ``answer(request)`` -> JSON body."""

    def view(request: HttpRequest) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            return json_error(
                405,
                ErrorCode.BAD_REQUEST,
                "The search API takes GET requests only.",
                headers={"Allow": ", ".join(ALLOWED_METHODS)},
            )
        retry_after = check_rate_limit(request, scope="search")
        if retry_after is not None:
            return json_error(
                429,
                ErrorCode.RATE_LIMITED,
                f"Too many requests; retry in {retry_after} s.",
                headers={"Retry-After": str(retry_after)},
                retryAfter=retry_after,
            )
        try:
            body = answer(request)
        except SearchQueryError as error:
            return json_error(400, ErrorCode.BAD_USER_INPUT, str(error))
        except SearchUnavailable:
            # The message names the cluster: it stays in the log, not in the answer.
            logger.exception("search backend unavailable")
            return json_error(
                503,
                ErrorCode.SERVICE_UNAVAILABLE,
                "Search is unavailable for a moment; try again later.",
                headers={"Retry-After": str(UNAVAILABLE_RETRY_SECONDS)},
                retryAfter=UNAVAILABLE_RETRY_SECONDS,
            )
        return public_read(request, _json(body))

    view.__name__ = answer.__name__
    view.__doc__ = answer.__doc__
    return view


@_guarded
def search(request: HttpRequest) -> dict[str, Any]:
    """Search results, a page at a time, with facets and highlights."""
    query, page = rest.search_query(request.GET)
    results = service.search(query)
    hits = presenting.still_visible(results.hits)
    return rest.results_body(query, page, results, hits, request.path, request.GET)


@_guarded
def suggest(request: HttpRequest) -> dict[str, Any]:
    """Titles that complete what is being typed."""
    params = rest.suggest_params(request.GET)
    return rest.suggestions_body(params["text"], service.suggest(**params))
