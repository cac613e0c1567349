"""The root GraphQL schema: the apps' own query types, composed."""

import graphene

from cms.graphql.queries import Query as ContentQuery
from cms.graphql.types import BasicPage
from opendata.graphql.content import extend_content_types
from opendata.graphql.queries import Query as OpenDataQuery

# Datasets link to news and procedures; cms does not know opendata, so the page types get
# their ``datasets`` field here, where every app is known, before the schema is built.
extend_content_types()


# graphene lists the fields of the last base first: content, then open data.
class Query(OpenDataQuery, ContentQuery, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, types=[BasicPage])
