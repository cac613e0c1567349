"""Searching the public catalogue: the one function the CKAN API, GraphQL and pages call.

This is a database query on folded text. The search service (search/) replaces its body,
not its signature, when datasets join the shared index.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from opendata.models import Dataset, DatasetTag, Resource
from opendata.selectors import public_datasets
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


@dataclass(frozen=True)
class CatalogueFilters:
    """Every value is a list of accepted values; a dataset must match one of each list."""

    organization: Sequence[str] = ()
    groups: Sequence[str] = ()
    tags: Sequence[str] = ()
    res_format: Sequence[str] = ()
    license_id: Sequence[str] = ()


@dataclass(frozen=True)
class CatalogueResult:
    count: int
    datasets: list[Dataset]
    # {"organization": [("BTTTT", 12), ...]}, most frequent first.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def _matching(query: str, filters: CatalogueFilters) -> QuerySet[Dataset]:
    queryset = public_datasets()
    for word in fold(query).lower().split():
        queryset = queryset.filter(search_text__contains=word)
    for name, path in FACET_PATHS.items():
        values = list(getattr(filters, name))
        if not values:
            continue
        if name == "res_format":
            # A link's format is the editor's; an uploaded file's is the detected one.
            upper = [value.upper() for value in values]
            condition = Q(resources__format__in=upper + values) | Q(
                resources__format="", resources__data_file__format__in=upper
            )
        else:
            condition = Q(**{f"{path}__in": values})
        queryset = queryset.filter(pk__in=Dataset.objects.filter(condition).values("pk"))
    return queryset


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

    ``sort`` is a list of (CKAN sort key, descending); unknown keys raise ``ValueError``,
    as do facet fields outside FACET_PATHS. ``rows`` is capped at MAX_ROWS.
    """
    filters = filters or CatalogueFilters()
    for name in facet_fields:
        if name not in FACET_PATHS:
            raise ValueError(f"Cannot facet on {name!r}")
    order_by = []
    for key, descending in sort:
        if key not in SORTS:
            raise ValueError(f"Cannot sort on {key!r}")
        if SORTS[key]:
            order_by.append(f"-{SORTS[key]}" if descending else SORTS[key])
    order_by.append("name")
    matching = _matching(query, filters)
    rows = max(0, min(rows, MAX_ROWS))
    start = max(0, start)
    page = list(
        matching.select_related("publisher", "licence").order_by(*order_by)[start : start + rows]
    )
    facets = {}
    for name in facet_fields:
        facets[name] = _facet(matching, name, facet_limit)
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
        counts = _format_counts(ids)
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


def _format_counts(ids: QuerySet) -> list[tuple[str, int]]:
    per_dataset: dict[str, set[int]] = {}
    for dataset_id, own, detected in Resource.objects.filter(dataset__in=ids).values_list(
        "dataset_id", "format", "data_file__format"
    ):
        fmt = (own or detected or "").upper()
        if fmt:
            per_dataset.setdefault(fmt, set()).add(dataset_id)
    return [(fmt, len(datasets)) for fmt, datasets in per_dataset.items()]
