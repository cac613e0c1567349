"""Downloads of resources' files through their stable URLs, as clients see them over HTTP."""

import datetime
import hashlib
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.http import FileResponse
from django.utils import timezone

from opendata.downloads import (
    BLOCK_SIZE,
    ByteRange,
    Unsatisfiable,
    _create_first_of_day,
    content_disposition,
    parse_range,
    record_download,
)
from opendata.models import DataFile, DownloadCount
from tests.factories import DataFileFactory, DatasetFactory, ResourceFactory

pytestmark = pytest.mark.django_db

# 1000 bytes that differ at every position, so that a wrong offset shows.
DATA = bytes(range(256)) * 3 + bytes(range(232))
VIETNAMESE_NAME = "Số liệu hồ sơ trực tuyến 2024.csv"


@pytest.fixture
def resource():
    dataset = DatasetFactory(resources=0)
    data_file = DataFileFactory(data=DATA, original_name="bang.csv")
    resource = ResourceFactory(dataset=dataset, data_file=data_file)
    dataset.save_revision().publish()
    resource.refresh_from_db()
    return resource


def url_of(resource) -> str:
    return resource.get_download_url()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def counted(resource) -> int:
    return sum(DownloadCount.objects.filter(resource=resource).values_list("count", flat=True))


# --- whole files ------------------------------------------------------------------------


def test_whole_file_is_streamed_with_its_headers(client, resource):
    response = client.get(url_of(resource))

    assert response.status_code == 200
    # Streamed from the file handle, never built in memory.
    assert isinstance(response, FileResponse)
    assert response.streaming
    assert body(response) == DATA
    assert response["Content-Length"] == str(len(DATA))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{hashlib.sha256(DATA).hexdigest()}"'
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Content-Disposition"] == 'attachment; filename="bang.csv"'


def test_a_large_file_goes_out_in_bounded_blocks(client):
    # Never read whole: the body arrives as many reads of at most BLOCK_SIZE bytes.
    data = hashlib.sha256(b"seed").digest() * (3 * BLOCK_SIZE // 32 + 7)
    dataset = DatasetFactory(resources=0)
    ResourceFactory(dataset=dataset, data_file=DataFileFactory(data=data, original_name="a.zip"))
    dataset.save_revision().publish()

    response = client.get(dataset.resources.get().get_download_url())
    chunks = list(response.streaming_content)

    assert len(chunks) == 4
    assert max(len(chunk) for chunk in chunks) == BLOCK_SIZE
    assert b"".join(chunks) == data


def test_download_url_has_the_documented_shape(resource):
    assert url_of(resource) == (
        f"/dataset/{resource.dataset.name}/resource/{resource.uuid}/download/bang.csv"
    )


def test_vietnamese_file_name_has_an_ascii_fallback_and_the_utf8_name(client):
    dataset = DatasetFactory(resources=0)
    data_file = DataFileFactory(original_name=VIETNAMESE_NAME)
    resource = ResourceFactory(dataset=dataset, data_file=data_file)
    dataset.save_revision().publish()

    response = client.get(resource.get_download_url())

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="So lieu ho so truc tuyen 2024.csv"; '
        "filename*=UTF-8''S%E1%BB%91%20li%E1%BB%87u%20h%E1%BB%93%20s%C6%A1%20"
        "tr%E1%BB%B1c%20tuy%E1%BA%BFn%202024.csv"
    )
    # What a client decodes from it is the name the editor uploaded.
    encoded = response["Content-Disposition"].split("filename*=UTF-8''")[1]
    assert urllib.request.unquote(encoded) == VIETNAMESE_NAME


def test_content_disposition_escapes_quotes_and_backslashes():
    header = content_disposition('bảng "đặc biệt"\\.csv')
    assert header.startswith("attachment; filename=\"bang _dac biet__.csv\"; filename*=UTF-8''")
    assert header.endswith(quote('bảng "đặc biệt"\\.csv', safe=""))


def test_head_gives_the_headers_of_get_without_body_or_count(client, resource):
    response = client.head(url_of(resource))

    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(DATA))
    assert response["ETag"] == f'"{resource.data_file.sha256}"'
    assert response["Accept-Ranges"] == "bytes"
    assert "attachment" in response["Content-Disposition"]
    assert counted(resource) == 0


def test_other_methods_get_a_json_405(client, resource):
    response = client.post(url_of(resource))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]["status"] == 405


# --- ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-199", 100, 199),
        ("bytes=900-", 900, 999),
        ("bytes=-10", 990, 999),
        ("bytes=990-5000", 990, 999),  # an end past the file is clamped
        ("bytes=-5000", 0, 999),  # a suffix longer than the file is the whole file
        ("bytes=999-999", 999, 999),
    ],
)
def test_single_range_gives_206_with_exactly_those_bytes(client, resource, header, start, end):
    response = client.get(url_of(resource), headers={"Range": header})

    assert response.status_code == 206
    assert body(response) == DATA[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(DATA)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["ETag"] == f'"{resource.data_file.sha256}"'


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_range_outside_the_file_gives_416_with_the_size(client, resource, header):
    response = client.get(url_of(resource), headers={"Range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(DATA)}"
    assert "1000 bytes" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-9,20-29",  # several ranges: the whole file, by choice
        "items=0-9",  # another unit
        "bytes=abc",  # malformed
        "bytes=20-10",  # last before first
        "bytes=-",
    ],
)
def test_ranges_a_server_may_ignore_give_the_whole_file(client, resource, header):
    response = client.get(url_of(resource), headers={"Range": header})

    assert response.status_code == 200
    assert body(response) == DATA


def test_if_range_with_the_current_etag_honours_the_range(client, resource):
    etag = f'"{resource.data_file.sha256}"'
    response = client.get(url_of(resource), headers={"Range": "bytes=10-19", "If-Range": etag})

    assert response.status_code == 206
    assert body(response) == DATA[10:20]


@pytest.mark.parametrize("if_range", ['"an-older-file"', "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_if_range_with_another_validator_gives_the_whole_file(client, resource, if_range):
    response = client.get(url_of(resource), headers={"Range": "bytes=10-19", "If-Range": if_range})

    assert response.status_code == 200
    assert body(response) == DATA


def test_head_with_a_range_describes_the_part(client, resource):
    response = client.head(url_of(resource), headers={"Range": "bytes=-10"})

    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 990-999/1000"
    assert response["Content-Length"] == "10"


def test_parse_range_on_an_empty_file():
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-1", 0)
    assert parse_range("bytes=0-0", 1) == ByteRange(0, 0)


# --- conditional requests ----------------------------------------------------------------


@pytest.mark.parametrize("header", ['"{sha}"', 'W/"{sha}"', '"other", "{sha}"', "*"])
def test_if_none_match_with_the_etag_gives_304_without_body(client, resource, header):
    sha = resource.data_file.sha256
    response = client.get(url_of(resource), headers={"If-None-Match": header.format(sha=sha)})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == f'"{sha}"'
    assert counted(resource) == 0


def test_if_none_match_with_another_etag_gives_the_file(client, resource):
    response = client.get(url_of(resource), headers={"If-None-Match": '"an-older-file"'})

    assert response.status_code == 200
    assert body(response) == DATA


def test_a_replaced_file_has_a_new_etag(client, resource):
    before = client.get(url_of(resource))["ETag"]
    resource.data_file = DataFileFactory(data=b"nam,so\n2025,1\n", original_name="bang.csv")
    resource.save()

    after = client.get(url_of(resource))

    assert after["ETag"] != before
    assert body(after) == b"nam,so\n2025,1\n"


# --- counts -----------------------------------------------------------------------------


def test_whole_downloads_are_counted_per_resource_per_day(client, resource):
    for _ in range(3):
        body(client.get(url_of(resource)))
    body(client.get(url_of(resource), headers={"Range": "bytes=0-9"}))
    client.head(url_of(resource))
    client.get(url_of(resource), headers={"If-None-Match": f'"{resource.data_file.sha256}"'})

    rows = DownloadCount.objects.filter(resource=resource)
    assert [(row.day, row.count) for row in rows] == [(timezone.localdate(), 3)]


def test_counts_of_different_days_and_resources_are_separate(resource):
    other = ResourceFactory(dataset=resource.dataset)
    day = datetime.date(2025, 7, 1)
    record_download(resource, day)
    record_download(resource, day)
    record_download(resource, day + datetime.timedelta(days=1))
    record_download(other, day)

    assert sorted(DownloadCount.objects.values_list("resource_id", "day", "count")) == sorted(
        [
            (resource.pk, day, 2),
            (resource.pk, day + datetime.timedelta(days=1), 1),
            (other.pk, day, 1),
        ]
    )


def test_losing_the_race_to_create_the_days_row_still_counts(resource):
    # Two first downloads of the day: both UPDATEs found no row, the other request INSERTed
    # first; ours hits the unique constraint and must add to that row instead.
    day = datetime.date(2025, 7, 1)
    DownloadCount.objects.create(resource=resource, day=day, count=1)

    _create_first_of_day(resource, day)

    assert DownloadCount.objects.get(resource=resource, day=day).count == 2


def test_counts_store_nothing_about_the_client():
    fields = {field.name for field in DownloadCount._meta.get_fields()}
    assert fields == {"id", "resource", "day", "count"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_over_real_http_a_download_and_a_resumed_one_give_the_file(live_server, resource):
    url = live_server.url + url_of(resource)

    with urllib.request.urlopen(url, timeout=30) as reply:
        assert reply.status == 200
        first = reply.read(300)  # an interrupted download ...
    resumed = urllib.request.Request(
        url, headers={"Range": "bytes=300-", "If-Range": f'"{resource.data_file.sha256}"'}
    )
    with urllib.request.urlopen(resumed, timeout=30) as reply:
        assert reply.status == 206
        rest = reply.read()  # ... resumed where it stopped

    assert first + rest == DATA
    assert counted(resource) == 1


# --- what is not public -----------------------------------------------------------------


def test_draft_dataset_files_are_404(client):
    dataset = DatasetFactory(publish=False)
    resource = dataset.resources.get()

    response = client.get(resource.get_download_url())

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_private_dataset_files_are_404(client, resource):
    dataset = resource.dataset
    dataset.is_private = True
    dataset.save()

    assert client.get(url_of(resource)).status_code == 404
    assert client.head(url_of(resource)).status_code == 404


def test_withdrawn_dataset_files_are_404(client, resource):
    url = url_of(resource)
    resource.dataset.unpublish()

    assert client.get(url).status_code == 404


def test_expired_dataset_files_are_404(client, resource):
    dataset = resource.dataset
    dataset.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    dataset.save()

    assert client.get(url_of(resource)).status_code == 404


@pytest.mark.parametrize("status", [DataFile.Status.PENDING, DataFile.Status.REJECTED])
def test_files_not_accepted_by_ingestion_are_404(client, resource, status):
    DataFile.objects.filter(pk=resource.data_file_id).update(status=status)

    assert client.get(url_of(resource)).status_code == 404


def test_missing_file_on_disk_is_404_not_500(client, resource):
    resource.data_file.file.delete(save=False)

    assert client.get(url_of(resource)).status_code == 404


@pytest.mark.parametrize("resource_part", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_or_malformed_resource_ids_are_json_404(client, resource, resource_part):
    url = f"/dataset/{resource.dataset.name}/resource/{resource_part}/download/bang.csv"
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_link_resources_have_no_download_here(client, resource):
    link = ResourceFactory(
        dataset=resource.dataset, data_file=None, url="https://example.org/a.csv"
    )
    url = f"/dataset/{resource.dataset.name}/resource/{link.uuid}/download/a.csv"

    assert link.get_download_url() == "https://example.org/a.csv"
    assert client.get(url).status_code == 404


# --- the cosmetic parts of the URL -------------------------------------------------------


@pytest.mark.parametrize(
    "wrong",
    [
        "/dataset/{other}/resource/{id}/download/{file}",
        "/dataset/{name}/resource/{id}/download/x.csv",
    ],
)
def test_wrong_dataset_or_file_name_redirects_to_the_canonical_url(client, resource, wrong):
    url = wrong.format(
        other="ten-cu", name=resource.dataset.name, id=resource.uuid, file="bang.csv"
    )
    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == url_of(resource)
    assert counted(resource) == 0


def test_a_renamed_dataset_keeps_its_old_links_working(client, resource):
    old = url_of(resource)
    dataset = resource.dataset
    dataset.name = "ten-moi"
    dataset.save()

    response = client.get(old, follow=True)

    assert response.redirect_chain == [(url_of(resource), 301)]
    assert body(response) == DATA


# --- the benchmark still runs -------------------------------------------------------------


def test_download_benchmark_prints_its_table():
    # The figures are not checked (they belong to bench/); that it runs end to end is.
    pytest.importorskip("gunicorn", reason="gunicorn is not installed (pip install -e '.[bench]')")
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, str(root / "bench" / "download.py"), "--mb", "4", "--rounds", "1"]
    run = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "throughput minhbach/http.server = " in run.stdout
    assert "gunicorn worker RSS: " in run.stdout
    assert "sha256 of a download matches the database: yes" in run.stdout
    assert "ranges (206) hold the file's bytes: yes" in run.stdout
