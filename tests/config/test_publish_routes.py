"""The publishing rule across every content type: no route leaves an item live without an
approver, and none leaves an approved item unpublished.

One table, run for news, procedures and datasets and for both demo roles (the Editors group
may not publish, the Approvers group may), through the admin's own URLs with Django's test
client. tests/cms/test_review_routes.py holds the news-only routes (translation, copy, bulk
publish, saving an unchanged form); tests/e2e/test_review_routes.py clicks the edit view's
approval in a browser.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from cms.models import NewsPage, ProcedurePage
from opendata.models import Dataset
from tests.cms.test_models import procedure_form_data
from tests.factories import (
    AgencyFactory,
    DatasetFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    news_form_data,
)
from tests.opendata.test_admin_upload import form_data as dataset_form_data

pytestmark = pytest.mark.django_db

KINDS = ("news", "procedure", "dataset")
ROLES = (("editor", False), ("approver", True))  # role, and whether it may make an item live
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Item:
    """A draft of one kind, with its admin URLs and the form its edit view posts."""

    obj: NewsPage | ProcedurePage | Dataset

    @property
    def is_page(self) -> bool:
        return isinstance(self.obj, Page)

    def url(self, view: str, *args: Any) -> str:
        if self.is_page:
            return reverse(f"wagtailadmin_pages:{view}", args=[self.obj.pk, *args])
        return reverse(f"wagtailsnippets_opendata_dataset:{view}", args=[self.obj.pk, *args])

    def form(self, **extra: Any) -> dict:
        obj = self.reload()
        if isinstance(obj, NewsPage):
            return news_form_data(obj.agency, title=obj.title, slug=obj.slug, **extra)
        if isinstance(obj, ProcedurePage):
            return procedure_form_data(obj, **extra)
        return dataset_form_data(obj, [], **extra)

    def reload(self):
        return type(self.obj).objects.get(pk=self.obj.pk)

    def is_live(self) -> bool:
        return self.reload().live


@pytest.fixture
def make(site):
    agency = AgencyFactory(name="Bộ Tư pháp", code="BTP")

    def make(kind: str) -> Item:
        roots = site["vi"]
        if kind == "news":
            obj = NewsPageFactory(parent=roots.news_index, agency=agency, publish=False)
        elif kind == "procedure":
            obj = ProcedurePageFactory(parent=roots.procedure_index, agency=agency, publish=False)
        else:
            obj = DatasetFactory(publisher=agency, publish=False, resources=0)
        return Item(obj)

    return make


def client_of(request, role: str) -> Client:
    return request.getfixturevalue(f"{role}_client")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("role", "may_publish"), ROLES)
def test_the_edit_views_publish_button(make, request, kind, role, may_publish):
    item = make(kind)
    response = client_of(request, role).post(item.url("edit"), item.form(**{"action-publish": "1"}))

    assert response.status_code in (200, 302)
    assert item.is_live() is may_publish
    # Whoever posted, the form was saved: what the editor wrote is kept as a draft.
    assert item.reload().latest_revision is not None


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("role", "may_publish"), ROLES)
def test_approving_from_the_dashboard(make, request, editor, kind, role, may_publish):
    item = make(kind)
    obj = item.reload()
    obj.get_workflow().start(obj, editor)
    state = item.reload().current_workflow_task_state

    client_of(request, role).post(
        item.url("workflow_action", "approve", state.pk), {"comment": "Đồng ý."}
    )

    assert item.is_live() is may_publish
    state.refresh_from_db()
    assert (state.status == state.STATUS_APPROVED) is may_publish


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("role", "may_publish"), ROLES)
def test_scheduling_publishes_at_the_time_only_what_an_approver_scheduled(
    make, request, kind, role, may_publish
):
    item = make(kind)
    go_live = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        client_of(request, role).post(
            item.url("edit"),
            item.form(
                go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
                **{"action-publish": "1"},
            ),
        )
        # Not before its time, whoever asked.
        assert not item.is_live()
    with time_machine.travel(go_live + datetime.timedelta(minutes=5), tick=False):
        call_command("publish_scheduled")
    assert item.is_live() is may_publish


# Datasets are snippets: they have no place in the page tree to move to.
@pytest.mark.parametrize("kind", ["news", "procedure"])
@pytest.mark.parametrize("role", ["editor", "approver"])
def test_moving_a_draft_leaves_it_a_draft(make, request, site, kind, role):
    item = make(kind)
    # A second index of the same type under the home page, where the draft may go.
    index = site["vi"].news_index if kind == "news" else site["vi"].procedure_index
    target = index.copy(
        to=site["vi"].home, update_attrs={"slug": f"{index.slug}-2", "title": "Khác"}
    )
    client_of(request, role).post(item.url("move_confirm", target.pk))
    moved = item.reload()
    assert moved.get_parent().pk == target.pk  # the move itself went through
    assert not moved.live


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_reverting_a_dataset_publishes_only_for_an_approver(make, request, role):
    item = make("dataset")
    first = item.reload().latest_revision
    dataset = item.reload()
    dataset.title = "Tiêu đề đã sửa"
    dataset.save_revision()
    client_of(request, role).post(
        item.url("revisions_revert", first.pk), item.form(**{"action-publish": "1"})
    )
    assert item.is_live() is (role == "approver")


def test_the_apis_cannot_publish(client):
    # GraphQL has no mutations; Wagtail's REST API v2 is read only.
    schema = client.post(
        "/graphql/", {"query": "{ __schema { mutationType { name } } }"}, "application/json"
    )
    assert schema.json()["data"]["__schema"]["mutationType"] is None
    assert client.post("/api/v2/pages/", {}, "application/json").status_code in (403, 405)


@pytest.mark.parametrize("kind", ["news", "procedure"])
@pytest.mark.parametrize(("role", "may_publish"), ROLES)
def test_bulk_publish_from_the_listing(make, request, kind, role, may_publish):
    # Datasets have no bulk publish: Wagtail's snippet bulk actions only delete.
    item = make(kind)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client_of(request, role).post(f"{url}?id={item.obj.pk}&next=/admin/")
    assert item.is_live() is may_publish


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_datasets_have_no_bulk_publish(request, role):
    url = "/admin/bulk/opendata/dataset/publish/"
    assert client_of(request, role).get(url).status_code == 404
