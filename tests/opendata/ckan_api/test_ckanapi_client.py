"""The real CKAN client against a live server: ckanapi's RemoteCKAN and its `dump` command.

These are the tools researchers and harvesters already use with CKAN sites; if they work
here unchanged, the API is compatible where it matters.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import ckanapi
import pytest
from ckanapi.errors import NotAuthorized, NotFound, SearchError, SearchQueryError, ValidationError

from tests.factories import AgencyFactory, DatasetFactory, ThemeFactory

# Committed data, seen by the server's thread; the migrations' licences are restored after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CKANAPI = Path(sys.executable).parent / "ckanapi"


@pytest.fixture
def published():
    agency = AgencyFactory(code="UBND-DN", name="Ủy ban nhân dân Đà Nẵng")
    theme = ThemeFactory(slug="chuyen-doi-so", name="Chuyển đổi số")
    datasets = []
    for n, title in enumerate(["Hồ sơ trực tuyến", "Đăng ký khai sinh", "Thuế điện tử"]):
        dataset = DatasetFactory(
            publish=False,
            name=f"bo-du-lieu-{n}",
            title=title,
            description="Số liệu thống kê.",
            publisher=agency,
            resources=2 if n == 0 else 1,
        )
        dataset.themes.set([theme])
        dataset.tags.add("chuyển đổi số", f"nhóm {n}")
        dataset.save()
        dataset.save_revision().publish()
        datasets.append(dataset)
    draft = DatasetFactory(publish=False, name="ban-nhap-bi-mat", publisher=agency)
    return {"public": datasets, "draft": draft}


@pytest.fixture
def remote(live_server):
    with ckanapi.RemoteCKAN(live_server.url, user_agent="minhbach-tests") as ckan:
        yield ckan


def test_remote_ckan_searches_and_shows(remote, published):
    # Every dataset's file has a column "số hồ sơ trực tuyến"; the one titled so ranks first.
    result = remote.action.package_search(
        q="ho so truc tuyen", fq="organization:ubnd-dn", rows=1, **{"facet.field": ["tags"]}
    )
    assert result["count"] == 3
    (package,) = result["results"]
    assert package["name"] == "bo-du-lieu-0"
    assert result["facets"]["tags"] == {"chuyển đổi số": 3, "nhóm 0": 1, "nhóm 1": 1, "nhóm 2": 1}
    shown = remote.action.package_show(id=package["id"])
    assert shown == package
    assert len(shown["resources"]) == 2
    by_tag = remote.action.package_search(fq='tags:"chuyển đổi số"', rows=1, sort="name desc")
    assert by_tag["count"] == 3
    assert [p["name"] for p in by_tag["results"]] == ["bo-du-lieu-2"]


def test_remote_ckan_lists_organizations_licences_and_groups(remote, published):
    (organization,) = remote.action.organization_list(all_fields=True)
    assert organization["name"] == "ubnd-dn"
    assert organization["package_count"] == 3
    licences = {item["id"]: item for item in remote.action.license_list()}
    assert licences["CC-BY-4.0"]["od_conformance"] == "approved"
    assert remote.action.group_list() == ["chuyen-doi-so"]
    assert remote.action.status_show()["ckan_version"] == "2.11.0"
    assert remote.action.tag_list(query="chuyen") == ["chuyển đổi số"]


def test_remote_ckan_raises_ckans_exceptions(remote, published):
    with pytest.raises(NotFound):
        remote.action.package_show(id="ban-nhap-bi-mat")
    with pytest.raises(NotFound):
        remote.action.package_show(id=str(published["draft"].uuid))
    with pytest.raises(ValidationError) as error:
        remote.action.package_search(rows=-1)
    assert error.value.error_dict["rows"] == ["Must be a natural number"]
    with pytest.raises(SearchQueryError):
        remote.action.package_search(sort="name sideways")
    with pytest.raises(SearchError):
        remote.action.package_search(fq='tags:"chuyển')
    with pytest.raises(NotAuthorized):
        remote.action.package_create(name="moi", title="Mới")


def test_remote_ckan_by_get_requests(live_server, published):
    with ckanapi.RemoteCKAN(live_server.url, get_only=True) as ckan:
        assert ckan.action.package_list() == ["bo-du-lieu-0", "bo-du-lieu-1", "bo-du-lieu-2"]
        result = ckan.action.package_search(q="khai sinh", rows=5)
        assert [p["name"] for p in result["results"]] == ["bo-du-lieu-1"]


def test_ckanapi_dump_gives_package_show_of_every_public_dataset(
    live_server, remote, published, tmp_path
):
    output = tmp_path / "datasets.jsonl"
    # The dump command starts worker processes by the name "ckanapi": it must be on PATH.
    env = {**os.environ, "PATH": f"{CKANAPI.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(
        [str(CKANAPI), "dump", "datasets", "--all", "-q", "-r", live_server.url, "-O", str(output)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    dumped = [json.loads(line) for line in output.read_text().splitlines()]
    assert [package["name"] for package in dumped] == remote.action.package_list()
    for package in dumped:
        assert package == remote.action.package_show(id=package["name"])
    assert "ban-nhap-bi-mat" not in output.read_text()
