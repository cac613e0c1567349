"""The demo catalogue: enough public datasets, real files that passed ingestion."""

import hashlib
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

from cms.models import ProcedurePage
from cms.selectors import visible
from opendata.models import DataFile, Dataset
from opendata.selectors import public_datasets, public_resources

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_files(demo_content):
    with override_settings(OPENDATA_ROOT=str(demo_content.media / "opendata")):
        yield demo_content


def test_at_least_twelve_public_datasets_in_every_state(demo_files):
    assert public_datasets().count() >= 12
    assert Dataset.objects.filter(live=False).exists()  # a draft under review
    assert Dataset.objects.filter(live=True, is_private=True).exists()
    assert public_datasets().values("publisher").distinct().count() >= 3
    assert public_datasets().values("licence").distinct().count() >= 3


def test_every_file_passed_ingestion_with_the_checksum_of_its_bytes(demo_files):
    files = DataFile.objects.filter(resources__dataset__in=public_datasets()).distinct()
    assert files.count() >= 12
    formats = set()
    for data_file in files:
        assert data_file.status == DataFile.Status.READY, (data_file, data_file.error)
        data = data_file.file.open("rb").read()
        assert data_file.size == len(data)
        assert data_file.sha256 == hashlib.sha256(data).hexdigest()
        formats.add(data_file.format)
        if data_file.format in {"CSV", "XLSX"}:
            assert data_file.inferred_schema["fields"]
            assert data_file.preview["rows"]
            assert data_file.row_count >= 1
    assert {"CSV", "XLSX", "JSON", "GeoJSON"} <= formats


def test_tabular_figures_are_read_as_numbers(demo_files):
    egdi = Dataset.objects.get(name="chi-so-phat-trien-chinh-phu-dien-tu-egdi")
    for resource in egdi.resources.exclude(data_file=None):
        types = {f["name"]: f["type"] for f in resource.get_data_dictionary()}
        assert types["thu_hang"] == "integer"
        assert types["chi_so_egdi"] == "number"
        assert resource.data_file.row_count == 9


def test_the_procedure_register_lists_the_published_procedures(demo_files):
    register = public_datasets().get(name=settings.OPENDATA_PROCEDURE_REGISTER)
    csv_file = register.resources.get(data_file__format="CSV").data_file
    assert csv_file.row_count == visible(ProcedurePage.objects.all()).count()
    assert public_resources().filter(dataset=register).count() == 2


def test_a_second_run_creates_no_dataset(demo_files):
    before = (Dataset.objects.count(), DataFile.objects.count())
    call_command("load_demo_content", stdout=io.StringIO())
    assert (Dataset.objects.count(), DataFile.objects.count()) == before
