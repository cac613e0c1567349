"""Whatever parameters a caller sends, the API answers in CKAN's shape and never with a 500.

Hypothesis sends random rows, start, sort, q, fq, facet parameters and ids (quotes, colons,
backslashes, AND, *, ~, brackets, Vietnamese letters) by GET and as JSON bodies by POST.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendata.models import Dataset, Resource
from tests.factories import AgencyFactory, DatasetFactory, ThemeFactory

pytestmark = pytest.mark.django_db

API = "/api/3/action/"
EXPECTED_STATUSES = {200, 400, 403, 404, 409}
SOLR_PIECES = [
    "tags:", "organization:", "groups:", "res_format:", "license_id:", "name:", "id:",
    "owner_org:", "title:", "unknown:", "AND", "OR", "NOT", "&&", "||", "*", "*:*", "~", "~2",
    "^3", "\\", '"', "(", ")", "[", "]", "{", "}", "+", "-", "!", ":", " ", "TO",
    "dịch vụ", "hồ sơ", "ubnd-hn", "csv", "CC-BY-4.0", "chinh-phu-so", "đ", "\x00",
]  # fmt: skip
SORT_PIECES = [
    "score", "name", "title_string", "metadata_modified", "metadata_created", "views",
    "asc", "desc", "ASC", ",", " ", "rank", "package_count", "title", "",
]  # fmt: skip
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    # The database set up once for a test is only read: sharing it between examples is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

solr = st.lists(st.sampled_from(SOLR_PIECES), max_size=8).map("".join) | st.text(max_size=20)
sort = st.lists(st.sampled_from(SORT_PIECES), max_size=6).map(" ".join) | st.text(max_size=12)
number = (
    st.integers(min_value=-(10**20), max_value=10**20).map(str)
    | st.sampled_from(["", " ", "1.5", "1e3", "-0", "0x10", "mười", "10000000000000000000000"])
    | st.text(max_size=6)
)
facet_fields = st.lists(
    st.sampled_from(["organization", "tags", "groups", "res_format", "license_id", "x"]),
    max_size=3,
).map(json.dumps) | st.text(max_size=10)
search_params = st.fixed_dictionaries(
    {},
    optional={
        "q": solr,
        "fq": solr,
        "rows": number,
        "start": number,
        "sort": sort,
        "facet.field": facet_fields,
        "facet.limit": number,
        "facet.mincount": number,
        "facet": st.sampled_from(["true", "false", "x"]),
        "fl": st.sampled_from(["name", "id name", "name,notes", "", "x"]),
    },
)
json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
other_actions = st.sampled_from(
    [
        "package_show", "package_list", "resource_show", "organization_list",
        "organization_show", "group_list", "group_show", "tag_list", "license_list",
        "status_show", "current_package_list_with_resources", "help_show",
        "package_create", "package_patch", "no_such_action",
    ]
)  # fmt: skip
OTHER_KEYS = [
    "id", "name_or_id", "limit", "offset", "page", "sort", "all_fields", "q", "query",
    "include_datasets", "organizations", "vocabulary_id", "name", "order_by",
]  # fmt: skip
SEARCH_KEYS = ["q", "fq", "rows", "start", "sort", "facet.field", "facet.limit", "fq_list", "fl"]
other_params = st.dictionaries(st.sampled_from(OTHER_KEYS), solr | number | sort, max_size=4)
search_json = st.dictionaries(st.sampled_from(SEARCH_KEYS), json_value, max_size=5)


@pytest.fixture
def catalogue():
    agency = AgencyFactory(code="UBND-HN", name="Ủy ban nhân dân Hà Nội")
    theme = ThemeFactory(slug="chinh-phu-so")
    for n in range(3):
        dataset = DatasetFactory(publish=False, publisher=agency, title=f"Dịch vụ công {n}")
        dataset.themes.set([theme])
        dataset.tags.add("hồ sơ", f"thẻ {n}")
        dataset.save()
        dataset.save_revision().publish()
    DatasetFactory(publish=False, title="Bản nháp")
    return Dataset.objects.count(), Resource.objects.count()


def check_ckan_shape(response, action: str) -> None:
    assert response.status_code in EXPECTED_STATUSES, response.content[:500]
    assert response["Content-Type"] == "application/json;charset=utf-8"
    body = response.json()
    if isinstance(body, str):  # CKAN's bare "Bad request: ..." answers
        assert response.status_code in (400, 405)
        assert body.startswith("Bad request: ")
        return
    assert set(body) >= {"help", "success"}
    assert body["help"].endswith(f"/api/3/action/help_show?name={action}")
    if response.status_code == 200:
        assert body["success"] is True and "result" in body
    else:
        assert body["success"] is False
        assert isinstance(body["error"]["__type"], str)
        if body["error"]["__type"] != "Validation Error":
            assert isinstance(body["error"]["message"], str)


@HYPOTHESIS
@given(data=search_params)
def test_package_search_by_get_never_fails(client, catalogue, data):
    response = client.get(API + "package_search", data)
    check_ckan_shape(response, "package_search")
    if response.status_code == 200:
        result = response.json()["result"]
        assert 0 <= len(result["results"]) <= min(result["count"], 1000)


@HYPOTHESIS
@given(data=search_json)
def test_package_search_by_json_post_never_fails(client, catalogue, data):
    response = client.post(
        API + "package_search", json.dumps(data), content_type="application/json"
    )
    check_ckan_shape(response, "package_search")


@HYPOTHESIS
@given(action=other_actions, data=other_params, method=st.sampled_from(["GET", "POST"]))
def test_every_action_answers_in_ckans_shape_and_writes_nothing(
    client, catalogue, action, data, method
):
    if method == "GET":
        response = client.get(API + action, data)
    else:
        response = client.post(API + action, json.dumps(data), content_type="application/json")
    check_ckan_shape(response, action)
    assert (Dataset.objects.count(), Resource.objects.count()) == catalogue


@HYPOTHESIS
@given(body=st.binary(max_size=40) | st.text(max_size=40).map(str.encode))
def test_any_request_body_is_answered_in_ckans_shape(client, catalogue, body):
    response = client.post(API + "package_search", body, content_type="application/json")
    check_ckan_shape(response, "package_search")


def test_text_no_database_takes_is_refused(client, catalogue):
    for body in ('{"q": "a\\u0000b"}', '{"id": "\\ud800"}', '{"fq_list": ["tags:\\u0000"]}'):
        for action in ("package_search", "package_show"):
            response = client.post(API + action, body, content_type="application/json")
            check_ckan_shape(response, action)
            assert response.status_code in (404, 409, 400)
