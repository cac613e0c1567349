"""CKAN's Action API through HTTP (Django's test client): shapes, visibility, errors, queries.

The expected shapes are CKAN 2.11's (ckan/views/api.py, ckan/logic/action/get.py,
ckan/lib/dictization/model_dictize.py).
"""

import datetime
import hashlib
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opendata import catalogue as catalogue_module
from opendata.models import Dataset
from search.documents import Document
from tests.factories import (
    CSV_BYTES,
    AgencyFactory,
    DatasetFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/3/action/"
ISO_NAIVE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$")


def make_dataset(*, tags=(), themes=(), publish=True, **fields) -> Dataset:
    """A dataset with tags and themes, published (a revision, then publish) unless told not."""
    fields.setdefault("description", "Số liệu thống kê theo năm.")
    dataset = DatasetFactory(publish=False, **fields)
    if themes:
        dataset.themes.set(themes)
    if tags:
        dataset.tags.add(*tags)
    if themes or tags:
        dataset.save()
    if publish:
        dataset.save_revision().publish()
        dataset.refresh_from_db()
    return dataset


def call(client, action: str, method: str = "GET", **data):
    if method == "POST":
        response = client.post(API + action, json.dumps(data), content_type="application/json")
    else:
        response = client.get(API + action, data)
    assert response["Content-Type"] == "application/json;charset=utf-8"
    return response.status_code, response.json()


def ok(client, action: str, method: str = "GET", **data):
    status, body = call(client, action, method, **data)
    assert status == 200, body
    assert body["success"] is True
    assert body["help"].endswith(f"/api/3/action/help_show?name={action}")
    return body["result"]


@pytest.fixture
def catalogue():
    """Two agencies, two themes, four public datasets, a draft, a private and a withdrawn one."""
    hanoi = AgencyFactory(code="UBND-HN", name="Ủy ban nhân dân Hà Nội", name_en="Hanoi PC")
    ministry = AgencyFactory(code="BTTTT", name="Bộ Thông tin và Truyền thông")
    AgencyFactory(code="NO-DATA")  # publishes nothing: not an organization here
    digital = ThemeFactory(name="Chính phủ số", slug="chinh-phu-so")
    health = ThemeFactory(name="Y tế", slug="y-te")
    public = [
        make_dataset(
            name="dich-vu-cong-truc-tuyen",
            title="Dịch vụ công trực tuyến",
            publisher=hanoi,
            tags=["dịch vụ công", "hồ sơ"],
            themes=[digital],
            maintainer="Phòng CNTT",
            maintainer_email="cntt@hanoi.gov.vn",
            temporal_start=datetime.date(2020, 1, 1),
            temporal_end=datetime.date(2024, 12, 31),
            version="1.2",
        ),
        make_dataset(
            name="tram-y-te",
            title="Trạm y tế xã",
            publisher=hanoi,
            tags=["y tế"],
            themes=[health],
            licence_id="CC0-1.0",
        ),
        make_dataset(
            name="chu-ky-so",
            title="Chữ ký số công cộng",
            publisher=ministry,
            tags=["hồ sơ"],
            themes=[digital],
        ),
        make_dataset(name="bao-cao-nam", title="Báo cáo năm", publisher=ministry, resources=0),
    ]
    draft = make_dataset(name="ban-nhap", title="Bản nháp", publisher=hanoi, publish=False)
    private = make_dataset(name="rieng-tu", title="Riêng tư", publisher=hanoi, is_private=True)
    withdrawn = make_dataset(name="da-rut", title="Đã rút", publisher=ministry)
    withdrawn.unpublish()
    return {
        "public": public,
        "hidden": [draft, private, withdrawn],
        "agencies": (hanoi, ministry),
        "themes": (digital, health),
    }


# ---------------------------------------------------------------------------- envelope


def test_api_roots_give_their_version(client):
    assert client.get("/api").json() == {"version": 1}
    assert client.get("/api/3").json() == {"version": 3}


def test_get_and_post_and_the_unversioned_route_answer_alike(client, catalogue):
    by_get = ok(client, "package_show", id="tram-y-te")
    by_post = ok(client, "package_show", "POST", id="tram-y-te")
    by_form = client.post("/api/action/package_show", {"id": "tram-y-te"}).json()["result"]
    assert by_get == by_post == by_form
    assert by_get["name"] == "tram-y-te"


def test_a_json_document_posted_as_a_form_field_name_is_read(client, catalogue):
    # What some old clients send: the JSON body url-encoded as the name of a field.
    response = client.post(
        API + "package_show",
        'id=x&{"id": "tram-y-te"}=',
        content_type="application/x-www-form-urlencoded",
    )
    # Two fields: read as ordinary form fields, id=x is not found.
    assert response.status_code == 404
    response = client.post(
        API + "package_show",
        '{"id": "tram-y-te"}=',
        content_type="application/x-www-form-urlencoded",
    )
    assert response.json()["result"]["name"] == "tram-y-te"


def test_unknown_action_is_ckans_bare_400(client):
    response = client.get(API + "package_frobnicate")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json;charset=utf-8"
    assert response.json() == "Bad request: Action name not known: package_frobnicate"


def test_malformed_json_body_is_400(client):
    response = client.post(API + "package_search", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json().startswith("Bad request: JSON Error: Error decoding JSON data.")
    response = client.post(API + "package_search", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert "needs to be a dictionary" in response.json()


@pytest.mark.parametrize("action", ["package_create", "resource_update", "organization_delete"])
def test_write_actions_are_refused_as_for_an_anonymous_caller(client, action):
    status, body = call(client, action, "POST", name="moi")
    assert status == 403
    assert body["success"] is False
    assert body["error"]["__type"] == "Authorization Error"
    assert body["error"]["message"].startswith("Access denied: ")
    # By GET, CKAN answers before authorization: write actions need POST.
    response = client.get(API + action, {"name": "moi"})
    assert response.status_code == 400
    assert "Please use POST method" in response.json()
    assert not Dataset.objects.filter(name="moi").exists()


def test_jsonp_callback_wraps_successful_gets(client, catalogue):
    response = client.get(API + "package_list", {"callback": "nhan"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript;charset=utf-8"
    text = response.content.decode()
    assert text.startswith("nhan(") and text.endswith(");")
    assert json.loads(text[len("nhan(") : -2])["success"] is True
    assert client.get(API + "package_list", {"callback": "<script>"}).status_code == 400
    missing = client.get(API + "package_show", {"id": "khong-co", "callback": "nhan"})
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json;charset=utf-8"


# ---------------------------------------------------------------------------- site


def test_status_show(client):
    result = ok(client, "status_show")
    assert result["ckan_version"] == "2.11.0"
    assert result["locale_default"] == "vi"
    assert result["extensions"] == []
    assert result["error_emails_to"] is None
    assert result["site_url"].startswith("http")
    assert result["site_title"]


def test_license_list_has_every_licence_in_ckans_shape(client):
    licences = {item["id"]: item for item in ok(client, "license_list")}
    assert set(licences) == {"CC-BY-4.0", "CC0-1.0", "ODC-By-1.0", "ODbL-1.0", "other"}
    cc_by = licences["CC-BY-4.0"]
    assert cc_by["od_conformance"] == "approved"
    assert cc_by["status"] == "active"
    assert cc_by["url"].startswith("http")
    # CKAN's register gives every value as a string, booleans too.
    assert all(isinstance(value, str) for value in cc_by.values())
    assert set(cc_by) >= {"title", "is_generic", "osd_conformance", "maintainer", "family"}


def test_help_show_documents_an_action(client):
    assert "id (its UUID) or name" in ok(client, "help_show", name="package_show")
    assert call(client, "help_show", name="khong_co")[0] == 404


# ---------------------------------------------------------------------------- datasets


def test_package_list_has_public_names_only_paged(client, catalogue):
    names = sorted(d.name for d in catalogue["public"])
    assert ok(client, "package_list") == names
    assert ok(client, "package_list", limit=2, offset=1) == names[1:3]
    assert ok(client, "package_list", limit=0) == names  # CKAN: 0 is no limit


def test_package_show_is_ckans_package_dict(client, catalogue, settings):
    settings.BASE_URL = settings.BASE_URL = "https://dulieu.example.gov.vn"
    dataset = catalogue["public"][0]
    resource = dataset.resources.get()
    package = ok(client, "package_show", id=str(dataset.uuid))
    assert package == ok(client, "package_show", id=dataset.name)
    assert package["id"] == str(dataset.uuid)
    assert package["name"] == "dich-vu-cong-truc-tuyen"
    assert package["title"] == "Dịch vụ công trực tuyến"
    assert package["title_translated"] == {"vi": dataset.title, "en": dataset.title_en}
    assert package["notes_translated"]["en"] == dataset.description_en
    assert package["notes"] == dataset.description
    assert (package["author"], package["author_email"]) == (None, None)
    assert package["maintainer"] == "Phòng CNTT"
    assert package["maintainer_email"] == "cntt@hanoi.gov.vn"
    assert package["license_id"] == "CC-BY-4.0"
    assert package["license_url"].startswith("http")
    assert package["license_title"]
    assert package["isopen"] is True
    assert package["private"] is False
    assert (package["state"], package["type"]) == ("active", "dataset")
    assert package["version"] == "1.2"
    assert package["url"] == "https://dulieu.example.gov.vn/dataset/dich-vu-cong-truc-tuyen/"
    assert ISO_NAIVE.match(package["metadata_created"])
    assert ISO_NAIVE.match(package["metadata_modified"])
    published = dataset.last_published_at.astimezone(datetime.UTC).replace(tzinfo=None)
    assert package["metadata_modified"] == published.isoformat()

    organization = package["organization"]
    assert package["owner_org"] == organization["id"]
    assert organization["name"] == "ubnd-hn"
    assert organization["title"] == "Ủy ban nhân dân Hà Nội"
    assert organization["type"] == "organization"
    assert organization["is_organization"] is True
    assert organization["approval_status"] == "approved"
    assert organization["state"] == "active"
    assert ISO_NAIVE.match(organization["created"])

    assert sorted(tag["name"] for tag in package["tags"]) == ["dịch vụ công", "hồ sơ"]
    assert package["num_tags"] == 2
    tag = package["tags"][0]
    assert set(tag) == {"id", "name", "display_name", "state", "vocabulary_id"}
    assert tag["display_name"] == tag["name"] and tag["vocabulary_id"] is None
    assert [group["name"] for group in package["groups"]] == ["chinh-phu-so"]
    assert set(package["groups"][0]) == {
        "id",
        "name",
        "title",
        "display_name",
        "description",
        "image_display_url",
    }
    extras = {item["key"]: item["value"] for item in package["extras"]}
    assert extras == {
        "frequency": "ANNUAL",
        "temporal_start": "2020-01-01",
        "temporal_end": "2024-12-31",
    }
    assert [item["key"] for item in package["extras"]] == sorted(extras)
    assert package["relationships_as_object"] == package["relationships_as_subject"] == []

    assert package["num_resources"] == 1
    (item,) = package["resources"]
    assert item["id"] == str(resource.uuid)
    assert item["package_id"] == package["id"]
    assert item["format"] == "CSV"
    assert item["mimetype"] == "text/csv"
    assert item["size"] == len(CSV_BYTES)
    assert item["hash"] == hashlib.sha256(CSV_BYTES).hexdigest()
    assert item["url_type"] == "upload"
    assert item["url"] == "https://dulieu.example.gov.vn" + resource.get_download_url()
    assert (item["position"], item["state"], item["datastore_active"]) == (0, "active", False)
    assert ISO_NAIVE.match(item["created"])


def test_a_link_resource_keeps_its_url(client, catalogue):
    dataset = catalogue["public"][3]
    ResourceFactory(
        dataset=dataset, data_file=None, url="https://data.gov.vn/so-lieu.xlsx", format=""
    )
    dataset.save_revision().publish()
    (item,) = ok(client, "package_show", id=dataset.name)["resources"]
    assert item["url"] == "https://data.gov.vn/so-lieu.xlsx"
    assert item["url_type"] is None
    assert item["format"] == "XLSX"
    assert (item["size"], item["mimetype"], item["hash"]) == (None, None, "")


def test_resources_whose_file_failed_ingestion_are_left_out(client, catalogue):
    dataset = catalogue["public"][3]
    ResourceFactory(dataset=dataset, data_file__status="rejected")
    dataset.save_revision().publish()
    assert ok(client, "package_show", id=dataset.name)["resources"] == []


def test_resource_show(client, catalogue):
    dataset = catalogue["public"][0]
    resource = dataset.resources.get()
    item = ok(client, "resource_show", id=str(resource.uuid))
    assert item == ok(client, "package_show", id=dataset.name)["resources"][0]
    hidden = catalogue["hidden"][1].resources.get()
    assert call(client, "resource_show", id=str(hidden.uuid))[0] == 404
    assert call(client, "resource_show", id="khong-phai-uuid")[0] == 404


@pytest.mark.parametrize("which", [0, 1, 2])
def test_hidden_datasets_are_not_found_anywhere(client, catalogue, which):
    hidden = catalogue["hidden"][which]
    for key in (hidden.name, str(hidden.uuid)):
        status, body = call(client, "package_show", id=key)
        assert status == 404
        assert body["success"] is False
        assert body["error"] == {"__type": "Not Found Error", "message": "Not found"}
    assert hidden.name not in ok(client, "package_list")
    # Its exact title: other datasets may share some words (any word matches when no
    # dataset has them all), never this one.
    found = ok(client, "package_search", q=hidden.title, rows=100)
    assert hidden.name not in {item["name"] for item in found["results"]}
    assert ok(client, "package_search", fq=f"name:{hidden.name}")["count"] == 0
    listed = ok(client, "current_package_list_with_resources", limit=100)
    assert hidden.name not in {item["name"] for item in listed}


def test_missing_id_is_a_validation_error(client):
    status, body = call(client, "package_show")
    assert status == 409
    assert body["error"] == {"__type": "Validation Error", "name_or_id": ["Missing value"]}
    status, body = call(client, "resource_show")
    assert body["error"] == {"__type": "Validation Error", "id": ["Missing value"]}


def test_current_package_list_with_resources_is_newest_first(client, catalogue):
    newest = catalogue["public"][1]
    newest.title = "Trạm y tế xã (cập nhật)"
    newest.save_revision().publish()
    listed = ok(client, "current_package_list_with_resources")
    assert listed[0]["name"] == newest.name
    assert len(listed) == 4
    assert listed[0]["resources"]
    modified = [item["metadata_modified"] for item in listed]
    assert modified == sorted(modified, reverse=True)
    assert len(ok(client, "current_package_list_with_resources", limit=2, offset=3)) == 1
    assert (
        ok(client, "current_package_list_with_resources", limit=1, page=2)[0]["name"]
        == (listed[1]["name"])
    )


# ---------------------------------------------------------------------------- package_search


def names(result) -> list[str]:
    return [item["name"] for item in result["results"]]


def test_search_result_shape(client, catalogue):
    result = ok(client, "package_search", q="", rows=2)
    assert set(result) == {"count", "facets", "results", "sort", "search_facets"}
    assert result["count"] == 4
    assert len(result["results"]) == 2
    assert result["sort"] == "score desc, metadata_modified desc"
    assert result["facets"] == {} and result["search_facets"] == {}
    assert result["results"][0] == ok(client, "package_show", id=result["results"][0]["name"])


def test_free_text_ignores_diacritics(client, catalogue):
    assert names(ok(client, "package_search", q="dich vu cong")) == ["dich-vu-cong-truc-tuyen"]
    assert names(ok(client, "package_search", q="Trạm Y TẾ")) == ["tram-y-te"]
    assert names(ok(client, "package_search", q='"chu ky so"')) == ["chu-ky-so"]
    assert ok(client, "package_search", q="*:*")["count"] == 4


@pytest.mark.parametrize(
    ("fq", "expected"),
    [
        ("organization:ubnd-hn", ["dich-vu-cong-truc-tuyen", "tram-y-te"]),
        ('tags:"hồ sơ"', ["chu-ky-so", "dich-vu-cong-truc-tuyen"]),
        ("groups:chinh-phu-so AND organization:bttttt", []),
        ("groups:chinh-phu-so AND organization:btttt", ["chu-ky-so"]),
        ("+license_id:CC0-1.0", ["tram-y-te"]),
        ("res_format:csv", ["chu-ky-so", "dich-vu-cong-truc-tuyen", "tram-y-te"]),
        ("tags:(hồ\\ sơ OR y\\ tế) organization:ubnd-hn", ["dich-vu-cong-truc-tuyen", "tram-y-te"]),
        ("+dataset_type:dataset +state:active", None),
        ("type:harvest", []),
    ],
)
def test_fq_filters(client, catalogue, fq, expected):
    result = ok(client, "package_search", fq=fq, sort="name asc", rows=100)
    if expected is None:
        expected = sorted(d.name for d in catalogue["public"])
    assert names(result) == expected
    assert result["count"] == len(expected)


def test_fielded_q_and_organization_id(client, catalogue):
    package = ok(client, "package_show", id="tram-y-te")
    assert names(ok(client, "package_search", q="name:tram-y-te")) == ["tram-y-te"]
    assert names(ok(client, "package_search", q=f"id:{package['id']}")) == ["tram-y-te"]
    assert names(ok(client, "package_search", q="name:tram-y-te tags:khac")) == []
    assert names(ok(client, "package_search", q="tags:y\\ tế")) == ["tram-y-te"]
    owner = f'owner_org:"{package["owner_org"]}"'
    assert ok(client, "package_search", fq=owner)["count"] == 2
    with_facets = ok(client, "package_search", q="name:tram-y-te", **{"facet.field": '["tags"]'})
    assert with_facets["facets"] == {"tags": {"y tế": 1}}


def test_rows_start_and_sort(client, catalogue):
    everything = names(ok(client, "package_search", sort="name asc", rows=100))
    assert everything == sorted(everything)
    assert names(ok(client, "package_search", sort="name desc")) == everything[::-1]
    page = ok(client, "package_search", sort="name asc", rows=2, start=1)
    assert names(page) == everything[1:3] and page["count"] == 4
    assert ok(client, "package_search", rows=0)["results"] == []
    assert ok(client, "package_search", rows="1000")["count"] == 4
    # As CKAN: more than 1000 rows is capped, not refused.
    assert len(ok(client, "package_search", rows=10**9)["results"]) == 4
    title_sorted = names(ok(client, "package_search", sort="title_string asc", rows=100))
    assert title_sorted[0] == "bao-cao-nam"


def test_facets(client, catalogue):
    result = ok(
        client,
        "package_search",
        **{"facet.field": json.dumps(["organization", "tags", "groups", "license_id"])},
    )
    assert result["facets"]["organization"] == {"ubnd-hn": 2, "btttt": 2}
    assert result["facets"]["tags"] == {"hồ sơ": 2, "dịch vụ công": 1, "y tế": 1}
    items = result["search_facets"]["organization"]["items"]
    assert result["search_facets"]["organization"]["title"] == "organization"
    assert {"name": "ubnd-hn", "display_name": "Ủy ban nhân dân Hà Nội", "count": 2} in items
    displays = [item["display_name"] for item in items]
    assert displays == sorted(displays, reverse=True)  # CKAN's order
    groups = {i["name"]: i for i in result["search_facets"]["groups"]["items"]}
    assert groups["chinh-phu-so"]["display_name"] == "Chính phủ số"
    limited = ok(client, "package_search", **{"facet.field": '["tags"]', "facet.limit": 1})
    assert limited["facets"]["tags"] == {"hồ sơ": 2}
    unlimited = ok(client, "package_search", **{"facet.field": '["tags"]', "facet.limit": -1})
    assert len(unlimited["facets"]["tags"]) == 3


def test_post_with_a_json_list_of_facet_fields(client, catalogue):
    result = ok(client, "package_search", "POST", rows=0, **{"facet.field": ["res_format"]})
    assert result["facets"] == {"res_format": {"CSV": 3}}


def test_fl_returns_only_the_fields_asked_for(client, catalogue):
    result = ok(client, "package_search", fl="name,id", sort="name asc", rows=1)
    assert result["results"] == [{"name": "bao-cao-nam", "id": str(catalogue["public"][3].uuid)}]


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"rows": -1}, {"rows": ["Must be a natural number"]}),
        ({"rows": "mười"}, {"rows": ["Invalid integer"]}),
        ({"rows": "1.5"}, {"rows": ["Invalid integer"]}),
        ({"start": -3}, {"start": ["Must be a natural number"]}),
        ({"start": 10**30}, {"start": ["Must be at most 2147483647"]}),
        ({"facet.field": "tags"}, {"facet.field": ["Could not parse as valid JSON"]}),
        ({"facet.field": '"tags"'}, {"facet.field": ["Not a list"]}),
        ({"facet.limit": "nhiều"}, {"facet.limit": ["Invalid integer"]}),
    ],
)
def test_bad_search_parameters_are_validation_errors(client, data, error):
    status, body = call(client, "package_search", **data)
    assert status == 409
    assert body["success"] is False
    assert body["error"] == {"__type": "Validation Error", **error}


@pytest.mark.parametrize(
    ("data", "status", "error_type"),
    [
        ({"sort": "name"}, 400, "Search Query Error"),  # Solr needs a direction
        ({"sort": "name upward"}, 400, "Search Query Error"),
        ({"sort": "popularity desc"}, 409, "Search Error"),
        ({"q": '"unbalanced'}, 409, "Search Error"),
        ({"fq": 'tags:"unbalanced'}, 409, "Search Error"),
        ({"fq": "(tags:a"}, 409, "Search Error"),
        ({"fq": "tags:a)"}, 409, "Search Error"),
        ({"fq": "organization:"}, 409, "Search Error"),
        ({"fq": "colour:blue"}, 409, "Search Error"),
        ({"q": "tags:a\\"}, 409, "Search Error"),
        ({"fq": "tags:a OR groups:b"}, 400, "Search Query Error"),
        ({"fq": "-dich"}, 400, "Search Query Error"),
        ({"fq": "-metadata_modified:[2024-01-01T00:00:00Z TO *]"}, 400, "Search Query Error"),
        ({"fq": "metadata_modified:[2024-01-01 TO *]"}, 409, "Search Error"),
        ({"fq": "metadata_modified:[NOW-1FORTNIGHT TO *]"}, 409, "Search Error"),
        ({"fq": "num_resources:[1 TO *]"}, 409, "Search Error"),
        ({"fq": "name:[a TO b]"}, 400, "Search Query Error"),
        ({"fq": "tags:a tags:b"}, 400, "Search Query Error"),
        ({"fq": "tags:y*"}, 400, "Search Query Error"),
        ({"unknown": "1"}, 400, "Search Query Error"),
    ],
)
def test_unusable_queries_are_ckan_search_errors(client, data, status, error_type):
    got, body = call(client, "package_search", **data)
    assert got == status, body
    assert body["success"] is False
    assert body["error"]["__type"] == error_type
    assert body["error"]["message"].startswith(
        "Search Query is invalid: " if status == 400 else "Search error: "
    )


def test_search_query_error_message_is_ckans(client):
    body = call(client, "package_search", sort="name")[1]
    assert body["error"]["message"] == "Search Query is invalid: 'Invalid \"sort\" parameter'"


NOT_A_BOOL = "Parameter is not an bool"  # sic: CKAN's message
POSITIVE = "Must be a positive integer"


@pytest.mark.parametrize(
    ("action", "data", "error"),
    [
        ("package_list", {"limit": -1}, {"limit": ["Must be a natural number"]}),
        ("package_list", {"offset": "x"}, {"offset": ["Invalid integer"]}),
        ("organization_list", {"sort": "colour"}, {"message": "Cannot sort by field `colour`"}),
        ("organization_list", {"sort": "name up"}, {"message": "Invalid sort direction `up`"}),
        ("organization_list", {"all_fields": "maybe"}, {"message": NOT_A_BOOL}),
        ("organization_show", {"id": "ubnd-hn", "include_datasets": "?"}, {"message": NOT_A_BOOL}),
        ("current_package_list_with_resources", {"page": 0}, {"page": [POSITIVE]}),
    ],
)  # fmt: skip
def test_bad_list_parameters_are_validation_errors(client, catalogue, action, data, error):
    status, body = call(client, action, **data)
    assert status == 409
    assert body["error"] == {"__type": "Validation Error", **error}


# ---------------------------------------------------------------------------- organizations


def test_organization_list_lists_publishing_agencies(client, catalogue):
    assert ok(client, "organization_list") == ["btttt", "ubnd-hn"]  # by title: "Bộ" < "Ủy"
    assert ok(client, "organization_list", sort="name desc") == ["ubnd-hn", "btttt"]
    assert ok(client, "organization_list", limit=1, offset=1) == ["ubnd-hn"]
    assert ok(client, "organization_list", q="ha noi") == ["ubnd-hn"]
    assert ok(client, "organization_list", organizations="btttt") == ["btttt"]
    full = ok(client, "organization_list", all_fields="true")
    assert [org["name"] for org in full] == ["btttt", "ubnd-hn"]
    hanoi = full[1]
    assert hanoi["package_count"] == 2  # the draft, private and withdrawn ones do not count
    assert hanoi["display_name"] == "Ủy ban nhân dân Hà Nội"
    assert hanoi["is_organization"] is True and hanoi["type"] == "organization"
    assert hanoi["title_translated"]["en"] == "Hanoi PC"


def test_organization_show(client, catalogue):
    package = ok(client, "package_show", id="tram-y-te")
    org = ok(client, "organization_show", id="ubnd-hn")
    assert org["id"] == package["owner_org"]
    assert ok(client, "organization_show", id=org["id"]) == org
    assert ok(client, "organization_show", id="UBND-HN") == org
    assert org["package_count"] == 2
    assert "packages" not in org
    with_datasets = ok(client, "organization_show", id="ubnd-hn", include_datasets=True)
    assert sorted(p["name"] for p in with_datasets["packages"]) == [
        "dich-vu-cong-truc-tuyen",
        "tram-y-te",
    ]
    assert call(client, "organization_show", id="no-data")[0] == 404
    assert call(client, "organization_show", id="khong-co")[0] == 404


def test_groups_are_themes(client, catalogue):
    assert ok(client, "group_list") == ["chinh-phu-so", "y-te"]
    groups = ok(client, "group_list", all_fields=True, sort="package_count")
    assert [(g["name"], g["package_count"]) for g in groups] == [("chinh-phu-so", 2), ("y-te", 1)]
    group = ok(client, "group_show", id="chinh-phu-so", include_datasets="true")
    assert group["title"] == "Chính phủ số"
    assert group["is_organization"] is False and group["type"] == "group"
    assert sorted(p["name"] for p in group["packages"]) == ["chu-ky-so", "dich-vu-cong-truc-tuyen"]
    assert ok(client, "group_show", id=group["id"])["name"] == "chinh-phu-so"
    assert call(client, "group_show", id="khong-co")[0] == 404


def test_tag_list(client, catalogue):
    hidden = catalogue["hidden"][0]
    hidden.tags.add("bí mật")
    hidden.save_revision()
    assert ok(client, "tag_list") == ["dịch vụ công", "hồ sơ", "y tế"]
    assert ok(client, "tag_list", query="ho so") == ["hồ sơ"]
    full = ok(client, "tag_list", all_fields=True, query="y te")
    assert [(t["name"], t["vocabulary_id"]) for t in full] == [("y tế", None)]
    assert call(client, "tag_list", vocabulary_id="khac")[0] == 404


# ---------------------------------------------------------------------------- query counts


def _published(count: int) -> None:
    agency = AgencyFactory()
    theme = ThemeFactory()
    for n in range(count):
        make_dataset(publisher=agency, tags=[f"the-{n}", "chung"], themes=[theme], resources=2)


def _queries(client, action: str, **data) -> int:
    with CaptureQueriesContext(connection) as queries:
        ok(client, action, **data)
    return len(queries)


def test_queries_do_not_grow_with_the_page_size(client, search_index):
    _published(12)
    search_index.flush()
    facets = {"facet.field": json.dumps(["organization", "tags", "groups", "res_format"])}
    small = _queries(client, "package_search", rows=2, **facets)
    large = _queries(client, "package_search", rows=12, **facets)
    assert small == large
    listed_small = _queries(client, "current_package_list_with_resources", limit=2)
    listed_large = _queries(client, "current_package_list_with_resources", limit=12)
    assert listed_small == listed_large


def test_search_queries_are_bounded(client, django_assert_num_queries, search_index):
    _published(3)
    search_index.flush()
    expected = _queries(client, "package_search", rows=10)
    _published(3)
    search_index.flush()
    with django_assert_num_queries(expected):
        ok(client, "package_search", rows=100)


def test_dataset_scheduled_to_expire_disappears(client, catalogue):
    dataset = catalogue["public"][2]
    Dataset.objects.filter(pk=dataset.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert call(client, "package_show", id=dataset.name)[0] == 404
    assert dataset.name not in ok(client, "package_list")


def test_a_search_too_long_for_the_search_service_is_a_search_query_error(client):
    response = client.get("/api/3/action/package_search", {"q": "dữ liệu " * 70})
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["error"]["__type"] == "Search Query Error"
    assert "too long" in body["error"]["message"]


def test_a_start_past_the_deepest_page_is_a_search_query_error_unless_nothing_is_there(
    client, search_index, monkeypatch
):
    # The service pages down to search.query.MAX_OFFSET (10,000); three documents show
    # the rule once the bound is lowered to 1.
    monkeypatch.setattr(catalogue_module, "MAX_OFFSET", 1)
    search_index.index(
        Document(type="dataset", id=str(n), locale="vi", title="Bộ dữ liệu") for n in range(3)
    )
    assert ok(client, "package_search", start=1)["count"] == 3
    assert ok(client, "package_search", start=3)["results"] == []
    response = client.get("/api/3/action/package_search", {"start": 2})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["__type"] == "Search Query Error" and "start can be at most 1" in error["message"]
