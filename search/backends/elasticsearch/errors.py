"""Errors of the Elasticsearch backend, and the translation of the client's errors.

Callers of the search service see three kinds: :class:`~search.query.SearchQueryError`
(the request cannot be searched: the user's to fix), :class:`SearchUnavailable` (the
cluster cannot be reached or is overloaded: try again later), and :class:`SearchBackendError`
(the cluster refused something: the operator's to fix). No client exception escapes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from elasticsearch import ApiError, TransportError

from search.backends.base import SearchBackendError, SearchUnavailable
from search.query import SearchQueryError

__all__ = ["SearchBackendError", "SearchUnavailable", "reason", "safe_address", "translated"]

# Elasticsearch answers these when it is busy or a node is down: SearchUnavailable.
UNAVAILABLE_STATUSES = frozenset({429, 502, 503, 504})


def safe_address(url: str) -> str:
    """The cluster's address without credentials, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or url
    return f"{parts.scheme}://{host}:{parts.port}" if parts.port else f"{parts.scheme}://{host}"


def reason(error: ApiError) -> str:
    """The most specific reason Elasticsearch gave (the root cause of a failed search)."""
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error")
    if isinstance(detail, dict):
        causes = detail.get("root_cause") or [detail]
        first = causes[0] if isinstance(causes[0], dict) else detail
        return (
            f"{first.get('type', detail.get('type'))}: {first.get('reason', detail.get('reason'))}"
        )
    if isinstance(detail, str):
        return detail
    return str(error.message)


@contextmanager
def translated(address: str, *, query: bool = False) -> Iterator[None]:
    """Run a client call, raising our errors instead of the client's.

    ``query``: a 400 answer means the search itself cannot be run (a SearchQueryError for
    the user) rather than a fault of the backend."""
    try:
        yield
    except ApiError as error:
        status = error.meta.status
        if status in UNAVAILABLE_STATUSES:
            raise SearchUnavailable(
                f"Elasticsearch at {address} is busy or unavailable (HTTP {status}: "
                f"{reason(error)}); try again later."
            ) from error
        if status == 400 and query:
            raise SearchQueryError(f"This search cannot be run: {reason(error)}") from error
        raise SearchBackendError(
            f"Elasticsearch at {address} refused the request (HTTP {status}: {reason(error)})."
        ) from error
    except TransportError as error:
        raise SearchUnavailable(
            f"Elasticsearch at {address} cannot be reached ({type(error).__name__}: "
            f"{error.message})."
        ) from error
