"""The anonymous response cache forgets datasets as soon as they change.

With the server's response cache on (the local-memory cache of the tests), a repeated
question is answered without the database; publishing, withdrawing, editing or deleting a
dataset, a file passing ingestion, or a change to a theme must show in the next answer.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.models import DataFile
from tests.core.helpers import Api
from tests.factories import DataFileFactory, DatasetFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TITLES = "{ datasets(orderBy: NAME_ASC) { edges { node { title } } } }"


@pytest.fixture(autouse=True)
def cached(settings):
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 300
    # The cache outlives each test's rolled-back database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> Api:
    return Api()


def titles(api) -> list[str]:
    response = api.post(TITLES)
    assert response.status_code == 200, response.content
    return [edge["node"]["title"] for edge in response.json()["data"]["datasets"]["edges"]]


def test_a_repeated_question_is_answered_from_the_cache(api):
    DatasetFactory(title="Bộ một")
    first = api.post(TITLES)
    with CaptureQueriesContext(connection) as queries:
        second = api.post(TITLES)
    assert len(queries) == 0
    assert second.content == first.content


def test_publishing_invalidates(api):
    DatasetFactory(name="bo-a", title="Bộ một")
    assert titles(api) == ["Bộ một"]
    draft = DatasetFactory(name="bo-b", title="Bộ hai", publish=False)
    assert titles(api) == ["Bộ một"]
    draft.save_revision().publish()
    assert titles(api) == ["Bộ một", "Bộ hai"]


def test_withdrawing_invalidates(api):
    dataset = DatasetFactory(title="Bộ một")
    assert titles(api) == ["Bộ một"]
    dataset.unpublish()
    assert titles(api) == []


def test_publishing_an_edit_invalidates(api):
    dataset = DatasetFactory(title="Tên cũ")
    assert titles(api) == ["Tên cũ"]
    dataset.title = "Tên mới"
    dataset.save_revision().publish()
    assert titles(api) == ["Tên mới"]


def test_making_a_dataset_private_invalidates(api):
    dataset = DatasetFactory(title="Bộ một")
    assert titles(api) == ["Bộ một"]
    dataset.is_private = True
    dataset.save_revision().publish()
    assert titles(api) == []


def test_deleting_invalidates(api):
    dataset = DatasetFactory(title="Bộ một")
    assert titles(api) == ["Bộ một"]
    dataset.delete()
    assert titles(api) == []


def test_a_file_passing_ingestion_invalidates(api):
    dataset = DatasetFactory(name="mot", resources=0, publish=False)
    pending = DataFileFactory(status=DataFile.Status.PENDING)
    ResourceFactory(dataset=dataset, data_file=pending)
    dataset.save_revision().publish()
    query = '{ dataset(name: "mot") { resources { sha256 } } }'
    assert api.post(query).json()["data"]["dataset"]["resources"] == []
    pending.status = DataFile.Status.READY
    pending.save()
    assert api.post(query).json()["data"]["dataset"]["resources"] == [{"sha256": pending.sha256}]


def test_renaming_a_theme_invalidates(api):
    theme = ThemeFactory(name="Tên cũ")
    dataset = DatasetFactory(name="mot", publish=False)
    dataset.themes.set([theme])
    dataset.save_revision().publish()
    query = '{ dataset(name: "mot") { themes { name } } }'
    assert api.post(query).json()["data"]["dataset"]["themes"] == [{"name": "Tên cũ"}]
    theme.name = "Tên mới"
    theme.save()
    assert api.post(query).json()["data"]["dataset"]["themes"] == [{"name": "Tên mới"}]
