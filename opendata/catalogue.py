"""Searching the public catalogue: the one function the CKAN API, GraphQL and pages call.

This is a database query on folded text. The search service (search/) replaces its body,
not its signature, when datasets join the shared index.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf, Upper

from opendata.models import Dataset, DatasetTag, Resource
from opendata.selectors import public_datasets, public_resources
from search.text import fold

# Facet fields, as CKAN names them, and the database path each one counts.
FACET_PATHS = {
    "organization": "publisher__code",
    "groups": "themes__slug",
    "tags": "tagged_items__tag__name",
    "res_format": "resources__data_file__format",
    "license_id": "licence_id",
}
# Sort keys, as CKAN names them, and the database ordering each one means.
SORTS = {
    "score": None,
    "name": "name",
    "title_string": "title",
    "metadata_modified": "last_published_at",
    "metadata_created": "first_published_at",
}
MAX_ROWS = 1000
# Each word is one more LIKE in the query; SQLite refuses expression trees past a depth.
MAX_QUERY_WORDS = 50


class CatalogueQueryError(ValueError):
    """A search the catalogue refuses: an unknown sort key or facet, too many words."""


@dataclass(frozen=True)
class CatalogueFilters:
    """Every value is a list of accepted values; a dataset must match one of each list.

    ``names`` and ``ids`` (CKAN's ``name:`` and ``id:``) pick datasets by name or UUID.
    """

    organization: Sequence[str] = ()
    groups: Sequence[str] = ()
    tags: Sequence[str] = ()
    res_format: Sequence[str] = ()
    license_id: Sequence[str] = ()
    names: Sequence[str] = ()
    ids: Sequence[str] = ()


@dataclass(frozen=True)
class CatalogueResult:
    count: int
    datasets: list[Dataset]
    # {"organization": [("BTTTT", 12), ...]}, most frequent first.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def _resource_format():
    """A resource's format as CKAN shows it: the editor's, else the one detected in the file."""
    return Upper(
        Coalesce(NullIf(F("format"), Value("")), F("data_file__format"), output_field=CharField())
    )


def _matching(query: str, filters: CatalogueFilters) -> QuerySet[Dataset]:
    words = fold(query).lower().split()
    if len(words) > MAX_QUERY_WORDS:
        raise CatalogueQueryError(f"At most {MAX_QUERY_WORDS} words in a search")
    queryset = public_datasets()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    if filters.names:
        queryset = queryset.filter(name__in=list(filters.names))
    if filters.ids:
        queryset = queryset.filter(uuid__in=[value for value in filters.ids if is_uuid(value)])
    for name, path in FACET_PATHS.items():
        values = list(getattr(filters, name))
        if not values:
            continue
        if name == "res_format":
            formatted = public_resources().annotate(fmt=_resource_format())
            condition = Q(
                pk__in=formatted.filter(fmt__in=[v.upper() for v in values]).values("dataset_id")
            )
        else:
            condition = Q(pk__in=Dataset.objects.filter(**{f"{path}__in": values}).values("pk"))
        queryset = queryset.filter(condition)
    return queryset


def is_uuid(value: str) -> bool:
    """CKAN ids are UUIDs; anything else cannot name a dataset or resource by id."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def search_datasets(
    query: str = "",
    filters: CatalogueFilters | None = None,
    *,
    sort: Sequence[tuple[str, bool]] = (),
    start: int = 0,
    rows: int = 20,
    facet_fields: Sequence[str] = (),
    facet_limit: int = 50,
) -> CatalogueResult:
    """Public datasets matching every word of ``query`` (diacritics ignored) and the filters.

    ``sort`` is a list of (CKAN sort key, descending); unknown keys raise
    ``CatalogueQueryError``, as do facet fields outside FACET_PATHS and more than
    MAX_QUERY_WORDS words. ``rows`` is capped at MAX_ROWS.
    """
    filters = filters or CatalogueFilters()
    for name in facet_fields:
        if name not in FACET_PATHS:
            raise CatalogueQueryError(f"Cannot facet on {name!r}")
    order_by = []
    for key, descending in sort:
        if key not in SORTS:
            raise CatalogueQueryError(f"Cannot sort on {key!r}")
        if SORTS[key]:
            path = F(SORTS[key])
            order_by.append(path.desc(nulls_last=True) if descending else path.asc(nulls_last=True))
    order_by.append("name")
    matching = _matching(query, filters)
    rows = max(0, min(rows, MAX_ROWS))
    start = max(0, start)
    page = list(
        matching.select_related("publisher", "licence").order_by(*order_by)[start : start + rows]
    )
    facets = {name: _facet(matching, name, facet_limit) for name in facet_fields}
    return CatalogueResult(count=matching.count(), datasets=page, facets=facets)


def _facet(matching: QuerySet[Dataset], name: str, limit: int) -> list[tuple[str, int]]:
    ids = matching.values("pk")
    if name == "tags":
        counts = (
            DatasetTag.objects.filter(content_object__in=ids)
            .values("tag__name")
            .annotate(n=Count("content_object", distinct=True))
            .values_list("tag__name", "n")
        )
    elif name == "res_format":
        counts = (
            public_resources(Resource.objects.filter(dataset__in=ids))
            .annotate(fmt=_resource_format())
            .exclude(fmt__isnull=True)
            .exclude(fmt="")
            .values("fmt")
            .annotate(n=Count("dataset", distinct=True))
            .values_list("fmt", "n")
        )
    else:
        path = FACET_PATHS[name]
        counts = (
            Dataset.objects.filter(pk__in=ids)
            .exclude(**{f"{path}__isnull": True})
            .values(path)
            .annotate(n=Count("pk", distinct=True))
            .values_list(path, "n")
        )
    ordered = sorted(counts, key=lambda item: (-item[1], item[0]))
    return ordered[: max(0, limit)] if limit >= 0 else ordered
