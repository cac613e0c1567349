"""``search`` and ``suggest``: the search service as GraphQL, with the results as the
pages and datasets themselves.

A hit becomes its object through the registered type (``DocumentType.load``): one query
per type on the page, whatever its size; the node types' own loaders are then told the
page's objects (``announce``), as a list of news or datasets tells them, so that their
fields batch too. A hit whose object the public may no longer see is left out.

The resolvers are the functions below; :func:`build_search_query` only assembles the
types that depend on what a schema shows (its search types, its locales, the vocabulary
the apps declare) and binds the resolvers to a :class:`SearchSurface`.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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
    SearchHighlights,
    SearchSort,
    facet_name_enum,
    facet_type,
    filters_input,
)
from search.query import FacetCount, Hit, SearchQuery, SearchQueryError, SearchResults, Suggestion

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


@dataclass(frozen=True)
class SearchSurface:
    """The search types one schema shows ("news", ...), each with its GraphQL type."""

    nodes: Mapping[str, SearchNode]

    @property
    def shown(self) -> list[str]:
        return list(self.nodes)

    def graphql_type_of(self, instance: Any) -> type[graphene.ObjectType] | None:
        for name, node in self.nodes.items():
            try:
                model = registry.get(name).model
            except registry.RegistryError:
                continue
            if isinstance(instance, model):
                return node.type
        return None


# ---------------------------------------------------------------------------- answers
# What the resolvers return; the GraphQL types read their fields by name.


@dataclass(frozen=True)
class ResultEdge:
    cursor: str
    node: Any
    type: str
    locale: str
    score: float
    highlights: SearchHighlights


@dataclass(frozen=True)
class FacetCounts:
    name: str
    values: list[FacetCount]


@dataclass(frozen=True)
class ResultPage:
    total_count: int
    relaxed: bool
    edges: list[ResultEdge]
    page_info: relay.PageInfo
    facets: list[FacetCounts]


# ---------------------------------------------------------------------------- arguments


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
        return registry.default_facets()
    return list(dict.fromkeys(_value(name) for name in facets))


@contextmanager
def _as_graphql_errors() -> Iterator[None]:
    """The service's errors as GraphQL errors with a code."""
    try:
        yield
    except SearchQueryError as error:
        raise bad_user_input(str(error)) from None
    except SearchUnavailable:
        raise unavailable() from None


# ---------------------------------------------------------------------------- resolvers


def resolve_search(
    root,
    info,
    *,
    surface: SearchSurface,
    query: str = "",
    types=None,
    locale=None,
    filters=None,
    facets=None,
    sort="relevance",
    first: int | None = DEFAULT_PAGE_SIZE,
    after: str | None = None,
) -> ResultPage:
    offset, limit = page_bounds(DEFAULT_PAGE_SIZE if first is None else first, after)
    search_query = SearchQuery(
        text=query or "",
        locale=_value(locale),
        types=_types(types, surface.shown),
        filters=_filters(filters),
        # Counting and highlighting cost time: only when the query shows them.
        facets=_facets(facets) if _selects(info, "facets") else [],
        sort=_value(sort) or "relevance",
        offset=offset,
        limit=limit,
        highlight=_selects(info, "edges", "highlights"),
    )
    with _as_graphql_errors():
        results = service.search(search_query)
    edges = edges_for(info, surface, results.hits, offset)
    return ResultPage(
        total_count=results.total,
        relaxed=results.relaxed,
        edges=edges,
        page_info=_page_info(edges, offset, results),
        facets=[
            FacetCounts(name, counts)
            for name, counts in presenting.labelled(results.facets).items()
        ],
    )


def resolve_suggest(
    root,
    info,
    *,
    surface: SearchSurface,
    query: str,
    types=None,
    locale=None,
    first: int = DEFAULT_SUGGESTIONS,
) -> list[Suggestion]:
    with _as_graphql_errors():
        return service.suggest(query, _value(locale), _types(types, surface.shown), first)


def resolve_result_type(cls, instance, info) -> type[graphene.ObjectType] | None:
    """``SearchResult``'s member for an object (the union carries its surface)."""
    return cls.surface.graphql_type_of(instance)


def edges_for(info, surface: SearchSurface, hits: list[Hit], offset: int) -> list[ResultEdge]:
    """The hits as edges to their objects, loaded one query per type; hits whose object
    the public may no longer see are left out."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for hit in hits:
        wanted[hit.type].append(hit.id)
    # Only the types this schema shows (a request always names them: see _types).
    objects = {
        name: registry.get(name).load(ids) for name, ids in wanted.items() if name in surface.nodes
    }
    for name, found in objects.items():
        announce = surface.nodes[name].announcer()
        if announce is not None and found:
            announce(info, list(found.values()))
    edges = []
    for position, hit in enumerate(hits, start=offset):
        obj = objects.get(hit.type, {}).get(hit.id)
        if obj is not None:
            edges.append(_edge(hit, obj, offset_to_cursor(position)))
    return edges


def _edge(hit: Hit, obj: Any, cursor: str) -> ResultEdge:
    return ResultEdge(
        cursor=cursor,
        node=obj,
        type=hit.type,
        locale=hit.locale,
        score=hit.score,
        highlights=SearchHighlights(
            title=hit.highlights.get("title", ""),
            summary=hit.highlights.get("summary", ""),
            body=hit.highlights.get("body"),
        ),
    )


def _page_info(edges: list[ResultEdge], offset: int, results: SearchResults) -> relay.PageInfo:
    return relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=offset > 0,
        has_next_page=offset + len(results.hits) < results.total,
    )


# ---------------------------------------------------------------------------- types


def _type_enum(shown: list[str]) -> type[graphene.Enum]:
    return graphene.Enum(
        "SearchType",
        [(name.upper(), name) for name in shown],
        description="What a search result is: " + ", ".join(n.upper() for n in shown) + ".",
    )


def _result_union(surface: SearchSurface) -> type[graphene.Union]:
    meta = type(
        "Meta",
        (),
        {
            "types": tuple(node.type for node in surface.nodes.values()),
            "description": "What a search found: the page or the dataset itself.",
        },
    )
    attributes = {
        "Meta": meta,
        "surface": surface,
        "resolve_type": classmethod(resolve_result_type),
    }
    return type("SearchResult", (graphene.Union,), attributes)


def _edge_type(union, type_enum, locale_enum) -> type[graphene.ObjectType]:
    class SearchEdge(graphene.ObjectType):
        cursor = graphene.String(required=True)
        node = graphene.Field(union, required=True)
        type = graphene.Field(type_enum, required=True)
        locale = graphene.Field(locale_enum, required=True)
        score = graphene.Float(
            required=True,
            description="Relevance; comparable within one search only; 0 when sorted otherwise.",
        )
        highlights = graphene.Field(SearchHighlights, required=True)

    return SearchEdge


def _connection_type(edge, facet) -> type[graphene.ObjectType]:
    class SearchConnection(graphene.ObjectType):
        total_count = graphene.Int(required=True, description="Results on all pages.")
        relaxed = graphene.Boolean(
            required=True,
            description="True when no result had every word: these have some of them.",
        )
        edges = graphene.List(graphene.NonNull(edge), required=True)
        page_info = graphene.Field(relay.PageInfo, required=True)
        facets = graphene.List(
            graphene.NonNull(facet),
            required=True,
            description="Counts over all results, in the order the facets were asked for.",
        )

    return SearchConnection


def _suggestion_type(type_enum, locale_enum) -> type[graphene.ObjectType]:
    class SearchSuggestion(graphene.ObjectType):
        text = graphene.String(required=True, description="A title that completes the input.")
        type = graphene.Field(type_enum, required=True)
        id = graphene.ID(required=True, description="The id of the page or dataset.")
        locale = graphene.Field(locale_enum, required=True)

    return SearchSuggestion


def _types_argument(type_enum) -> graphene.List:
    return graphene.List(
        graphene.NonNull(type_enum),
        description="Only results of these types (default: every type).",
    )


def _locale_argument(locale_enum) -> graphene.Argument:
    return graphene.Argument(
        locale_enum, description="Only results in this language (default: every language)."
    )


def _search_field(surface: SearchSurface, type_enum, locale_enum) -> graphene.Field:
    facet_names = facet_name_enum()
    defaults = ", ".join(name.upper() for name in registry.default_facets())
    connection = _connection_type(
        _edge_type(_result_union(surface), type_enum, locale_enum), facet_type(facet_names)
    )
    return graphene.Field(
        connection,
        required=True,
        query=graphene.String(
            default_value="",
            description='What the user typed, with or without diacritics ("dich vu cong" '
            'finds "Dịch vụ công"); "quotes" for a phrase; a document number or a '
            "procedure code. Empty lists everything, newest first. At most 500 "
            "characters.",
        ),
        types=_types_argument(type_enum),
        locale=_locale_argument(locale_enum),
        filters=graphene.Argument(filters_input()),
        facets=graphene.List(
            graphene.NonNull(facet_names),
            description=f"Facets to count (default: {defaults}). Counted only when the query "
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
        resolver=functools.partial(resolve_search, surface=surface),
        description="Search news, procedures and datasets: typed results with "
        "highlights, facets and cursor pagination.",
    )


def _suggest_field(surface: SearchSurface, type_enum, locale_enum) -> graphene.Field:
    suggestion = _suggestion_type(type_enum, locale_enum)
    return graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(suggestion))),
        query=graphene.String(required=True, description="What is being typed."),
        types=_types_argument(type_enum),
        locale=_locale_argument(locale_enum),
        first=graphene.Int(
            default_value=DEFAULT_SUGGESTIONS,
            description=f"How many, 1 to {service.MAX_SUGGESTIONS}.",
        ),
        resolver=functools.partial(resolve_suggest, surface=surface),
        description='Titles that complete what is being typed ("dang ky kh" → "Đăng ký '
        'khai sinh").',
    )


def build_search_query(
    nodes: Mapping[str, type[graphene.ObjectType] | SearchNode],
    locale_enum: type[graphene.Enum],
) -> type:
    """A Query mixin with ``search`` and ``suggest`` over the search types in ``nodes``.

    ``nodes`` maps a registered type name ("news") to the GraphQL type of its objects;
    ``locale_enum`` is the schema's enum of content languages.
    """
    surface = SearchSurface(
        {
            name: node if isinstance(node, SearchNode) else SearchNode(node)
            for name, node in nodes.items()
        }
    )
    type_enum = _type_enum(surface.shown)
    fields = {
        "search": _search_field(surface, type_enum, locale_enum),
        "suggest": _suggest_field(surface, type_enum, locale_enum),
    }
    return type("SearchQueryFields", (graphene.ObjectType,), fields)
