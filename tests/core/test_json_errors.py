"""The plain-JSON endpoints of every app answer errors with one body (core.http.errors)."""

import uuid

import pytest

ERROR_KEYS = {"status", "code", "message"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/search?colour=red", 400, "BAD_USER_INPUT"),
        ("post", "/api/search?q=x", 405, "BAD_REQUEST"),
        ("get", "/catalog.ttl?page=0", 400, "BAD_USER_INPUT"),
        ("get", "/catalog.nope", 404, "NOT_FOUND"),
        ("get", "/dataset/nothing-here.ttl", 404, "NOT_FOUND"),
        ("get", f"/dataset/x/resource/{uuid.uuid4()}/download/x.csv", 404, "NOT_FOUND"),
        ("post", f"/dataset/x/resource/{uuid.uuid4()}/download/x.csv", 405, "BAD_REQUEST"),
    ],
)
def test_every_json_endpoint_answers_the_same_error_body(client, method, url, status, code):
    response = getattr(client, method)(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert set(error) >= ERROR_KEYS, error
    assert (error["status"], error["code"]) == (status, code)
    assert error["message"].strip()
