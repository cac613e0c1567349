"""Every error carries extensions.code, with a 4xx status for a bad request, never a 500."""

import json

import pytest

from tests.core.helpers import codes
from tests.factories import NewsPageFactory

NEWS = "query($first: Int, $after: String) { news(first: $first, after: $after) { totalCount } }"


def test_syntax_error_is_parse_failed(api):
    response = api.post("{ news { totalCount }")
    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]


def test_unknown_field_is_validation_failed(api):
    response = api.post("{ news { totalCount nope } }")
    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "nope" in response.json()["errors"][0]["message"]


def test_variable_of_the_wrong_type_is_validation_failed(api):
    response = api.post(NEWS, {"first": "twenty"})
    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]


def test_variable_declared_with_the_wrong_type_is_validation_failed(api):
    response = api.post("query($first: String) { news(first: $first) { totalCount } }")
    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]


def test_huge_page_is_bad_user_input_from_the_resolver(api):
    response = api.post("{ news(first: 100000) { totalCount } }")
    assert response.status_code == 200
    assert codes(response) == ["BAD_USER_INPUT"]
    assert response.json()["errors"][0]["path"] == ["news"]


def test_not_found_keeps_its_code(api):
    response = api.post('{ agency(code: "KHONG-CO") { name } }')
    assert response.status_code == 200
    assert codes(response) == ["NOT_FOUND"]
    assert response.json()["data"] == {"agency": None}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"query": "{ news { totalCount } }"', "application/json"),
        ("[]", "application/json"),
        ('"a string"', "application/json"),
        (b"\xff\xfe", "application/json"),
        ('{"variables": {}}', "application/json"),
        ('{"query": ""}', "application/json"),
        ('{"query": 42}', "application/json"),
        ('{"query": "{ news { totalCount } }", "variables": [1]}', "application/json"),
        ('{"query": "{ news { totalCount } }", "operationName": 1}', "application/json"),
        ("query={news{totalCount}}", "application/x-www-form-urlencoded"),
        ("{ news { totalCount } }", "text/plain"),
    ],
)
def test_malformed_requests_get_a_graphql_shaped_400(api, body, content_type):
    response = api.client.post("/graphql/", data=body, content_type=content_type)
    assert response.status_code in {400, 415}
    assert codes(response) == ["BAD_REQUEST"]


def test_graphql_content_type_is_a_bare_query(api):
    response = api.client.post(
        "/graphql/", data="{ news { totalCount } }", content_type="application/graphql"
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"news": {"totalCount": 0}}}


def test_get_with_invalid_variables(api):
    response = api.client.get(
        "/graphql/", {"query": NEWS, "variables": "{nope"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


def test_other_methods_are_refused_with_a_body(api):
    response = api.client.put("/graphql/", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert codes(response) == ["BAD_REQUEST"]


def test_unknown_operation_name(api):
    response = api.post("query A { news { totalCount } }", operation_name="B")
    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]


def test_unexpected_exception_is_internal_without_details(api, site, monkeypatch, caplog):
    NewsPageFactory(parent=site["vi"].news_index)

    def broken(*args, **kwargs):
        raise RuntimeError("secret database password in a stack trace")

    # Resolvers are bound when the schema is built; the loaders they call are not.
    monkeypatch.setattr("core.graphql.loaders.BatchLoader.load", broken)
    response = api.post("{ news { edges { node { title agency { code } } } } }")
    assert response.status_code == 200
    body = response.json()
    assert codes(response) == ["INTERNAL_SERVER_ERROR"]
    assert "secret" not in json.dumps(body)
    assert body["errors"][0]["message"] == "Internal server error."
    assert "secret database password" in caplog.text  # logged on the server


def test_failure_outside_graphql_is_internal_and_not_a_500(api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("core.graphql.view.execute", broken)
    response = api.post("{ news { totalCount } }")
    assert response.status_code == 200
    assert codes(response) == ["INTERNAL_SERVER_ERROR"]
    assert "boom" not in response.content.decode()
