"""The dataset -> CKAN package mapping and the checks made before anything is sent."""

import datetime

import pytest

from opendata.ckan_publish import mapping
from opendata.ckan_publish.config import Target
from opendata.models import DataFile, Licence, Province, Resource
from tests.factories import DataFileFactory, DatasetFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TARGET = Target(name="default", url="http://ckan.invalid", token="")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = "https://dulieu.example.gov.vn"


def fields_of(found):
    return {problem.field for problem in found}


def test_package_dict_maps_every_field():
    theme = ThemeFactory(slug="chinh-phu-so")
    dataset = DatasetFactory(
        name="so-lieu-dvc",
        title="Số liệu dịch vụ công ",
        maintainer="Cục Chuyển đổi số",
        maintainer_email="cds@example.gov.vn",
        version="2.0",
        temporal_start=datetime.date(2020, 1, 1),
        temporal_end=datetime.date(2024, 12, 31),
        publisher__code="BO.TTTT",
    )
    dataset.themes.add(theme)
    dataset.tags.add("dịch vụ công", "chuyển đổi số")
    dataset.provinces.add(Province.objects.get(code="01"))
    dataset.save()

    package = mapping.package_dict(dataset, TARGET)

    assert package["name"] == "so-lieu-dvc"
    assert package["title"] == "Số liệu dịch vụ công"
    assert package["license_id"] == "cc-by"
    assert package["owner_org"] == "bo-tttt"
    assert package["url"] == "https://dulieu.example.gov.vn/dataset/so-lieu-dvc/"
    assert package["tags"] == [{"name": "chuyển đổi số"}, {"name": "dịch vụ công"}]
    assert package["groups"] == [{"name": "chinh-phu-so"}]
    assert package["private"] is False
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["temporal_start"] == "2020-01-01"
    assert extras["temporal_end"] == "2024-12-31"
    assert extras["frequency"] == "ANNUAL"
    assert extras["identifier"] == package["url"]
    assert extras["spatial_text"] == Province.objects.get(code="01").name
    assert extras["minhbach_id"] == str(dataset.uuid)
    assert mapping.problems(dataset, TARGET) == []


def test_organization_from_the_targets_mapping():
    dataset = DatasetFactory(publisher__code="UBND-HN")
    target = Target(name="t", url="http://x.invalid", token="", organizations={"UBND-HN": "ha-noi"})
    assert mapping.package_dict(dataset, target)["owner_org"] == "ha-noi"


def test_small_files_are_uploaded_large_ones_linked(settings):
    dataset = DatasetFactory(resources=0)
    ResourceFactory(dataset=dataset, sort_order=0)
    big = ResourceFactory(
        dataset=dataset, sort_order=1, data_file=DataFileFactory(data=b"x" * 2000)
    )
    link = ResourceFactory(
        dataset=dataset, sort_order=2, data_file=None, url="https://example.gov.vn/a.pdf"
    )
    ResourceFactory(dataset=dataset, sort_order=3, data_file__status=DataFile.Status.PENDING)
    settings.CKAN_MAX_UPLOAD_MB = 1000 / 1024 / 1024

    plans = mapping.resource_plans(dataset)

    assert len(plans) == 3  # the file still being checked is not sent
    small, large, external = plans
    assert small.upload is not None and small.upload.read_bytes().startswith("năm".encode())
    assert small.fields["hash"] == small.sha256 and len(small.sha256) == 64
    assert "url" not in small.fields
    assert large.upload is None
    assert large.fields["url"].startswith("https://dulieu.example.gov.vn/dataset/")
    assert large.fields["size"] == 2000
    assert external.fields == {
        "minhbach_id": str(link.uuid),
        "name": link.name,
        "description": "",
        "format": "PDF",
        "url": "https://example.gov.vn/a.pdf",
    }
    assert big.uuid and Resource.objects.filter(dataset=dataset).count() == 4


def test_content_hash_changes_with_content_only():
    dataset = DatasetFactory()
    first = mapping.content_hash(
        mapping.package_dict(dataset, TARGET), mapping.resource_plans(dataset)
    )
    again = mapping.content_hash(
        mapping.package_dict(dataset, TARGET), mapping.resource_plans(dataset)
    )
    dataset.title = "Tiêu đề mới"
    changed = mapping.content_hash(
        mapping.package_dict(dataset, TARGET), mapping.resource_plans(dataset)
    )
    assert first == again != changed


@pytest.mark.parametrize(
    ("tag", "reason"),
    # (taggit stores at most 100 characters: CKAN's upper bound cannot be reached.)
    [("a", "từ 2 đến 100 ký tự"), ("a/b", "chỉ được chứa")],
)
def test_bad_tags_are_reported(tag, reason):
    dataset = DatasetFactory()
    dataset.tags.add(tag)
    dataset.save()
    found = mapping.problems(dataset, TARGET)
    assert fields_of(found) == {"tags"}
    assert reason in found[0].message


def test_vietnamese_tags_with_spaces_dots_are_fine():
    dataset = DatasetFactory()
    dataset.tags.add("Dịch vụ công v1.0", "đô_thị-số")
    dataset.save()
    assert mapping.problems(dataset, TARGET) == []


def test_unknown_licence_reserved_name_bad_email_bad_org_and_base_url(settings):
    Licence.objects.create(id="X-1", name="Giấy phép X", ckan_id="x-licence")
    dataset = DatasetFactory(name="new", licence_id="X-1", publisher__code="A")
    # Older rows (imports, the API) may hold what the admin form would refuse.
    dataset.maintainer_email = "not-an-email"
    settings.BASE_URL = "dulieu.example.gov.vn"
    found = {p.field: p.message for p in mapping.problems(dataset, TARGET)}
    assert set(found) == {"name", "license_id", "maintainer_email", "owner_org", "url"}
    assert "x-licence" in found["license_id"]
    assert "new" in found["name"]
    # Django takes an internationalised domain; CKAN's pattern does not.
    dataset.maintainer_email = "cds@bộ.vn"
    assert "maintainer_email" in fields_of(mapping.problems(dataset, TARGET))
    # A licence the target lists (read from its license_list) is accepted.
    found = mapping.problems(dataset, TARGET, licence_ids=frozenset({"x-licence"}))
    assert "license_id" not in fields_of(found)


def test_link_resource_that_is_not_a_web_address():
    dataset = DatasetFactory(resources=0)
    ResourceFactory(dataset=dataset, data_file=None, url="ftp://example.gov.vn/a.csv")
    assert fields_of(mapping.problems(dataset, TARGET)) == {"resources[0].url"}


def test_comparable_reads_ckans_answer_like_what_we_send():
    dataset = DatasetFactory()
    package = mapping.package_dict(dataset, TARGET)
    plans = mapping.resource_plans(dataset)
    # What package_show answers: ids, extra keys, the organization object, upload URLs.
    answer = {
        **package,
        "id": "abc",
        "owner_org": "6f0c...",
        "organization": {"name": package["owner_org"]},
        "tags": [
            {"name": t["name"], "id": "t", "display_name": t["name"]} for t in package["tags"]
        ],
        "resources": [
            {
                **plan.fields,
                "id": "r1",
                "url": "http://ckan/dataset/abc/resource/r1/download/so-lieu.csv",
                "url_type": "upload",
                "size": plan.fields["size"],
                "format": plan.fields["format"].lower(),
            }
            for plan in plans
        ],
    }
    assert mapping.comparable(answer) == mapping.desired_comparable(package, plans)
    answer["notes"] = "sửa tay trên CKAN"
    assert mapping.comparable(answer) != mapping.desired_comparable(package, plans)
