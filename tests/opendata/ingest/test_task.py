"""The ingestion task on stored files: what it records, what it deletes, when it runs."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import translation

from opendata.ingest.tasks import enqueue_ingestion, ingest_data_file
from opendata.models import DataFile
from opendata.selectors import public_resources
from tests.factories import DatasetFactory, ResourceFactory
from tests.fixtures.opendata import samples


@pytest.fixture(autouse=True)
def _english():
    # Messages are checked by their English source text; the admin shows them translated
    # (tests/opendata/test_admin_upload.py checks the Vietnamese ones).
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def stored(data: bytes, name: str) -> DataFile:
    """A pending DataFile as an upload leaves it."""
    data_file = DataFile(original_name=name)
    data_file.file.save(name, ContentFile(data), save=False)
    data_file.save()
    return data_file


def files_under_opendata_root() -> list[Path]:
    return [path for path in Path(settings.OPENDATA_ROOT).rglob("*") if path.is_file()]


def test_a_csv_is_ingested_and_kept():
    data = samples.csv_cp1258()
    data_file = stored(data, "hồ sơ.csv")

    result = ingest_data_file.enqueue(data_file.pk)

    assert result.return_value == "ready"
    data_file.refresh_from_db()
    assert data_file.status == DataFile.Status.READY
    assert data_file.error == ""
    assert data_file.size == len(data)
    assert data_file.sha256 == hashlib.sha256(data).hexdigest()
    assert (data_file.format, data_file.media_type) == ("CSV", "text/csv")
    assert (data_file.encoding, data_file.delimiter) == ("cp1258", ",")
    assert data_file.row_count == 3
    assert data_file.preview["rows"][0][1] == "Hà Nội"
    assert data_file.inferred_schema["fields"][2] == {
        "name": "số hồ sơ trực tuyến",
        "type": "integer",
    }
    assert data_file.ingested_at is not None
    with data_file.file.open("rb") as handle:
        assert handle.read() == data


def test_a_rejected_file_is_deleted_and_its_reason_kept():
    data_file = stored(samples.png_image(), "so-lieu.csv")
    assert len(files_under_opendata_root()) == 1

    assert ingest_data_file.enqueue(data_file.pk).return_value == "rejected"

    data_file.refresh_from_db()
    assert data_file.status == DataFile.Status.REJECTED
    assert "contains PNG image" in data_file.error
    assert data_file.size == len(samples.png_image())
    assert not data_file.file
    assert data_file.ingested_at is not None
    assert files_under_opendata_root() == []


def test_a_bomb_found_only_by_the_task_is_deleted_too():
    # Stored by a path that skipped the form's quick checks (a script, an import).
    data_file = stored(samples.zip_bomb(), "goi.zip")

    ingest_data_file.enqueue(data_file.pk)

    data_file.refresh_from_db()
    assert data_file.status == DataFile.Status.REJECTED
    assert "archive bomb" in data_file.error
    assert files_under_opendata_root() == []


def test_a_file_missing_from_storage_is_rejected_with_a_general_message():
    data_file = stored(samples.csv_utf8(), "so-lieu.csv")
    data_file.file.storage.delete(data_file.file.name)

    ingest_data_file.enqueue(data_file.pk)

    data_file.refresh_from_db()
    assert data_file.status == DataFile.Status.REJECTED
    assert "could not be read" in data_file.error


def test_a_file_already_ingested_is_left_alone():
    data_file = stored(samples.csv_utf8(), "so-lieu.csv")
    ingest_data_file.enqueue(data_file.pk)
    data_file.refresh_from_db()
    ingested_at = data_file.ingested_at

    assert ingest_data_file.enqueue(data_file.pk).return_value == "skipped"
    data_file.refresh_from_db()
    assert data_file.ingested_at == ingested_at


def test_ingestion_waits_for_the_upload_to_commit(django_capture_on_commit_callbacks):
    data_file = stored(samples.csv_utf8(), "so-lieu.csv")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_ingestion(data_file.pk)
    data_file.refresh_from_db()
    assert data_file.status == DataFile.Status.PENDING
    assert len(callbacks) == 1

    callbacks[0]()
    data_file.refresh_from_db()
    assert data_file.status == DataFile.Status.READY


def test_only_ready_files_are_public():
    dataset = DatasetFactory(resources=0)
    ready = stored(samples.csv_utf8(), "so-lieu.csv")
    refused = stored(samples.png_image(), "so-lieu.csv")
    pending = stored(samples.csv_utf8(), "cho.csv")
    for data_file in (ready, refused):
        ingest_data_file.enqueue(data_file.pk)
    resources = [ResourceFactory(dataset=dataset, data_file=f) for f in (ready, refused, pending)]

    visible = set(public_resources().filter(dataset=dataset))

    assert visible == {resources[0]}
