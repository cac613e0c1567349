"""The root GraphQL schema: the apps' own query types, composed."""

import graphene

from cms.graphql.pages import NewsPage, ProcedurePage
from cms.graphql.queries import Query as ContentQuery
from cms.graphql.types import BasicPage
from core.graphql.enums import LocaleEnum
from opendata.graphql.content import extend_content_types
from opendata.graphql.dataloaders import announce_datasets
from opendata.graphql.queries import Query as OpenDataQuery
from opendata.graphql.types import Dataset
from search.graphql import SearchNode, build_search_query

# Datasets link to news and procedures; cms does not know opendata, so the page types get
# their ``datasets`` field here, where every app is known, before the schema is built.
extend_content_types()

# search knows no app: here each search type gets the GraphQL type that shows its results.
SearchQuery = build_search_query(
    {
        "news": NewsPage,
        "procedure": ProcedurePage,
        "dataset": SearchNode(Dataset, announce=announce_datasets),
    },
    locale_enum=LocaleEnum,
)


# graphene lists the fields of the last base first: content, open data, then search.
class Query(SearchQuery, OpenDataQuery, ContentQuery, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, types=[BasicPage])
