"""The surface every search backend implements; the service is the only caller.

Small on purpose (compare ``modelsearch.backends.base``): write documents, delete them,
search, suggest, count, list ids, and rebuild from scratch. Queries arrive parsed,
validated and planned (:mod:`search.query`, :mod:`search.analysis`); a backend must turn
any of them into results or a :class:`~search.query.SearchQueryError`, never let an
engine's own error escape.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any

from search.analysis import Plan
from search.documents import Document
from search.query import ParsedQuery, SearchQuery, SearchResults, Suggestion

Progress = Callable[[int], None]  # called with the number of documents written so far


class SearchBackendError(RuntimeError):
    """The engine refused a request for a reason that is not the user's (the operator's)."""


class SearchUnavailable(SearchBackendError):
    """The engine cannot be reached or is too busy: surfaces answer "try again later"."""


class BaseSearchBackend(ABC):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options

    @abstractmethod
    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace documents (by type and id); returns how many were written."""

    @abstractmethod
    def delete(self, type_name: str, ids: Iterable[str]) -> None:
        """Remove documents; ids not in the index are ignored."""

    @abstractmethod
    def search(self, query: SearchQuery, parsed: ParsedQuery, plan: Plan) -> SearchResults:
        """One page of the query, matched as the plan says (the service decides whether a
        second, relaxed plan is tried)."""

    @abstractmethod
    def suggest(
        self, parsed: ParsedQuery, locale: str | None, types: list[str], limit: int
    ) -> list[Suggestion]: ...

    @abstractmethod
    def count(self, type_name: str | None = None, locale: str | None = None) -> int: ...

    @abstractmethod
    def ids(self, type_name: str, locale: str | None = None) -> set[str]: ...

    @abstractmethod
    def rebuild(self, documents: Iterable[Document], progress: Progress | None = None) -> int:
        """Replace the whole index with these documents; searches keep being answered from
        the old index until the new one is complete."""
