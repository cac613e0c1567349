"""The register of published procedures is an open dataset that follows the procedures."""

import csv
import hashlib
import io
import json

import pytest
from django.conf import settings

from opendata.models import Dataset
from opendata.procedure_register import refresh_procedure_register
from opendata.selectors import public_resources
from tests.factories import ProcedurePageFactory

pytestmark = pytest.mark.django_db


def register() -> Dataset:
    return Dataset.objects.get(name=settings.OPENDATA_PROCEDURE_REGISTER)


def files(dataset: Dataset) -> dict[str, bytes]:
    return {
        resource.data_file.original_name: resource.data_file.file.open("rb").read()
        for resource in dataset.resources.select_related("data_file")
    }


def codes_in_csv(content: bytes) -> list[str]:
    return [row["code"] for row in csv.DictReader(io.StringIO(content.decode()))]


@pytest.fixture
def publish(site, django_capture_on_commit_callbacks):
    """Publish a procedure and run what its commit triggers, as a real request would."""

    def publish(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return ProcedurePageFactory(parent=site["vi"].procedure_index, **kwargs)

    return publish


def test_publishing_a_procedure_creates_and_fills_the_register(publish):
    page = publish(code="1.000001", title="Đăng ký khai sinh")
    dataset = register()
    assert dataset.live and not dataset.is_private
    content = files(dataset)
    assert codes_in_csv(content["thu-tuc-hanh-chinh.csv"]) == ["1.000001"]
    document = json.loads(content["thu-tuc-hanh-chinh.json"])
    assert document["count"] == 1
    assert document["procedures"][0]["name"] == "Đăng ký khai sinh"
    assert document["procedures"][0]["url"] == page.get_full_url()
    # Both files passed ingestion and are downloadable, with the checksum of their bytes.
    resources = public_resources().filter(dataset=dataset).select_related("data_file")
    assert resources.count() == 2
    for resource in resources:
        data = content[resource.data_file.original_name]
        assert resource.data_file.sha256 == hashlib.sha256(data).hexdigest()
    csv_file = next(r.data_file for r in resources if r.data_file.format == "CSV")
    names = [field["name"] for field in csv_file.inferred_schema["fields"]]
    assert names[:3] == ["code", "name", "locale"]


def test_withdrawing_a_procedure_removes_it_and_keeps_the_urls(
    publish, django_capture_on_commit_callbacks
):
    kept = publish(code="1.000001")
    withdrawn = publish(code="1.000002")
    dataset = register()
    urls_before = {r.uuid for r in dataset.resources.all()}
    assert codes_in_csv(files(dataset)["thu-tuc-hanh-chinh.csv"]) == ["1.000001", "1.000002"]
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()
    content = files(register())
    assert codes_in_csv(content["thu-tuc-hanh-chinh.csv"]) == [kept.code]
    assert {r.uuid for r in register().resources.all()} == urls_before


def test_drafts_are_not_in_the_register(publish):
    publish(code="1.000001")
    publish(code="1.000002", publish=False)
    assert codes_in_csv(files(register())["thu-tuc-hanh-chinh.csv"]) == ["1.000001"]


def test_a_rebuild_with_nothing_changed_writes_nothing(publish):
    publish(code="1.000001")
    before = {r.data_file.pk: r.data_file.file.name for r in register().resources.all()}
    refresh_procedure_register()
    after = {r.data_file.pk: r.data_file.file.name for r in register().resources.all()}
    assert after == before


def test_deleting_a_procedure_removes_it(publish, django_capture_on_commit_callbacks):
    page = publish(code="1.000001")
    publish(code="1.000002")
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert codes_in_csv(files(register())["thu-tuc-hanh-chinh.csv"]) == ["1.000002"]


def agency_names(dataset: Dataset) -> set[str]:
    content = files(dataset)["thu-tuc-hanh-chinh.csv"].decode()
    return {row["agency_name"] for row in csv.DictReader(io.StringIO(content))}


def test_renaming_an_agency_rewrites_the_register(publish, django_capture_on_commit_callbacks):
    page = publish(code="1.000001")
    agency = page.agency
    with django_capture_on_commit_callbacks(execute=True):
        agency.name = "Sở Tư pháp tỉnh Đồng Nai"
        agency.save()
    assert agency_names(register()) == {"Sở Tư pháp tỉnh Đồng Nai"}


def test_many_changes_in_one_transaction_rebuild_the_register_once(
    site, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level("INFO", logger="opendata.procedure_register")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            ProcedurePageFactory(parent=site["vi"].procedure_index)
    rebuilds = [r for r in caplog.records if "procedure register rebuilt" in r.getMessage()]
    assert len(callbacks) >= 3  # one hook per published page, yet:
    assert len(rebuilds) == 1
    assert len(codes_in_csv(files(register())["thu-tuc-hanh-chinh.csv"])) == 3
