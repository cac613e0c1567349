"""cms's GraphQL face: what other apps may use to extend content types (opendata adds
``datasets`` to news and procedures) and to batch-load content. Everything else in this
package is cms's own."""

from cms.graphql.dataloaders import loaders as content_loaders
from cms.graphql.pages import NewsPage, ProcedurePage
from cms.graphql.types import Agency, extend_page_type

__all__ = ["Agency", "NewsPage", "ProcedurePage", "content_loaders", "extend_page_type"]
