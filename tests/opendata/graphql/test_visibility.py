"""Only live, public, unexpired datasets exist for GraphQL, whichever way a client asks.

Every state a dataset can be in, crossed with every way the API can lead to it: the list,
a search, a filter, ``dataset`` by name and by id, and the ``datasets`` of a news item and
of a procedure. The "live" state is the control: each way does return a published dataset.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Workflow

from tests.cms.graphql.conftest import GraphQLClient
from tests.factories import (
    AgencyFactory,
    DatasetFactory,
    EditorFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TITLE = "Số liệu kiểm tra hiển thị"


def live(**fields):
    return DatasetFactory(**fields)


def draft(**fields):
    return DatasetFactory(publish=False, **fields)


def in_moderation(**fields):
    dataset = DatasetFactory(publish=False, **fields)
    Workflow.objects.get(name="Duyệt và xuất bản").start(dataset, EditorFactory())
    assert dataset.workflow_in_progress
    return dataset


def private(**fields):
    return DatasetFactory(is_private=True, **fields)


def withdrawn(**fields):
    dataset = DatasetFactory(**fields)
    dataset.unpublish()
    return dataset


def expired(**fields):
    # Past its expiry, but the scheduled job that unpublishes it has not run yet.
    return DatasetFactory(expire_at=timezone.now() - timedelta(minutes=1), **fields)


def scheduled(**fields):
    dataset = DatasetFactory(publish=False, **fields)
    dataset.go_live_at = timezone.now() + timedelta(days=7)
    dataset.save_revision().publish()
    dataset.refresh_from_db()
    assert not dataset.live
    return dataset


def deleted(**fields):
    dataset = DatasetFactory(**fields)
    dataset.delete()
    return dataset


STATES = [live, draft, in_moderation, private, withdrawn, expired, scheduled, deleted]


@pytest.fixture
def subject(request, site):
    """A dataset in the state of the test's parameter, reachable every way there is."""
    news = NewsPageFactory(parent=site["vi"].news_index, slug="tin-kiem-tra")
    procedure = ProcedurePageFactory(parent=site["vi"].procedure_index, code="9.000001")
    theme = ThemeFactory(slug="kiem-tra")
    make = request.param
    fields = {"name": "kiem-tra", "title": TITLE, "publisher": AgencyFactory(code="KT")}
    dataset = make(**fields)
    if make is not deleted:
        # On the row, as publishing an earlier revision with them would have left them:
        # only the state must keep the dataset out.
        dataset.themes.set([theme])
        dataset.related_news.set([news])
        dataset.related_procedures.set([procedure])
        dataset.save()
    return make, dataset


WAYS = {
    "list": ("{ datasets { edges { node { id } } } }", lambda d: d["datasets"]["edges"]),
    "search": (
        '{ datasets(query: "kiem tra hien thi") { edges { node { id } } } }',
        lambda d: d["datasets"]["edges"],
    ),
    "filters": (
        '{ datasets(agency: "KT", theme: "kiem-tra", format: "CSV", licence: "CC-BY-4.0") '
        "{ totalCount edges { node { id } } } }",
        lambda d: d["datasets"]["edges"],
    ),
    "news": (
        '{ newsItem(slug: "tin-kiem-tra") { datasets { id } } }',
        lambda d: d["newsItem"]["datasets"],
    ),
    "procedure": (
        '{ procedure(code: "9.000001") { datasets { id } } }',
        lambda d: d["procedure"]["datasets"],
    ),
    "news list": (
        "{ news { edges { node { datasets { id } } } } }",
        lambda d: [x for e in d["news"]["edges"] for x in e["node"]["datasets"]],
    ),
}


@pytest.mark.parametrize("subject", STATES, indirect=True, ids=lambda make: make.__name__)
@pytest.mark.parametrize("way", WAYS)
def test_only_live_datasets_are_listed(subject, way):
    make, _dataset = subject
    query, found = WAYS[way]
    shown = found(GraphQLClient().data(query))
    assert len(shown) == (1 if make is live else 0), shown


@pytest.mark.parametrize("subject", STATES, indirect=True, ids=lambda make: make.__name__)
@pytest.mark.parametrize("by", ["name", "id"])
def test_only_a_live_dataset_is_found_by_name_or_id(subject, by):
    make, dataset = subject
    value = dataset.name if by == "name" else str(dataset.uuid)
    result = GraphQLClient().post(
        f"query ($v: {'String' if by == 'name' else 'ID'}) {{ dataset({by}: $v) {{ title }} }}",
        {"v": value},
    )
    if make is live:
        assert result == {"data": {"dataset": {"title": TITLE}}}
    else:
        # The same answer as for a name that never existed: nothing leaks.
        assert result["data"] == {"dataset": None}
        assert [e["extensions"]["code"] for e in result["errors"]] == ["NOT_FOUND"]
        assert result["errors"][0]["message"] == "No public dataset matches."


def test_the_live_version_is_shown_not_a_newer_draft():
    dataset = DatasetFactory(name="ban-song", title="Bản đã xuất bản")
    dataset.title = "Bản nháp chưa duyệt"
    dataset.save_revision()
    client = GraphQLClient()
    assert client.data('{ dataset(name: "ban-song") { title } }') == {
        "dataset": {"title": "Bản đã xuất bản"}
    }
    listed = client.data("{ datasets { edges { node { title } } } }")["datasets"]["edges"]
    assert listed == [{"node": {"title": "Bản đã xuất bản"}}]
