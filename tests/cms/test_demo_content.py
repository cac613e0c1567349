"""``manage.py load_demo_content``: enough real content, every field, every state, re-runnable.

The demo is loaded once for the module, inside a transaction that is rolled back at the end,
so that the other test modules see the database as it was.
"""

import io
import os
import re

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import (
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    WorkflowState,
)

from cms.demo import loader
from cms.models import Agency, LegalDocument, NewsPage, ProcedurePage, Sector, Topic


@pytest.fixture(scope="module")
def demo_output(demo_content):
    return demo_content.output


def vi(queryset):
    return queryset.filter(locale__language_code="vi")


def en(queryset):
    return queryset.filter(locale__language_code="en")


@pytest.mark.django_db
def test_enough_news_procedures_and_reference_data(demo_output):
    assert vi(NewsPage.objects.all()).count() >= 25
    assert vi(NewsPage.objects.live()).count() >= 25
    translations = en(NewsPage.objects.all())
    assert translations.count() >= 6
    for page in translations:
        source = page.get_translation(page.locale.get_default())
        assert source.locale.language_code == "vi"
    procedures = vi(ProcedurePage.objects.all())
    assert procedures.count() >= 30
    assert en(ProcedurePage.objects.all()).count() >= 3
    assert Sector.objects.filter(procedures__isnull=False).distinct().count() >= 5
    assert Agency.objects.filter(procedures__isnull=False).distinct().count() >= 8
    assert set(procedures.values_list("service_level", flat=True)) == {1, 2, 3, 4}
    assert Topic.objects.count() >= 6
    assert LegalDocument.objects.count() >= 8
    assert LegalDocument.objects.get(number="942/QĐ-TTg").signed_on.isoformat() == "2021-06-15"
    assert Agency.objects.get(code="BTTTT").parent.code == "CP"
    assert "demo content loaded" in demo_output


@pytest.mark.django_db
def test_news_bodies_use_every_kind_of_block_but_embeds(demo_output):
    block_types = {block.block_type for page in NewsPage.objects.all() for block in page.body}
    assert {"paragraph", "heading", "quote", "image", "table", "statistic", "procedure"} <= (
        block_types
    )
    assert NewsPage.objects.filter(hero_image__isnull=False).count() >= 10
    free_birth = vi(ProcedurePage.objects.all()).get(code="1.001193")
    assert free_birth.is_free


@pytest.mark.django_db
def test_every_procedure_has_every_structured_field(demo_output):
    for page in ProcedurePage.objects.all():
        label = f"{page.locale.language_code} {page.code}"
        assert page.code and page.title and page.result, label
        assert page.agency_id and page.sector_id, label
        assert page.applicant_types and page.channels, label
        assert 1 <= page.service_level <= 4, label
        assert page.online_service_url, label
        if page.service_level >= 3:
            assert "online" in page.channels, label
        assert len(page.steps) >= 2, label
        assert all(s.value["title"] and s.value["description"] for s in page.steps), label
        assert len(page.required_documents) >= 1, label
        for document in page.required_documents:
            assert document.value["name"] and document.value["form"], label
            assert document.value["copies"] >= 1, label
        assert page.processing_time_value > 0 and page.processing_time_unit, label
        assert len(page.fees) >= 1, label
        for fee in page.fees:
            assert fee.value["amount_vnd"] >= 0, label
            assert fee.value["description"] and fee.value["note"], label
        assert page.legal_basis.exists(), label


@pytest.mark.django_db
def test_every_editorial_state_exists(demo_output):
    now = timezone.now()
    news = vi(NewsPage.objects.all())

    drafts = news.filter(live=False, first_published_at__isnull=True)
    never_submitted = [page for page in drafts if not page.workflow_states.exists()]
    assert len(never_submitted) >= 2

    moderated = news.get(slug=loader.IN_MODERATION)
    state = moderated.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Duyệt và xuất bản"
    assert state.requested_by.username == "bientapvien"
    assert not moderated.live

    scheduled = news.get(slug=loader.SCHEDULED)
    assert not scheduled.live and scheduled.go_live_at > now
    assert scheduled.revisions.filter(approved_go_live_at__gt=now).count() == 1

    expired = news.get(slug=loader.EXPIRED)
    assert expired.expired and not expired.live
    assert expired.expire_at < now and expired.first_published_at is not None

    restricted = news.get(slug=loader.LOGIN_REQUIRED)
    assert restricted.live
    assert restricted.view_restrictions.get().restriction_type == PageViewRestriction.LOGIN
    assert not NewsPage.objects.public().filter(pk=restricted.pk).exists()


@pytest.mark.django_db
def test_demo_users_belong_to_their_groups_and_get_a_password_shown_once(demo_output, settings):
    # The demo was loaded before this test's fast hasher was set: check with Django's own.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    editor = User.objects.get(username="bientapvien")
    approver = User.objects.get(username="pheduyet")
    assert editor.groups.filter(name="Editors").exists()
    assert approver.groups.filter(name="Approvers").exists()
    if loader.PASSWORD_VARIABLE not in os.environ:
        # The first load prints a generated password for each, which signs them in.
        for user in (editor, approver):
            shown = re.search(rf"demo user '{user.username}' with password: (\S+)", demo_output)
            assert shown, demo_output
            assert user.check_password(shown.group(1))


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "agencies": Agency.objects.count(),
        "topics": Topic.objects.count(),
        "sectors": Sector.objects.count(),
        "legal documents": LegalDocument.objects.count(),
        "workflow states": WorkflowState.objects.count(),
        "view restrictions": PageViewRestriction.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "users": User.objects.count(),
    }


@pytest.mark.django_db
def test_a_second_run_changes_nothing(demo_output):
    before = _counts()
    states_before = loader.demo_counts()
    stdout = io.StringIO()
    call_command("load_demo_content", stdout=stdout)
    assert _counts() == before
    assert loader.demo_counts() == states_before
    assert "0 records created" in stdout.getvalue()
    assert "0 images created" in stdout.getvalue()
