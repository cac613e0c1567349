"""Topics and legal documents are chosen in the chooser modal, found by a search typed
without Vietnamese marks ("ho tich" finds "Hộ tịch"), and kept in the order chosen.

As in test_editorial_flow, selectors are Wagtail's stable ids and data attributes: the
"Add ..." button of each chooser panel (``id_<relation>-OPEN_MODAL``), the modal's search
field and its checkboxes for several items, its "confirm selection" button.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from cms.models import LegalDocument, NewsPage, ProcedurePage
from cms.site_structure import ensure_site_structure
from tests.e2e.admin import PASSWORD, log_in
from tests.factories import (
    AgencyFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    TopicFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = "bientapvien"  # the demo editor's name (cms.demo.loader)


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    # See test_editorial_flow: autosave's background posts race the clicks.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def newsroom(transactional_db) -> dict:
    roots = ensure_site_structure()["vi"]
    user = User.objects.create_user(EDITOR, password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    issuer = AgencyFactory(name="Quốc hội", code="QH")
    law = LegalDocumentFactory(
        number="60/2014/QH13",
        title="Luật Hộ tịch",
        document_type=LegalDocument.DocumentType.LAW,
        issuer=issuer,
        signed_on=datetime.date(2014, 11, 20),
    )
    decree = LegalDocumentFactory(
        number="123/2015/NĐ-CP",
        title="Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        signed_on=datetime.date(2015, 11, 15),
    )
    LegalDocumentFactory(number="13/2023/NĐ-CP", title="Về bảo vệ dữ liệu cá nhân")
    return {
        "roots": roots,
        "law": law,
        "decree": decree,
        "topic": TopicFactory(name="Hộ tịch"),
        "other_topic": TopicFactory(name="Chuyển đổi số"),
    }


def choose(page: Page, relation: str, query: str, label: str) -> list[str]:
    """Opens the panel's chooser, searches ``query`` and picks the result showing ``label``;
    returns the results found."""
    page.click(f"#id_{relation}-OPEN_MODAL")
    modal = page.locator(".modal")
    modal.locator("input[name=q]").fill(query)
    # The listing shown on opening is replaced by the search's results, which announce
    # their count: pick only from these.
    expect(modal.locator("[role=alert]")).to_be_visible()
    found = [" ".join(text.split()) for text in modal.locator("tbody tr").all_inner_texts()]
    row = modal.locator("tbody tr", has_text=label)
    expect(row).to_have_count(1)
    row.locator("input[data-multiple-choice-select]").check()
    modal.locator("[data-multiple-choice-submit]").click()
    expect(page.locator(".modal")).to_have_count(0)
    return found


def save_draft(page: Page) -> None:
    with page.expect_navigation():
        page.click("footer button.action-save")


def draft_of(page_model, pk: int):
    return page_model.objects.get(pk=pk).get_latest_revision_as_object()


def test_an_editor_chooses_legal_basis_by_searching_without_marks(
    live_server, browser_page: Page, newsroom
) -> None:
    procedure = ProcedurePageFactory(parent=newsroom["roots"].procedure_index)
    revisions = procedure.revisions.count()
    log_in(browser_page, live_server.url, EDITOR)
    browser_page.goto(f"{live_server.url}/admin/pages/{procedure.pk}/edit/")

    # The decree first, then the law: not the order the chooser lists them in.
    found = choose(browser_page, "legal_basis_links", "ho tich", "123/2015/NĐ-CP")
    # Both civil-status documents, in whatever order the search ranks them; not the third.
    assert sorted(found) == sorted([str(newsroom["law"]), str(newsroom["decree"])])
    choose(browser_page, "legal_basis_links", "ho tich", "60/2014/QH13")
    save_draft(browser_page)

    assert procedure.revisions.count() == revisions + 1
    draft = draft_of(ProcedurePage, procedure.pk)
    assert draft.chosen_legal_basis() == [newsroom["decree"], newsroom["law"]]
    # A draft: nothing of it is live yet.
    assert list(ProcedurePage.objects.get(pk=procedure.pk).legal_basis.all()) == []


def test_an_editor_chooses_a_topic_and_a_legal_document(
    live_server, browser_page: Page, newsroom
) -> None:
    news = NewsPageFactory(
        parent=newsroom["roots"].news_index, topics=[newsroom["other_topic"]], publish=True
    )
    log_in(browser_page, live_server.url, EDITOR)
    browser_page.goto(f"{live_server.url}/admin/pages/{news.pk}/edit/")

    assert choose(browser_page, "topic_links", "ho tich", "Hộ tịch") == ["Hộ tịch"]
    choose(browser_page, "legal_document_links", "ho tich", "60/2014/QH13")
    save_draft(browser_page)

    draft = draft_of(NewsPage, news.pk)
    assert draft.chosen_topics() == [newsroom["other_topic"], newsroom["topic"]]
    assert draft.chosen_legal_documents() == [newsroom["law"]]
