"""The admin speaks Vietnamese: Wagtail's catalogue in locale/, the project's in cms/locale/.

Wagtail ships only a small Vietnamese catalogue; ``locale/vi`` completes it (LOCALE_PATHS
wins over the installed apps' catalogues). The compiled ``.mo`` files are committed, so
a fresh machine needs no GNU gettext: a test checks that they match their ``.po``.
"""

import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation.trans_real import translation as catalogue_for
from wagtail.rich_text import RichText

from cms.models import Agency, NewsPage
from cms.site_structure import ensure_site_structure

CATALOGUES = [
    Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "djangojs.po",
    Path(settings.BASE_DIR) / "cms" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    Path(settings.BASE_DIR) / "opendata" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
]
# The project's own catalogues are complete: every message translated, none fuzzy.
COMPLETE_CATALOGUES = [
    Path(settings.BASE_DIR) / "opendata" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
]
WAGTAIL_DIR = Path(wagtail.__file__).parent
# The English catalogues list every message of an app; coverage is measured against them.
ENGLISH = {
    "wagtail.admin": WAGTAIL_DIR / "admin" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    "wagtail": WAGTAIL_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po",
}
MINIMUM_COVERAGE = 0.95


@pytest.fixture
def superuser_client(client, db):
    user = User.objects.create_superuser("quantri", "quantri@example.gov.vn", "mat-khau-123")
    client.force_login(user)
    return client


def test_login_page_is_vietnamese_whatever_the_browser_asks(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Đăng nhập" in content
    assert "Sign in to Wagtail" not in content
    assert "Forgotten password?" not in content


def test_page_editor_shows_vietnamese_actions(superuser_client):
    news_index = ensure_site_structure()["vi"].news_index
    agency = Agency.objects.create(
        name="Bộ Thông tin và Truyền thông", code="BTTTT", kind=Agency.Kind.MINISTRY
    )
    page = news_index.add_child(
        instance=NewsPage(
            title="Đẩy mạnh dịch vụ công trực tuyến",
            summary="Các địa phương đưa thủ tục hành chính lên môi trường số.",
            body=[("paragraph", RichText("<p>Nội dung tin.</p>"))],
            agency=agency,
        )
    )
    page.save_revision()

    response = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    for label in ["Lưu bản nháp", "Xuất bản", "Xem trước", "Lịch sử", "Nội dung", "Tin chính sách"]:
        assert label in content, label
    for english in ["Save draft", "Schedule to publish", ">Preview<"]:
        assert english not in content, english


def _sidebar_labels(content: str) -> set[str]:
    """The labels of the sidebar's menu, which Wagtail renders as JSON for its React code."""
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', content, re.S)
    labels = set()

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.add(node["label"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(json.loads(props.group(1)))
    return labels


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_home",
        "wagtailadmin_explore_root",
        "wagtailimages:index",
        "wagtaildocs:index",
        "wagtailusers_users:index",
        "wagtailsnippets_cms_agency:list",
        "wagtailadmin_workflows:index",
    ],
)
def test_admin_screens_render_in_vietnamese(superuser_client, url_name):
    ensure_site_structure()

    response = superuser_client.get(reverse(url_name))

    assert response.status_code == 200
    labels = _sidebar_labels(response.content.decode())
    assert {"Trang", "Hình ảnh", "Tài liệu", "Báo cáo", "Cài đặt", "Trợ giúp"} <= labels
    assert not {"Pages", "Images", "Documents", "Reports", "Settings", "Help"} & labels


def _messages(catalogue: polib._BaseFile) -> dict:
    """Translated messages of a catalogue, by context and msgid, header left out."""
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalogue
        if entry.msgid and (not isinstance(entry, polib.POEntry) or entry.translated())
    }


@pytest.mark.parametrize(
    "po_path", CATALOGUES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_committed_mo_matches_its_po(po_path, tmp_path):
    po = polib.pofile(str(po_path))
    compiled = tmp_path / "django.mo"
    compiled.write_bytes(po.to_binary())
    committed = polib.mofile(str(po_path.with_suffix(".mo")))

    assert _messages(committed) == _messages(polib.mofile(str(compiled))), (
        f"{po_path.with_suffix('.mo')} is stale: compile it again "
        f"(msgfmt -o {po_path.with_suffix('.mo')} {po_path})"
    )
    assert committed.metadata.get("Plural-Forms", "").startswith("nplurals=1")


def _catalogue_has(catalog, entry: polib.POEntry) -> bool:
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    if entry.msgid_plural:
        key = (key, 0)
    return bool(catalog.get(key))


@pytest.mark.parametrize("app", ENGLISH)
def test_wagtail_admin_and_core_are_translated(app, capsys):
    english = polib.pofile(str(ENGLISH[app]))
    catalog = catalogue_for("vi")._catalog
    entries = [entry for entry in english if entry.msgid and not entry.obsolete]
    untranslated = []
    with translation.override("vi"):
        for entry in entries:
            if entry.msgctxt is not None:
                result = pgettext(entry.msgctxt, entry.msgid)
            elif entry.msgid_plural:
                result = ngettext(entry.msgid, entry.msgid_plural, 2)
            else:
                result = gettext(entry.msgid)
            # Some translations are the English text itself ("URL", "Email", "ID").
            same_as_english = result in (entry.msgid, entry.msgid_plural)
            if not result or (same_as_english and not _catalogue_has(catalog, entry)):
                untranslated.append(entry.msgid)

    coverage = 1 - len(untranslated) / len(entries)
    assert coverage >= MINIMUM_COVERAGE, (
        f"{app}: {coverage:.1%} translated; untranslated: {untranslated[:20]}"
    )
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    "po_path", COMPLETE_CATALOGUES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_own_catalogue_has_no_untranslated_or_fuzzy_message(po_path):
    po = polib.pofile(str(po_path))
    entries = [entry for entry in po if not entry.obsolete]

    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{po_path}: untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{po_path}: fuzzy: {fuzzy[:20]}"
    assert not po.metadata_is_fuzzy, f"{po_path}: the header is marked fuzzy"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=1; plural=0")
    for entry in entries:
        if entry.msgid_plural:
            assert set(entry.msgstr_plural) == {0} and entry.msgstr_plural[0], entry.msgid
