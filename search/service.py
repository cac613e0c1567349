"""The search service: the one interface that surfaces, tasks and commands call.

    from search import service
    from search.query import SearchQuery

    results = service.search(SearchQuery(text="dich vu cong", locale="vi", facets=["type"]))

The backend is chosen by ``settings.SEARCH_BACKEND`` ("embedded" by default, or a dotted
path to a :class:`~search.backends.base.BaseSearchBackend` subclass). Nothing here knows
an app: documents come from the types registered in :mod:`search.registry`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from search import analysis, registry
from search.backends.base import BaseSearchBackend
from search.documents import Document
from search.query import (
    MAX_PAGE_SIZE,
    SearchQuery,
    SearchQueryError,
    SearchResults,
    Suggestion,
    parse,
)

BACKENDS = {
    "embedded": "search.backends.embedded.EmbeddedSearchBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchSearchBackend",
}
MAX_SUGGESTIONS = 20


@functools.cache
def _backend(name: str, path: str, url: str) -> BaseSearchBackend:
    cls = import_string(BACKENDS.get(name, name))
    return cls({"PATH": Path(path), "URL": url})


def get_backend() -> BaseSearchBackend:
    """The configured backend (one instance per configuration, so tests may switch)."""
    return _backend(
        settings.SEARCH_BACKEND,
        str(settings.SEARCH_INDEX_PATH),
        settings.ELASTICSEARCH_URL,
    )


def _check_types(types: list[str]) -> None:
    for name in types:
        try:
            registry.get(name)
        except registry.RegistryError:
            known = sorted(t.name for t in registry.all_types())
            raise SearchQueryError(f"Unknown type {name!r}: use one of {known}.") from None


def search(query: SearchQuery, backend: BaseSearchBackend | None = None) -> SearchResults:
    """Search. Raises :class:`SearchQueryError` (for BAD_USER_INPUT) on a bad request.

    Every word is required; when no document has them all, the answer is the documents
    with any of them (``relaxed``), whatever the backend."""
    query = query.validated()
    _check_types(query.types)
    backend = backend or get_backend()
    parsed = query.parsed()
    plan = analysis.plan(parsed)
    results = backend.search(query, parsed, plan)
    if results.total == 0 and plan.relaxable:
        relaxed = backend.search(query, parsed, analysis.plan(parsed, relaxed=True))
        return replace(relaxed, relaxed=True)
    return results


def suggest(
    text: str,
    locale: str | None = None,
    types: Iterable[str] = (),
    limit: int = 8,
    backend: BaseSearchBackend | None = None,
) -> list[Suggestion]:
    """Titles that complete what is being typed ("dang ky kh" → "Đăng ký khai sinh")."""
    types = list(types)
    _check_types(types)
    if not 1 <= limit <= MAX_SUGGESTIONS:
        raise SearchQueryError(
            f"The number of suggestions must be between 1 and {MAX_SUGGESTIONS}."
        )
    parsed = parse(text, locale or "vi")
    return (backend or get_backend()).suggest(parsed, locale, types, min(limit, MAX_PAGE_SIZE))


# ---------------------------------------------------------------------------- writing


def index(documents: Iterable[Document], backend: BaseSearchBackend | None = None) -> int:
    return (backend or get_backend()).index(documents)


def delete(type_name: str, ids: Iterable[str], backend: BaseSearchBackend | None = None) -> None:
    (backend or get_backend()).delete(type_name, [str(pk) for pk in ids])


def sync(type_name: str, ids: Iterable[object], backend: BaseSearchBackend | None = None) -> int:
    """Make the index agree with the database for these objects: index those the public
    may see, remove the others. Idempotent, and right whatever order events arrive in."""
    document_type = registry.get(type_name)
    wanted = [str(pk) for pk in ids]
    documents = list(document_type.documents(wanted))
    backend = backend or get_backend()
    backend.index(documents)
    gone = set(wanted) - {document.id for document in documents}
    backend.delete(type_name, sorted(gone))
    return len(documents)


def all_documents() -> Iterator[Document]:
    for document_type in registry.all_types():
        yield from document_type.documents()


def expected_total() -> int:
    return sum(document_type.count() for document_type in registry.all_types())


def rebuild(
    progress: Callable[[int], None] | None = None, backend: BaseSearchBackend | None = None
) -> int:
    """Index every visible object into a new index and switch to it when it is complete."""
    return (backend or get_backend()).rebuild(all_documents(), progress)


# ---------------------------------------------------------------------------- checking


@dataclass
class Difference:
    type: str
    locale: str
    in_database: int
    in_index: int
    missing: list[str] = field(default_factory=list)  # visible, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not visible

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra)


def check(backend: BaseSearchBackend | None = None) -> list[Difference]:
    """Per type and locale: counts in the database and in the index, and the ids that
    differ."""
    backend = backend or get_backend()
    report = []
    for document_type in registry.all_types():
        for locale in document_type.locales():
            visible = document_type.visible_ids(locale)
            indexed = backend.ids(document_type.name, locale)
            report.append(
                Difference(
                    type=document_type.name,
                    locale=locale,
                    in_database=len(visible),
                    in_index=len(indexed),
                    missing=sorted(visible - indexed, key=_natural),
                    extra=sorted(indexed - visible, key=_natural),
                )
            )
    return report


def _natural(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (0, value)
