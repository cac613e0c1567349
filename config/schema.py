"""The root GraphQL schema: the apps' own query types, composed."""

import graphene

from cms.graphql.queries import Query as ContentQuery
from cms.graphql.types import BasicPage


class Query(ContentQuery, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, types=[BasicPage])
