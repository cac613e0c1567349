"""What every public surface of search (GraphQL, /api/search) does the same way.

Which facets a request counts when it names none, the labels of the facets that carry
none in the index (types, locales), and the last check that a hit may still be shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings

from search import registry
from search.query import FILTER_NAMES, FacetCount, Hit

# Counted when a request names no facets: what a search page offers to narrow down by.
# Tags are left out (many values, each rare); locale is a choice the client makes itself.
DEFAULT_FACETS = (
    "type",
    "agency",
    "topic",
    "sector",
    "service_level",
    "year",
    "format",
    "licence",
    "theme",
)


def facet_names() -> frozenset[str]:
    """Every name a request may count: the filters, the type and the locale."""
    return FILTER_NAMES | {"type", "locale"}


def default_facets() -> list[str]:
    known = facet_names()
    return [name for name in DEFAULT_FACETS if name in known]


def surface_types(types: Iterable[str]) -> list[str]:
    """Of the types a surface can show, those registered (in the surface's order)."""
    registered = {document_type.name for document_type in registry.all_types()}
    return [name for name in types if name in registered]


def _label(name: str, count: FacetCount) -> str:
    if count.label:
        return count.label
    if name == "type":
        try:
            return registry.get(count.value).label or count.value
        except registry.RegistryError:
            return count.value
    if name == "locale":
        return dict(settings.LANGUAGES).get(count.value, count.value)
    return count.value


def labelled(facets: dict[str, list[FacetCount]]) -> dict[str, list[FacetCount]]:
    """The facets with a label on every value (the value itself when nothing better)."""
    return {
        name: [FacetCount(count.value, _label(name, count), count.count) for count in counts]
        for name, counts in facets.items()
    }


def still_visible(hits: list[Hit]) -> list[Hit]:
    """The hits whose objects the public may still see, in order: one query per type.

    The index follows publishing through background tasks; between an unpublication and
    its task, a hit may name a page that is gone.
    """
    by_type: dict[str, list[str]] = defaultdict(list)
    for hit in hits:
        by_type[hit.type].append(hit.id)
    visible = {
        name: registry.get(name).visible_among(ids)
        for name, ids in by_type.items()
        if name in {document_type.name for document_type in registry.all_types()}
    }
    return [hit for hit in hits if hit.id in visible.get(hit.type, ())]
