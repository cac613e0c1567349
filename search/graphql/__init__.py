"""The GraphQL surface of search: the ``search`` and ``suggest`` root fields.

``search`` knows no app: ``config.schema`` tells :func:`build_search_query` which GraphQL
type shows each registered search type, and gets back a Query mixin to compose.
"""

from search.graphql.schema import SearchNode, build_search_query

__all__ = ["SearchNode", "build_search_query"]
