"""Relay connections over querysets: bounded pages, opaque offset cursors, totalCount.

``hasNextPage`` comes from fetching one row more than asked; the COUNT query runs only when
the client selects ``totalCount``.
"""

from collections.abc import Callable, Sequence
from typing import Any

import graphene
from django.conf import settings
from django.db.models import QuerySet
from graphene import relay
from graphql_relay import cursor_to_offset, offset_to_cursor

from core.graphql.errors import bad_user_input

DEFAULT_PAGE_SIZE = 20


def max_page_size() -> int:
    return settings.GRAPHQL_MAX_PAGE_SIZE


class CountableConnection(relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(
        required=True, description="Number of items matching the filters, on all pages."
    )

    def resolve_total_count(self, info) -> int:
        return self.count_items()


def connection_args() -> dict[str, Any]:
    return {
        "first": graphene.Int(
            description="Page size, 1 to 100 (default 20).", default_value=DEFAULT_PAGE_SIZE
        ),
        "after": graphene.String(description="Cursor of the item after which the page starts."),
    }


def page_bounds(first: int | None, after: str | None) -> tuple[int, int]:
    limit = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= limit <= max_page_size():
        raise bad_user_input(
            f"first must be between 1 and {max_page_size()}, got {limit}.", argument="first"
        )
    offset = 0
    if after:
        position = cursor_to_offset(after)
        if position is None or position < 0:
            raise bad_user_input("after is not a cursor this API issued.", argument="after")
        offset = position + 1
    return offset, limit


def paginate(
    queryset: QuerySet,
    connection_type: type[CountableConnection],
    *,
    first: int | None = None,
    after: str | None = None,
    on_page: Callable[[Sequence[Any]], None] | None = None,
) -> CountableConnection:
    """One page of ``queryset`` as ``connection_type``.

    ``on_page`` receives the page's nodes before any field is resolved, so that the type
    can announce their keys to the request's loaders (see cms.graphql.loaders).
    """
    offset, limit = page_bounds(first, after)
    rows = list(queryset[offset : offset + limit + 1])
    nodes, has_next = rows[:limit], len(rows) > limit
    if on_page is not None:
        on_page(nodes)
    edges = [
        connection_type.Edge(node=node, cursor=offset_to_cursor(offset + index))
        for index, node in enumerate(nodes)
    ]
    connection = connection_type(
        edges=edges,
        page_info=relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=offset > 0,
            has_next_page=has_next,
        ),
    )
    connection.count_items = queryset.count
    return connection
