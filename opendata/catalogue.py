"""Searching the public catalogue: the one function the CKAN API, GraphQL and pages call.

It asks the search service (:mod:`search.service`, type "dataset", indexed by
:mod:`opendata.search_documents`) and loads the page's datasets from the database in the
order of the hits. The service ranks by relevance (title above description above tags,
themes, publisher and resources; exact diacritics and words written together first),
matches with or without diacritics, requires every word and, when no dataset has them
all, any word.
"""

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from opendata.models import Dataset
from opendata.search_documents import TYPE, DatasetDocument
from opendata.selectors import public_datasets
from search import service
from search.query import (
    MAX_FACET_LIMIT,
    MAX_IDS,
    MAX_OFFSET,
    MAX_TRUSTED_PAGE_SIZE,
    SORTS,
    DateRange,
    SearchQuery,
    SearchQueryError,
    SearchResults,
)

# The service's facet names for datasets, as opendata.search_documents declares them.
FACETS = tuple(facet.name for facet in DatasetDocument.facets)


class CatalogueQueryError(ValueError):
    """A search the catalogue refuses: an unknown sort or facet, a query the search
    service cannot run (too long, a page too deep); the message says why."""


@dataclass(frozen=True)
class CatalogueFilters:
    """Every value is a list of accepted values; a dataset must match one of each list.

    The filters are the service's facets (agency codes, theme slugs, tags, formats in any
    case, licence ids). ``names`` and ``ids`` pick datasets by name or UUID;
    ``name_patterns`` by name with ``*`` (any characters) and ``?`` (one), every pattern.
    ``excluded`` leaves out the datasets with any of its values ({facet: values});
    ``ranges`` keeps those whose moments lie in the ranges: "date" (last published) and
    "created" (first published), as the service names them.
    """

    agency: Sequence[str] = ()
    theme: Sequence[str] = ()
    tag: Sequence[str] = ()
    format: Sequence[str] = ()
    licence: Sequence[str] = ()
    names: Sequence[str] = ()
    ids: Sequence[str] = ()
    name_patterns: Sequence[str] = ()
    excluded: Mapping[str, Sequence[str]] = field(default_factory=dict)
    ranges: Mapping[str, DateRange] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogueResult:
    count: int
    datasets: list[Dataset]
    # {"agency": [("BTTTT", 12), ...]}, most frequent first.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def is_uuid(value: str) -> bool:
    """CKAN ids are UUIDs; anything else cannot name a dataset or resource by id."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _picked_ids(filters: CatalogueFilters) -> list[str] | None:
    """Primary keys of the public datasets ``names``/``ids`` pick; None: no such filter."""
    if not filters.names and not filters.ids and not filters.name_patterns:
        return None
    queryset = public_datasets()
    if filters.names:
        queryset = queryset.filter(name__in=list(filters.names))
    for pattern in filters.name_patterns:
        queryset = queryset.filter(name__regex=_name_regex(pattern))
    if filters.ids:
        queryset = queryset.filter(uuid__in=[value for value in filters.ids if is_uuid(value)])
    picked = [str(pk) for pk in queryset.values_list("pk", flat=True)[: MAX_IDS + 1]]
    if len(picked) > MAX_IDS:
        raise CatalogueQueryError(f"At most {MAX_IDS} datasets can be picked by name or id")
    return picked


def _name_regex(pattern: str) -> str:
    """A name pattern (``ho-so*``, ``bo-du-lieu-?``) as an anchored regular expression."""
    parts = (".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return "^" + "".join(parts) + "$"


def _service_sort(query: str, sort: Sequence[str]) -> str:
    """The first sort the service can honour: relevance means nothing without words."""
    sorts = list(sort)
    for name in sorts:
        if name not in SORTS:
            raise CatalogueQueryError(f"Cannot sort on {name!r}")
    if not query.strip():
        sorts = [name for name in sorts if name != "relevance"]
    return sorts[0] if sorts else "relevance"


def search_datasets(
    query: str = "",
    filters: CatalogueFilters | None = None,
    *,
    sort: Sequence[str] = (),
    offset: int = 0,
    limit: int = 20,
    facet_fields: Sequence[str] = (),
    facet_limit: int = 50,
) -> CatalogueResult:
    """Public datasets matching ``query`` (every word, else any word; diacritics ignored)
    and the filters, best match first unless ``sort`` says otherwise.

    ``sort`` is a list of the service's sorts (search.query.SORTS): only the first orders
    (ties are broken by the dataset's id), except that "relevance" is skipped when there
    are no words. ``limit`` is capped at MAX_TRUSTED_PAGE_SIZE. ``facet_fields`` are the
    service's facet names (FACETS), and so are the keys of the result's facets;
    ``facet_limit`` values per facet, most frequent first: negative means as many as the
    service gives (MAX_FACET_LIMIT), 0 none. Unknown sorts or facets and queries the
    service refuses raise ``CatalogueQueryError``.
    """
    filters = filters or CatalogueFilters()
    for name in facet_fields:
        if name not in FACETS:
            raise CatalogueQueryError(f"Cannot facet on {name!r}")
    order = _service_sort(query, sort)
    limit = max(0, min(limit, MAX_TRUSTED_PAGE_SIZE))
    offset = max(0, offset)
    facet_names = list(dict.fromkeys(facet_fields))
    empty = {name: [] for name in facet_names}
    picked = _picked_ids(filters)
    if picked == []:
        return CatalogueResult(count=0, datasets=[], facets=empty)
    search_filters = {
        name: list(getattr(filters, name, ())) for name in FACETS if getattr(filters, name, ())
    }
    excluded = {name: list(values) for name, values in filters.excluded.items() if values}
    for named in (search_filters, excluded):
        if "format" in named:
            named["format"] = [value.upper() for value in named["format"]]
    for name in excluded:
        if name not in FACETS:
            raise CatalogueQueryError(f"Cannot exclude by {name!r}")
    counted = facet_names if facet_limit != 0 else []
    search_query = SearchQuery(
        text=query,
        types=[TYPE],
        filters=search_filters,
        exclude=excluded,
        ranges=dict(filters.ranges),
        facets=counted,
        sort=order,
        offset=offset,
        limit=limit,
        max_limit=MAX_TRUSTED_PAGE_SIZE,
        highlight=False,
        ids=picked or [],
        facet_limit=MAX_FACET_LIMIT if facet_limit < 0 else min(facet_limit, MAX_FACET_LIMIT),
    )
    if offset > MAX_OFFSET:
        # Past the service's deepest page: an empty page if the results end before it
        # (as any page past the last), else an error that says so. The message names
        # "start" as the CKAN API and GraphQL have always shown it.
        search_query.offset, search_query.limit = 0, 0
        results = _search(search_query)
        if results.total > offset:
            raise CatalogueQueryError(
                f"start can be at most {MAX_OFFSET}: narrow the search with filters "
                "or sort it the other way to reach the later results"
            )
    else:
        results = _search(search_query)
    # One query for the page. A hit the index still holds a moment after its dataset left
    # the public (its sync task has not run yet) is skipped.
    hit_ids = [hit.id for hit in results.hits if hit.id.isdigit()]
    found = public_datasets().select_related("publisher", "licence").filter(pk__in=hit_ids)
    by_pk = {str(dataset.pk): dataset for dataset in found} if hit_ids else {}
    datasets = [by_pk[hit.id] for hit in results.hits if hit.id in by_pk]
    facets = {
        name: [(count.value, count.count) for count in results.facets.get(name, [])]
        for name in counted
    }
    return CatalogueResult(count=results.total, datasets=datasets, facets={**empty, **facets})


def _search(search_query: SearchQuery) -> SearchResults:
    try:
        return service.search(search_query)
    except SearchQueryError as error:
        raise CatalogueQueryError(str(error)) from error
