"""``/api/search``: query parameters in, a :class:`SearchQuery`; results out, plain JSON.

Kept apart from the views so that the rules (which parameters, what they may hold, what
the answer looks like) read in one place. Every bad parameter is a :class:`ParameterError`
with a message for the caller; the view answers it with 400.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import QueryDict

from core.http.urls import absolute
from search import presenting, registry
from search.query import (
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    FacetCount,
    Hit,
    SearchQuery,
    SearchQueryError,
    SearchResults,
    Suggestion,
)

DEFAULT_LIMIT = 10
DEFAULT_SUGGESTIONS = 8
# Given at most once; the others (type, facet and the filters) may repeat.
SINGLE = frozenset({"q", "locale", "sort", "page", "limit"})


class ParameterError(SearchQueryError):
    """A query parameter the search cannot take (answered with 400 BAD_USER_INPUT)."""


def _single(params: QueryDict, name: str, default: str = "") -> str:
    values = params.getlist(name)
    if len(values) > 1:
        raise ParameterError(f"Give {name} once, not {len(values)} times.")
    return values[0] if values else default


def _integer(params: QueryDict, name: str, default: int, low: int, high: int) -> int:
    raw = _single(params, name, str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(f"{name} must be a whole number, not {raw[:40]!r}.") from None
    if not low <= value <= high:
        raise ParameterError(f"{name} must be between {low} and {high}, got {value}.")
    return value


def _values(params: QueryDict, name: str) -> list[str]:
    values = params.getlist(name)
    if any(not value.strip() for value in values):
        raise ParameterError(f"{name} is given with an empty value; leave it out instead.")
    return list(dict.fromkeys(value.strip() for value in values))


def _check_names(params: QueryDict, allowed: frozenset[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise ParameterError(f"Unknown parameter {unknown[0]!r}: use {', '.join(sorted(allowed))}.")


def _locale(params: QueryDict) -> str | None:
    locale = _single(params, "locale").strip() or None
    codes = [code for code, _name in settings.LANGUAGES]
    if locale is not None and locale not in codes:
        raise ParameterError(f"Unknown locale {locale!r}: use one of {codes}.")
    return locale


def _types(params: QueryDict) -> list[str]:
    # Every registered type when none is named; a named unknown one is the service's error.
    return _values(params, "type")


def search_query(params: QueryDict) -> tuple[SearchQuery, int]:
    """The search a request asks for, and its page number (1-based)."""
    filter_names = registry.filter_names()
    _check_names(params, SINGLE | {"type", "facet"} | set(filter_names))
    limit = _integer(params, "limit", DEFAULT_LIMIT, 1, MAX_PAGE_SIZE)
    page = _integer(params, "page", 1, 1, MAX_OFFSET // limit + 1)
    if "facet" in params:
        # facet= alone asks for no facets.
        facets = list(dict.fromkeys(v.strip() for v in params.getlist("facet") if v.strip()))
    else:
        facets = registry.default_facets()
    query = SearchQuery(
        text=_single(params, "q"),
        locale=_locale(params),
        types=_types(params),
        filters={name: _values(params, name) for name in sorted(filter_names) if name in params},
        facets=facets,
        sort=_single(params, "sort", "relevance").strip(),
        offset=(page - 1) * limit,
        limit=limit,
    )
    return query, page


def suggest_params(params: QueryDict) -> dict[str, Any]:
    """``service.suggest``'s arguments from a request."""
    _check_names(params, frozenset({"q", "type", "locale", "limit"}))
    return {
        "text": _single(params, "q"),
        "locale": _locale(params),
        "types": _types(params),
        "limit": _integer(params, "limit", DEFAULT_SUGGESTIONS, 1, 20),
    }


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "type": hit.type,
        "id": hit.id,
        "locale": hit.locale,
        "title": hit.title,
        "url": absolute(hit.url),
        "date": hit.date.isoformat() if hit.date else None,
        "score": hit.score,
        "highlights": hit.highlights,
    }


def _facet(counts: list[FacetCount]) -> list[dict[str, Any]]:
    return [{"value": c.value, "label": c.label, "count": c.count} for c in counts]


def results_body(
    query: SearchQuery,
    page: int,
    results: SearchResults,
    hits: list[Hit],
    path: str,
    params: QueryDict,
) -> dict[str, Any]:
    """The JSON answer. ``hits`` are the results' hits still visible (see presenting)."""
    next_url = None
    following = query.offset + query.limit
    if following < results.total and following <= MAX_OFFSET:
        next_params = params.copy()
        next_params["page"] = str(page + 1)
        next_url = absolute(f"{path}?{next_params.urlencode()}")
    return {
        "query": query.text,
        "total": results.total,
        "relaxed": results.relaxed,
        "page": page,
        "limit": query.limit,
        "results": [_hit(hit) for hit in hits],
        "facets": {
            name: _facet(counts) for name, counts in presenting.labelled(results.facets).items()
        },
        "next": next_url,
    }


def suggestions_body(text: str, suggestions: list[Suggestion]) -> dict[str, Any]:
    return {
        "query": text,
        "suggestions": [
            {"text": s.text, "type": s.type, "id": s.id, "locale": s.locale} for s in suggestions
        ],
    }
