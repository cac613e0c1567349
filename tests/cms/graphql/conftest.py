"""Helpers of the content API tests: post a query to /graphql/ as a client would."""

import json

import pytest
from django.test import Client


class GraphQLClient:
    def __init__(self):
        self.client = Client()

    def post(self, query: str, variables: dict | None = None) -> dict:
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        assert response["Content-Type"].startswith("application/json"), response.content[:500]
        return response.json()

    def data(self, query: str, variables: dict | None = None) -> dict:
        """The data of a query that must succeed."""
        result = self.post(query, variables)
        assert "errors" not in result, result["errors"]
        return result["data"]

    def error(self, query: str, variables: dict | None = None) -> dict:
        """The only error of a query that must fail, with the whole result under "result"."""
        result = self.post(query, variables)
        assert result.get("errors"), result
        assert len(result["errors"]) == 1, result["errors"]
        return {**result["errors"][0], "result": result}


@pytest.fixture
def gql(db) -> GraphQLClient:
    return GraphQLClient()
