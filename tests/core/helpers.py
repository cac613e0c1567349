"""Raw HTTP against /graphql/, as any client would send it."""

import json

from django.test import Client


class Api:
    def __init__(self, **defaults):
        self.client = Client(**defaults)

    def post(self, query: str, variables=None, operation_name=None, **extra):
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation_name is not None:
            body["operationName"] = operation_name
        return self.client.post(
            "/graphql/", data=json.dumps(body), content_type="application/json", **extra
        )

    def get(self, query: str, variables=None, **extra):
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        return self.client.get("/graphql/", params, HTTP_ACCEPT="application/json", **extra)


def codes(response) -> list[str]:
    """The code of every error; fails on an error without one."""
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return [error["extensions"]["code"] for error in response.json()["errors"]]
