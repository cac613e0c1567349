"""The local CKAN 2.12 that the publisher's tests rely on, and the fault proxy in front of it.

Everything goes through ckanapi, as the publisher will: if these pass, the publisher's
tests face real CKAN validation, authorisation, uploads and real outages.
"""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import requests
from ckanapi import CKANAPIError, NotAuthorized, NotFound, RemoteCKAN, SearchQueryError

from devtools.ckan import local_ckan
from devtools.ckan.local_ckan import (
    CKAN_VERSION,
    CkanServer,
    CkanUnavailable,
    check_services,
    free_port,
    setup,
    status_show,
)
from devtools.ckan.proxy import FaultProxy, action_name, is_write
from tests.ckan.fixtures import ckan_unavailable, unique_name


def _connect_errno(url: str) -> int:
    host, port = url.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return 0
    except OSError as exc:
        return exc.errno or -1


@pytest.fixture
def organization(ckan_server: CkanServer) -> dict:
    return ckan_server.ckan().action.organization_create(
        name=unique_name("org"), title="Sở Thông tin và Truyền thông"
    )


# --- set-up and skips ---------------------------------------------------------------------------


def test_a_missing_service_is_named():
    closed = free_port()  # nothing listens there once the probe socket is closed

    with pytest.raises(CkanUnavailable, match=f"PostgreSQL does not answer on 127.0.0.1:{closed}"):
        check_services(postgresql=("127.0.0.1", closed))
    with pytest.raises(CkanUnavailable, match=f"Redis does not answer on 127.0.0.1:{closed}"):
        check_services(redis=("127.0.0.1", closed))


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_an_unavailable_ckan_skips_except_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)

    with pytest.raises(outcome, match="local CKAN unavailable: Redis does not answer"):
        ckan_unavailable("Redis does not answer on 127.0.0.1:6379")


def test_second_setup_is_cached(ckan_server, monkeypatch, capsys):
    # Cached means no step is redone: no CKAN or pip command runs and nothing is logged.
    def no_command(args, what, **kwargs):
        raise AssertionError(f"a cached set-up ran {what}")

    monkeypatch.setattr(local_ckan, "_run", no_command)
    capsys.readouterr()
    again = setup()

    assert again == ckan_server.install
    assert capsys.readouterr().err == ""


def _local_ckan_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "devtools.ckan.local_ckan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],  # the checkout, where `make ckan` runs it
    )


def test_make_ckan_prints_two_lines_is_idempotent_and_stops(ckan_server):
    port = free_port()
    try:
        first = _local_ckan_command("start", "--port", str(port))
        again = _local_ckan_command("start", "--port", str(port))
    finally:
        stopped = _local_ckan_command("stop", "--port", str(port))

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"CKAN_URL=http://127.0.0.1:{port}",
        f"CKAN_API_TOKEN={ckan_server.sysadmin_token}",
    ]
    assert "CKAN answers at" in first.stderr
    assert again.stdout == first.stdout
    assert "already answers" in again.stderr
    assert stopped.returncode == 0
    assert _connect_errno(f"http://127.0.0.1:{port}") == errno.ECONNREFUSED


# --- CKAN itself -------------------------------------------------------------------------------


def test_status_show_reports_ckan_2_12_with_our_plugin_and_the_harvesters(ckan_server):
    status = ckan_server.ckan(token="").action.status_show()

    assert status["ckan_version"] == CKAN_VERSION
    assert status["extensions"] == [
        "minhbach_noop_search",
        "harvest",
        "ckan_harvester",
        "dcat",
        "dcat_rdf_harvester",
    ]
    assert status["site_url"] == ckan_server.url


def test_sysadmin_publishes_a_dataset_with_an_uploaded_file(ckan_server, organization, tmp_path):
    data = "tỉnh,số hồ sơ\nHà Nội,1200\nĐà Nẵng,310\n".encode() + bytes(range(256)) * 400
    upload = tmp_path / "ho-so-truc-tuyen.csv"
    upload.write_bytes(data)
    ckan = ckan_server.ckan()

    package = ckan.action.package_create(
        name=unique_name("ds"),
        title="Hồ sơ trực tuyến",
        owner_org=organization["id"],
        license_id="cc-by",
        tags=[{"name": "dịch vụ công"}],
    )
    with upload.open("rb") as f:
        resource = ckan.action.resource_create(
            package_id=package["id"], name="Hồ sơ", format="CSV", upload=f
        )

    assert resource["url_type"] == "upload"
    assert resource["size"] == len(data)
    assert resource["url"].startswith(ckan_server.url + "/dataset/")
    assert resource["url"].endswith("/ho-so-truc-tuyen.csv")
    with urllib.request.urlopen(resource["url"], timeout=10) as downloaded:
        assert downloaded.read() == data
    shown = ckan.action.package_show(id=package["name"])
    assert shown["organization"]["name"] == organization["name"]
    assert [r["id"] for r in shown["resources"]] == [resource["id"]]
    assert [t["name"] for t in shown["tags"]] == ["dịch vụ công"]


def test_ckan_validates_like_a_real_catalog(ckan_server, organization):
    from ckanapi import ValidationError

    with pytest.raises(ValidationError) as raised:
        ckan_server.ckan().action.package_create(
            name="Tên Có Dấu", owner_org=organization["id"], license_id="cc-by"
        )

    assert "name" in raised.value.error_dict


def test_user_outside_the_organization_is_not_authorised(ckan_server, organization):
    as_user = ckan_server.ckan(token=ckan_server.user_token)

    with pytest.raises(NotAuthorized):
        as_user.action.package_create(name=unique_name("ds"), owner_org=organization["id"])
    with pytest.raises(NotAuthorized):
        ckan_server.ckan(token="").action.organization_create(name=unique_name("org"))
    with pytest.raises(NotFound):
        as_user.action.package_show(id=unique_name("missing"))


def test_package_search_finds_nothing_but_package_show_finds_the_dataset(ckan_server, organization):
    ckan = ckan_server.ckan()
    package = ckan.action.package_create(name=unique_name("ds"), owner_org=organization["id"])

    found = ckan.action.package_search(q=f"name:{package['name']}", **{"facet.field": '["tags"]'})

    assert found["count"] == 0
    assert found["results"] == []
    assert found["search_facets"] == {"tags": {"title": "tags", "items": []}}
    with pytest.raises(SearchQueryError, match="Invalid search parameters"):
        ckan.action.package_search(facet_field=["tags"])
    assert ckan.action.package_show(id=package["id"])["name"] == package["name"]
    # The organization's dataset count comes from the (empty) index too.
    assert ckan.action.organization_show(id=organization["id"])["package_count"] == 0


def test_stop_refuses_connections_and_start_brings_ckan_back(ckan_server):
    ckan_server.stop()
    try:
        assert _connect_errno(ckan_server.url) == errno.ECONNREFUSED
        with pytest.raises(requests.ConnectionError):
            ckan_server.ckan().action.status_show()
    finally:
        ckan_server.start()

    assert status_show(ckan_server.url)["ckan_version"] == CKAN_VERSION


# --- the fault proxy ---------------------------------------------------------------------------


def test_action_names_and_writes():
    assert action_name("/api/3/action/package_patch?x=1") == "package_patch"
    assert action_name("/api/action/status_show") == "status_show"
    assert (
        action_name("/dataset/x/resource/y/download/a.csv")
        == "/dataset/x/resource/y/download/a.csv"
    )
    assert [is_write(a) for a in ("package_create", "resource_delete", "dataset_purge")] == [
        True,
        True,
        True,
    ]
    assert not any(
        is_write(a)
        for a in ("package_show", "organization_list", "package_search", "status_show", "/x")
    )


def test_proxy_passes_uploads_through_and_counts_actions(ckan_proxy, ckan_server, organization):
    ckan = ckan_server.ckan(url=ckan_proxy.url)
    data = b"x" * (3 * 1024 * 1024 + 17)  # several chunks

    package = ckan.action.package_create(name=unique_name("ds"), owner_org=organization["id"])
    resource = ckan.call_action(
        "resource_create",
        {"package_id": package["id"], "name": "big.bin"},
        files={"upload": ("big.bin", data)},
    )
    ckan.action.package_show(id=package["id"])
    ckan.action.package_patch(id=package["id"], title="Đã sửa")

    assert resource["size"] == len(data)
    assert ckan_proxy.calls == {
        "package_create": 1,
        "resource_create": 1,
        "package_show": 1,
        "package_patch": 1,
    }
    assert ckan_proxy.methods == {"POST": 4}
    assert ckan_proxy.write_calls() == {
        "package_create": 1,
        "resource_create": 1,
        "package_patch": 1,
    }
    assert [c.status for c in ckan_proxy.log] == [200, 200, 200, 200]
    ckan_proxy.reset_counts()
    assert ckan_proxy.calls == {} and ckan_proxy.write_calls() == {} and ckan_proxy.log == []


def test_proxy_passes_a_chunked_body_through(ckan_proxy, ckan_server, organization):
    package = ckan_server.ckan().action.package_create(
        name=unique_name("ds"), owner_org=organization["id"]
    )

    def body():
        yield b'{"id": "'
        yield package["id"].encode()
        yield b'"}'

    response = requests.post(
        f"{ckan_proxy.url}/api/3/action/package_show",
        data=body(),  # a generator: requests sends it with Transfer-Encoding: chunked
        headers={"Content-Type": "application/json"},
        timeout=10,
    )

    assert response.status_code == 200
    assert response.json()["result"]["name"] == package["name"]


def test_proxy_refuses_connections_then_reopens_the_same_port(ckan_proxy, ckan_server):
    ckan = ckan_server.ckan(url=ckan_proxy.url)

    ckan_proxy.refuse()
    assert ckan_proxy.mode == "refuse"
    assert _connect_errno(ckan_proxy.url) == errno.ECONNREFUSED
    with pytest.raises(requests.ConnectionError):
        ckan.action.status_show()

    ckan_proxy.passthrough()
    assert ckan.action.status_show()["ckan_version"] == CKAN_VERSION
    assert ckan_proxy.calls == {"status_show": 1}  # refused connections never arrive


@pytest.mark.parametrize(("status", "retry_after"), [(503, None), (429, 7)])
def test_proxy_answers_errors_with_retry_after(ckan_proxy, ckan_server, status, retry_after):
    ckan = ckan_server.ckan(url=ckan_proxy.url)
    seen: list[requests.Response] = []
    # ckanapi keeps only the status and body in its error; headers need a session hook.
    ckan.session = requests.Session()
    ckan.session.hooks["response"].append(lambda response, **_: seen.append(response))

    if status == 429:
        ckan_proxy.rate_limit(retry_after=retry_after)
    else:
        ckan_proxy.error(status)
    for _ in range(2):
        with pytest.raises(CKANAPIError, match=f", {status}, "):
            ckan.action.package_create(name=unique_name("ds"))

    assert [r.status_code for r in seen] == [status, status]
    assert seen[0].headers.get("Retry-After") == (str(retry_after) if retry_after else None)
    assert ckan_proxy.write_calls() == {"package_create": 2}  # counted, never forwarded
    ckan_proxy.passthrough()
    assert ckan.action.status_show()["ckan_version"] == CKAN_VERSION


def test_proxy_fails_the_next_n_requests_then_passes(ckan_proxy, ckan_server):
    ckan = ckan_server.ckan(url=ckan_proxy.url)

    ckan_proxy.fail_next(2, status=503)
    outcomes = []
    for _ in range(4):
        try:
            ckan.action.status_show()
            outcomes.append("ok")
        except CKANAPIError:
            outcomes.append("failed")

    assert outcomes == ["failed", "failed", "ok", "ok"]
    assert [c.status for c in ckan_proxy.log] == [503, 503, 200, 200]
    assert ckan_proxy.mode == "pass"


def test_proxy_delay_makes_a_short_client_timeout_expire(ckan_proxy, ckan_server):
    ckan = ckan_server.ckan(url=ckan_proxy.url)
    ckan_proxy.delay(1.5, times=1)

    with pytest.raises(requests.Timeout):
        ckan.call_action("status_show", requests_kwargs={"timeout": 0.3})

    assert ckan.call_action("status_show", requests_kwargs={"timeout": 5})["ckan_version"]


def test_proxy_drop_closes_the_connection_without_an_answer(ckan_proxy, ckan_server):
    ckan = ckan_server.ckan(url=ckan_proxy.url)
    ckan_proxy.drop(times=1)

    with pytest.raises(requests.ConnectionError):
        ckan.action.status_show()
    assert ckan.action.status_show()["ckan_version"] == CKAN_VERSION
    assert [c.status for c in ckan_proxy.log] == [None, 200]


def test_proxy_answers_502_when_nothing_listens_upstream():
    with FaultProxy(f"http://127.0.0.1:{free_port()}") as proxy:
        with pytest.raises(CKANAPIError, match=", 502, "):
            RemoteCKAN(proxy.url).action.status_show()
        assert proxy.calls == {"status_show": 1}
        assert [c.status for c in proxy.log] == [502]


def test_proxy_rejects_an_upstream_that_is_not_http():
    with pytest.raises(ValueError, match="http://"):
        FaultProxy("ftp://127.0.0.1:21")
