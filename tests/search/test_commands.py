"""manage.py search_rebuild and search_check on the demo content."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.models import NewsPage
from cms.selectors import visible
from search import service
from search.documents import Document

pytestmark = pytest.mark.django_db


def rebuild() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("search_rebuild", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def check() -> str:
    out = StringIO()
    call_command("search_check", stdout=out)
    return out.getvalue()


def test_rebuild_indexes_every_visible_page_with_a_progress_bar(demo_content):
    out, err = rebuild()
    expected = service.expected_total()
    assert f"Indexed {expected} documents" in out
    assert f"indexed {expected}/{expected}" in err  # the bar goes to stderr
    backend = service.get_backend()
    assert (
        backend.count("news", "vi")
        == visible(NewsPage.objects.filter(locale__language_code="vi")).count()
    )
    # Drafts, scheduled, expired and restricted demo pages are not there.
    hidden = NewsPage.objects.exclude(pk__in=visible(NewsPage.objects.all())).values_list(
        "pk", flat=True
    )
    assert hidden and not {str(pk) for pk in hidden} & backend.ids("news")


def test_check_passes_after_a_rebuild(demo_content):
    rebuild()
    report = check()
    assert "DIFFERENT" not in report
    assert "news         vi" in report and "procedure    en" in report


def test_check_lists_missing_and_extra_ids_and_fails(demo_content):
    rebuild()
    backend = service.get_backend()
    missing = sorted(backend.ids("news", "vi"))[0]
    backend.delete("news", [missing])
    backend.index([Document(type="procedure", id="999999", locale="en", title="Ghost")])
    out = StringIO()
    with pytest.raises(CommandError, match="search_rebuild"):
        call_command("search_check", stdout=out)
    report = out.getvalue()
    assert f"missing: {missing}" in report
    assert "extra: 999999" in report


def test_a_rebuild_repairs_what_check_found(demo_content):
    rebuild()
    service.get_backend().delete("procedure", service.get_backend().ids("procedure"))
    with pytest.raises(CommandError):
        check()
    rebuild()
    assert "DIFFERENT" not in check()
