"""`manage.py ckan_import` against minhbach's own CKAN-compatible API (whose search works)."""

import io

import pytest
from django.core.management import CommandError, call_command

from opendata.models import Dataset
from tests.factories import DatasetFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_import_reads_every_page_into_drafts_and_skips_what_is_here(live_server, settings, site):
    settings.BASE_URL = live_server.url
    theme = ThemeFactory()
    sources = [DatasetFactory() for _ in range(5)]
    first = sources[0]
    first.themes.add(theme)
    first.tags.add("dịch vụ công")
    first.version = "2.1"
    ResourceFactory(
        dataset=first, data_file=None, url="https://example.gov.vn/bang.csv", sort_order=1
    )
    first.save_revision().publish()
    DatasetFactory(publish=False)  # a draft: the API does not show it

    output = io.StringIO()
    call_command("ckan_import", live_server.url, "--prefix", "nhap-", "--rows", "2", stdout=output)
    assert "5 drafts created, 0 already here, 0 refused" in output.getvalue()

    imported = Dataset.objects.get(name=f"nhap-{first.name}")
    assert imported.live is False and imported.has_unpublished_changes
    assert imported.title == first.title and imported.description == first.description
    assert imported.publisher == first.publisher
    assert imported.licence_id == "CC-BY-4.0"
    assert imported.version == "2.1"
    assert list(imported.themes.all()) == [theme]
    assert list(imported.tags.names()) == ["dịch vụ công"]
    assert imported.frequency == first.frequency
    resources = list(imported.resources.order_by("sort_order"))
    assert [r.url for r in resources][-1] == "https://example.gov.vn/bang.csv"
    assert resources[0].url.startswith(f"{live_server.url}/dataset/{first.name}/resource/")
    assert imported.revisions.count() == 1

    again = io.StringIO()
    call_command("ckan_import", live_server.url, "--prefix", "nhap-", stdout=again)
    assert "0 drafts created, 5 already here" in again.getvalue()


def test_import_from_something_that_is_not_ckan_is_a_clear_error(live_server):
    with pytest.raises(CommandError, match="package_search"):
        call_command("ckan_import", f"{live_server.url}/khong-co")
    with pytest.raises(CommandError, match="http"):
        call_command("ckan_import", "ftp://example.gov.vn")
