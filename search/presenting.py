"""What every public surface of search (GraphQL, /api/search) does the same way.

The labels of counted values (as the vocabulary finds them, see search.vocabulary), the
types a surface shows, and the last check that a hit may still be shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from search import registry
from search.query import FacetCount, Hit
from search.vocabulary import Facet


def surface_types(types: Iterable[str]) -> list[str]:
    """Of the types a surface can show, those registered (in the surface's order)."""
    registered = {document_type.name for document_type in registry.all_types()}
    return [name for name in types if name in registered]


def labelled(facets: dict[str, list[FacetCount]]) -> dict[str, list[FacetCount]]:
    """The facets with a label on every value (the value itself when nothing better)."""
    return {name: _labelled(registry.facet(name), counts) for name, counts in facets.items()}


def _labelled(facet: Facet, counts: list[FacetCount]) -> list[FacetCount]:
    return [FacetCount(c.value, facet.label(c.value, c.label), c.count) for c in counts]


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
