"""``search`` and ``suggest``: the search service as GraphQL, with the results as the
pages and datasets themselves.

A hit becomes its object through the registered type (``DocumentType.load``): one query
per type on the page, whatever its size; the node types' own loaders are then told the
page's objects (``announce``), as a list of news or datasets tells them, so that their
fields batch too. A hit whose object the public may no longer see is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import graphene
from graphene import relay
from graphql import FieldNode, FragmentDefinitionNode, InlineFragmentNode, SelectionSetNode
from graphql_relay import offset_to_cursor

from core.graphql.errors import bad_user_input, unavailable
from core.graphql.pagination import page_bounds
from search import presenting, registry, service
from search.backends.base import SearchUnavailable
from search.graphql.types import (
    SearchFacet,
    SearchFacetName,
    SearchFacetValue,
    SearchFilters,
    SearchHighlights,
    SearchSort,
)
from search.query import Hit, SearchQuery, SearchQueryError

DEFAULT_PAGE_SIZE = 10
DEFAULT_SUGGESTIONS = 8

Announce = Callable[[Any, Sequence[Any]], None]


@dataclass(frozen=True)
class SearchNode:
    """The GraphQL type that shows one search type's objects, and how to tell its loaders
    about a page of them (``announce(info, objects)``; by default the type's own
    ``announce`` static method, if it has one)."""

    type: type[graphene.ObjectType]
    announce: Announce | None = None

    def announcer(self) -> Announce | None:
        return self.announce or getattr(self.type, "announce", None)


def _value(argument: Any) -> Any:
    # graphene passes a given enum argument as the enum member, a default as its value.
    return getattr(argument, "value", argument)


def _selects(info, *path: str) -> bool:
    """Whether the query selects ``path`` under this field (through fragments too)."""
    return any(
        _selection_has(node.selection_set, path, info.fragments) for node in info.field_nodes
    )


def _selection_has(
    selection_set: SelectionSetNode | None,
    path: Sequence[str],
    fragments: Mapping[str, FragmentDefinitionNode],
) -> bool:
    if selection_set is None:
        return False
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value == path[0] and (
                len(path) == 1 or _selection_has(selection.selection_set, path[1:], fragments)
            ):
                return True
        elif isinstance(selection, InlineFragmentNode):
            if _selection_has(selection.selection_set, path, fragments):
                return True
        else:  # a fragment spread; validation has refused cycles and unknown names
            fragment = fragments.get(selection.name.value)
            if fragment is not None and _selection_has(fragment.selection_set, path, fragments):
                return True
    return False


def _filters(filters: Mapping[str, Any] | None) -> dict[str, list[str]]:
    return {name: list(values) for name, values in (filters or {}).items() if values}


def _types(types: list | None, shown: list[str]) -> list[str]:
    """The requested types; every type this schema shows when the client names none."""
    if types is None:
        return presenting.surface_types(shown)
    if not types:
        raise bad_user_input(
            "types must name at least one type (leave it out for every type).", argument="types"
        )
    return list(dict.fromkeys(_value(name) for name in types))


def _facets(facets: list | None) -> list[str]:
    if facets is None:
        return presenting.default_facets()
    return list(dict.fromkeys(_value(name) for name in facets))


def build_search_query(
    nodes: Mapping[str, type[graphene.ObjectType] | SearchNode],
    locale_enum: type[graphene.Enum],
) -> type:
    """A Query mixin with ``search`` and ``suggest`` over the search types in ``nodes``.

    ``nodes`` maps a registered type name ("news") to the GraphQL type of its objects;
    ``locale_enum`` is the schema's enum of content languages.
    """
    nodes = {
        name: node if isinstance(node, SearchNode) else SearchNode(node)
        for name, node in nodes.items()
    }
    shown = list(nodes)
    graphql_types = {name: node.type for name, node in nodes.items()}

    search_type_enum = graphene.Enum(
        "SearchType",
        [(name.upper(), name) for name in shown],
        description="What a search result is: " + ", ".join(n.upper() for n in shown) + ".",
    )

    def resolve_node_type(cls, instance, info):
        for name, graphql_type in graphql_types.items():
            try:
                model = registry.get(name).model
            except registry.RegistryError:
                continue
            if isinstance(instance, model):
                return graphql_type
        return None

    union = type(
        "SearchResult",
        (graphene.Union,),
        {
            "Meta": type(
                "Meta",
                (),
                {
                    "types": tuple(graphql_types.values()),
                    "description": "What a search found: the page or the dataset itself.",
                },
            ),
            "resolve_type": classmethod(resolve_node_type),
        },
    )

    class SearchEdge(graphene.ObjectType):
        cursor = graphene.String(required=True)
        node = graphene.Field(union, required=True)
        type = graphene.Field(search_type_enum, required=True)
        locale = graphene.Field(locale_enum, required=True)
        score = graphene.Float(
            required=True,
            description="Relevance; comparable within one search only; 0 when sorted otherwise.",
        )
        highlights = graphene.Field(SearchHighlights, required=True)

    class SearchConnection(graphene.ObjectType):
        total_count = graphene.Int(required=True, description="Results on all pages.")
        relaxed = graphene.Boolean(
            required=True,
            description="True when no result had every word: these have some of them.",
        )
        edges = graphene.List(graphene.NonNull(SearchEdge), required=True)
        page_info = graphene.Field(relay.PageInfo, required=True)
        facets = graphene.List(
            graphene.NonNull(SearchFacet),
            required=True,
            description="Counts over all results, in the order the facets were asked for.",
        )

    class SearchSuggestion(graphene.ObjectType):
        text = graphene.String(required=True, description="A title that completes the input.")
        type = graphene.Field(search_type_enum, required=True)
        id = graphene.ID(required=True, description="The id of the page or dataset.")
        locale = graphene.Field(locale_enum, required=True)

    def edges_for(info, hits: list[Hit], offset: int) -> list[SearchEdge]:
        wanted: dict[str, list[str]] = defaultdict(list)
        for hit in hits:
            wanted[hit.type].append(hit.id)
        # Only the types this schema shows (a request always names them: see _types).
        objects = {
            name: registry.get(name).load(ids) for name, ids in wanted.items() if name in nodes
        }
        for name, found in objects.items():
            announce = nodes[name].announcer()
            if announce is not None and found:
                announce(info, list(found.values()))
        edges = []
        for position, hit in enumerate(hits, start=offset):
            obj = objects.get(hit.type, {}).get(hit.id)
            if obj is None:
                continue
            highlights = hit.highlights
            edges.append(
                SearchEdge(
                    cursor=offset_to_cursor(position),
                    node=obj,
                    type=hit.type,
                    locale=hit.locale,
                    score=hit.score,
                    highlights=SearchHighlights(
                        title=highlights.get("title", ""),
                        summary=highlights.get("summary", ""),
                        body=highlights.get("body"),
                    ),
                )
            )
        return edges

    def resolve_search(
        root,
        info,
        query: str = "",
        types=None,
        locale=None,
        filters=None,
        facets=None,
        sort="relevance",
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> SearchConnection:
        offset, limit = page_bounds(DEFAULT_PAGE_SIZE if first is None else first, after)
        search_query = SearchQuery(
            text=query or "",
            locale=_value(locale),
            types=_types(types, shown),
            filters=_filters(filters),
            # Counting and highlighting cost time: only when the query shows them.
            facets=_facets(facets) if _selects(info, "facets") else [],
            sort=_value(sort) or "relevance",
            offset=offset,
            limit=limit,
            highlight=_selects(info, "edges", "highlights"),
        )
        try:
            results = service.search(search_query)
        except SearchQueryError as error:
            raise bad_user_input(str(error)) from None
        except SearchUnavailable:
            raise unavailable() from None
        edges = edges_for(info, results.hits, offset)
        return SearchConnection(
            total_count=results.total,
            relaxed=results.relaxed,
            edges=edges,
            page_info=relay.PageInfo(
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
                has_previous_page=offset > 0,
                has_next_page=offset + len(results.hits) < results.total,
            ),
            facets=[
                SearchFacet(
                    name=name,
                    values=[SearchFacetValue(c.value, c.label, c.count) for c in counts],
                )
                for name, counts in presenting.labelled(results.facets).items()
            ],
        )

    def resolve_suggest(
        root, info, query: str, types=None, locale=None, first: int = DEFAULT_SUGGESTIONS
    ) -> list[SearchSuggestion]:
        try:
            suggestions = service.suggest(query, _value(locale), _types(types, shown), first)
        except SearchQueryError as error:
            raise bad_user_input(str(error)) from None
        except SearchUnavailable:
            raise unavailable() from None
        return [
            SearchSuggestion(text=s.text, type=s.type, id=s.id, locale=s.locale)
            for s in suggestions
        ]

    def types_argument() -> graphene.List:
        return graphene.List(
            graphene.NonNull(search_type_enum),
            description="Only results of these types (default: every type).",
        )

    def locale_argument() -> graphene.Argument:
        return graphene.Argument(
            locale_enum, description="Only results in this language (default: every language)."
        )

    class SearchQueryFields(graphene.ObjectType):
        search = graphene.Field(
            SearchConnection,
            required=True,
            query=graphene.String(
                default_value="",
                description='What the user typed, with or without diacritics ("dich vu cong" '
                'finds "Dịch vụ công"); "quotes" for a phrase; a document number or a '
                "procedure code. Empty lists everything, newest first. At most 500 "
                "characters.",
            ),
            types=types_argument(),
            locale=locale_argument(),
            filters=graphene.Argument(SearchFilters),
            facets=graphene.List(
                graphene.NonNull(SearchFacetName),
                description="Facets to count (default: TYPE, AGENCY, TOPIC, SECTOR, "
                "SERVICE_LEVEL, YEAR, FORMAT, LICENCE, THEME). Counted only when the query "
                "selects facets.",
            ),
            sort=graphene.Argument(SearchSort, default_value="relevance"),
            first=graphene.Int(
                default_value=DEFAULT_PAGE_SIZE,
                description=f"Page size, 1 to 100 (default {DEFAULT_PAGE_SIZE}).",
            ),
            after=graphene.String(
                description="Cursor of the result after which the page starts (at most "
                "10,000 results deep)."
            ),
            resolver=resolve_search,
            description="Search news, procedures and datasets: typed results with "
            "highlights, facets and cursor pagination.",
        )
        suggest = graphene.Field(
            graphene.NonNull(graphene.List(graphene.NonNull(SearchSuggestion))),
            query=graphene.String(required=True, description="What is being typed."),
            types=types_argument(),
            locale=locale_argument(),
            first=graphene.Int(
                default_value=DEFAULT_SUGGESTIONS,
                description=f"How many, 1 to {service.MAX_SUGGESTIONS}.",
            ),
            resolver=resolve_suggest,
            description='Titles that complete what is being typed ("dang ky kh" → "Đăng ký '
            'khai sinh").',
        )

    return SearchQueryFields
