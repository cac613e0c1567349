"""The index follows the content: publishing events enqueue tasks on commit, and the
tasks index what the public may see and remove the rest."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import NewsPage
from search import service
from search.query import SearchQuery
from tests.factories import NewsPageFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db


def indexed(type_name: str = "news") -> set[str]:
    return service.get_backend().ids(type_name)


def found(text: str) -> list[str]:
    return [hit.id for hit in service.search(SearchQuery(text=text, locale="vi")).hits]


@pytest.fixture
def published(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = NewsPageFactory(parent=site["vi"].news_index, title="Hộ chiếu điện tử")
    return page


def test_publishing_indexes_the_page_after_commit(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = NewsPageFactory(parent=site["vi"].news_index, title="Hộ chiếu điện tử")
    # Nothing happens inside the request's transaction: only once it commits.
    assert indexed() == set()
    assert callbacks
    for callback in callbacks:
        callback()
    assert indexed() == {str(page.pk)}
    assert found("ho chieu") == [str(page.pk)]


def test_a_draft_is_never_indexed(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=site["vi"].news_index, publish=False)
    assert indexed() == set()


def test_a_new_revision_is_indexed_when_published(published, django_capture_on_commit_callbacks):
    published.title = "Căn cước điện tử"
    with django_capture_on_commit_callbacks(execute=True):
        revision = published.save_revision()
    assert found("can cuoc") == []  # a draft revision changes nothing public
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert found("can cuoc") == [str(published.pk)]
    assert found("chieu") == []


def test_unpublishing_removes_the_page(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
    assert indexed() == set()


def test_deleting_removes_the_page(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        NewsPage.objects.get(pk=published.pk).delete()
    assert indexed() == set()


def test_expiry_removes_the_page_when_publish_scheduled_runs(
    published, django_capture_on_commit_callbacks
):
    NewsPage.objects.filter(pk=published.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=StringIO())
    assert indexed() == set()


def test_a_view_restriction_removes_the_pages_below_and_lifting_it_brings_them_back(
    site, published, django_capture_on_commit_callbacks
):
    procedure = None
    with django_capture_on_commit_callbacks(execute=True):
        procedure = ProcedurePageFactory(parent=site["vi"].procedure_index)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=site["vi"].news_index, restriction_type=PageViewRestriction.LOGIN
        )
    assert indexed("news") == set()
    assert indexed("procedure") == {str(procedure.pk)}  # another section: untouched
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert indexed("news") == {str(published.pk)}


def test_moving_under_a_restricted_section_removes_the_page(
    site, published, django_capture_on_commit_callbacks
):
    from cms.models import NewsIndexPage

    restricted = site["vi"].home.add_child(
        instance=NewsIndexPage(title="Nội bộ", slug="noi-bo", locale=site["vi"].locale)
    )
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        NewsPage.objects.get(pk=published.pk).move(restricted, pos="last-child")
    assert indexed() == set()


def test_the_sync_task_is_idempotent_and_order_free(published):
    from search.tasks import sync_objects

    sync_objects.call("news", [str(published.pk)])
    sync_objects.call("news", [str(published.pk)])
    assert indexed() == {str(published.pk)}
    NewsPage.objects.filter(pk=published.pk).update(live=False)
    sync_objects.call("news", [str(published.pk)])
    assert indexed() == set()
