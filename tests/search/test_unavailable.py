"""A search cluster that cannot be reached: 503 / SERVICE_UNAVAILABLE, never a 500.

Real components: the Elasticsearch backend and its client, pointed at a port on 127.0.0.1
where nothing listens, so every connection is refused.
"""

import json
import socket

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_cluster(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed.
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.ELASTICSEARCH_INDEX_PREFIX = "minhbach-unreachable"
    return settings.ELASTICSEARCH_URL


def test_the_search_api_answers_503_with_retry_after(unreachable_cluster):
    response = Client().get("/api/search", {"q": "dich vu cong"})

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    error = response.json()["error"]
    assert error["code"] == "SERVICE_UNAVAILABLE"
    assert unreachable_cluster not in json.dumps(error)  # the cluster's address stays private


def test_graphql_search_is_an_error_with_a_code(unreachable_cluster):
    response = Client().post(
        "/graphql/",
        {"query": '{ search(query: "khai sinh") { totalCount } }'},
        content_type="application/json",
    )

    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert unreachable_cluster not in json.dumps(body)
