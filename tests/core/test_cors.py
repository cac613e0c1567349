"""CORS headers for the configured origins, on the API only."""

import pytest

ORIGIN = "https://cong.example.gov.vn"


@pytest.fixture(autouse=True)
def allowed_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]


def test_allowed_origin_gets_the_header(api):
    response = api.post("{ news { totalCount } }", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_other_origin_gets_none(api):
    response = api.post("{ news { totalCount } }", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in response


def test_preflight_from_an_allowed_origin(api):
    response = api.client.options(
        "/graphql/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_rest_api_is_covered(api):
    response = api.client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_not_outside_the_api(api):
    response = api.client.get("/healthz", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_no_origins_by_default():
    from config import settings as project_settings

    assert project_settings.CORS_ALLOWED_ORIGINS == []
