"""The GraphQL types of search that do not depend on which apps' objects are shown.

The facet names and filters come from the vocabulary the apps declare (search.registry),
so they are built once the registry is full, by the functions below.
"""

import graphene

from search import registry

SearchSort = graphene.Enum(
    "SearchSort",
    [
        ("RELEVANCE", "relevance"),
        ("NEWEST", "date"),
        ("OLDEST", "-date"),
        ("NEWEST_CREATED", "created"),
        ("OLDEST_CREATED", "-created"),
        ("TITLE", "title"),
        ("TITLE_DESC", "-title"),
        ("NAME", "name"),
        ("NAME_DESC", "-name"),
    ],
    description=(
        "Order of search results. RELEVANCE (the default; newest first when there is no "
        "query text); NEWEST/OLDEST by the date of each result (a news item's publication, "
        "a procedure's or dataset's last publication); NEWEST_CREATED/OLDEST_CREATED by "
        "first publication; TITLE/TITLE_DESC alphabetically, diacritics ignored; NAME/"
        "NAME_DESC by slug or dataset name. Results without the value come last."
    ),
)

FACET_NAME_DESCRIPTION = "What search results can be counted by (facets) and narrowed down by."
FILTERS_DESCRIPTION = (
    "Narrow a search down. The values of one filter are alternatives (any of them);\n"
    "filters combine (all of them). A facet value is what its filter takes."
)


def facet_name_enum() -> type[graphene.Enum]:
    """``SearchFacetName``: every facet of the vocabulary, in its order."""
    return graphene.Enum(
        "SearchFacetName",
        [(name.upper(), name) for name in registry.facet_names()],
        description=FACET_NAME_DESCRIPTION,
    )


def _values(description: str | None) -> graphene.List:
    return graphene.List(graphene.NonNull(graphene.String), description=description)


def filters_input() -> type[graphene.InputObjectType]:
    """``SearchFilters``: one list of accepted values per filter of the vocabulary."""
    fields = {
        facet.name: _values(facet.description or None)
        for facet in registry.vocabulary()
        if facet.filter
    }
    meta = type("Meta", (), {"description": FILTERS_DESCRIPTION})
    return type("SearchFilters", (graphene.InputObjectType,), {"Meta": meta, **fields})


class SearchHighlights(graphene.ObjectType):
    """Snippets of the result with the words that matched in <mark>…</mark>: HTML, with
    everything else escaped, safe to insert as it is."""

    title = graphene.String(required=True, description="The whole title.")
    summary = graphene.String(
        required=True, description="Up to about 240 characters of the summary."
    )
    body = graphene.String(
        description="Up to about 240 characters around the first match in the body; null "
        "when nothing matched there."
    )


class SearchFacetValue(graphene.ObjectType):
    value = graphene.String(required=True, description="What the filter of this name takes.")
    label = graphene.String(required=True, description="What to show a person.")
    count = graphene.Int(required=True, description="Results with this value.")


def facet_type(facet_names: type[graphene.Enum]) -> type[graphene.ObjectType]:
    """``SearchFacet``: the counts of one facet."""
    fields = {
        "name": graphene.Field(facet_names, required=True),
        "values": graphene.List(
            graphene.NonNull(SearchFacetValue),
            required=True,
            description="Most frequent first (at most 50).",
        ),
    }
    return type("SearchFacet", (graphene.ObjectType,), fields)
