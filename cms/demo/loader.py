"""Load the demo content: users, images, reference data, news and procedure guides.

Idempotent: the data files are imported with ``on_existing="skip"``, images are matched by
title, users by username, and each editorial state (moderation, expiry, view restriction)
is applied only when the page is not in it yet, so a second run writes nothing new.

The data files are plain import files (docs/import-format.md). What the format cannot say,
the states that depend on "now" and on users, is set here, for the pages named below.
"""

import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision

from cms.demo.images import ensure_images
from cms.importing import ImportReport, Record, import_records, parse_jsonl
from cms.models import Agency, LegalDocument, NewsPage, ProcedurePage, Sector, Topic
from cms.site_structure import ensure_site_structure

DATA_DIR = Path(__file__).parent / "data"
DATA_FILES = ("reference.jsonl", "procedures.jsonl", "news.jsonl")

EDITOR = ("bientapvien", "Editors", "Nguyễn Thị", "Biên Tập")
APPROVER = ("pheduyet", "Approvers", "Trần Văn", "Phê Duyệt")
PASSWORD_VARIABLE = "DEMO_USER_PASSWORD"

# Vietnamese news slugs that carry a state the import format cannot express by itself.
IN_MODERATION = "hoi-dap-cap-the-can-cuoc-cho-tre-em-duoi-14-tuoi"
SCHEDULED = "lich-tiep-nhan-ho-so-truc-tuyen-dip-nghi-le"
EXPIRED = "thong-bao-tam-dung-cong-dich-vu-cong-de-nang-cap"
LOGIN_REQUIRED = "huong-dan-noi-bo-bien-tap-tin-chinh-sach"


class DemoContentError(Exception):
    """The demo data did not import; nothing was written."""


@dataclass
class DemoResult:
    reports: dict[str, ImportReport] = field(default_factory=dict)
    images_created: int = 0
    # Demo accounts made by this run with a generated password: username -> password.
    passwords: dict[str, str] = field(default_factory=dict)


def load_demo_content(now: datetime | None = None) -> DemoResult:
    now = now or timezone.now()
    result = DemoResult()
    with transaction.atomic():
        ensure_site_structure()
        editor = _ensure_user(*EDITOR, result.passwords)
        _ensure_user(*APPROVER, result.passwords)
        # The data refers to images by title: they must exist before the import.
        result.images_created = ensure_images()
        with translation.override("en"):
            for name in DATA_FILES:
                records = _with_demo_dates(parse_jsonl(_read(name)), now)
                report = import_records(records, on_existing="skip")
                if report.errors:
                    details = "; ".join(
                        f"line {line}: {message}" for line, message in report.errors
                    )
                    raise DemoContentError(f"{name}: {details}")
                result.reports[name] = report
        _claim_pages(editor)
        _submit_for_moderation(editor)
        _expire(now)
        _restrict_to_logged_in_users()
    return result


def _read(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _with_demo_dates(records: list[Record], now: datetime) -> list[Record]:
    """Scheduled publication a week ahead; expiry a day ago (published, then expired)."""
    dates = {
        SCHEDULED: {"go_live_at": now + timedelta(days=7)},
        EXPIRED: {"expire_at": now - timedelta(days=1)},
    }
    adjusted = []
    for record in records:
        data = record.data or {}
        extra = dates.get(data.get("slug")) if data.get("locale", "vi") == "vi" else None
        if extra:
            data = {**data, **{key: moment.isoformat() for key, moment in extra.items()}}
            record = Record(record.line, data, record.error)
        adjusted.append(record)
    return adjusted


def _ensure_user(
    username: str, group_name: str, first_name: str, last_name: str, generated: dict[str, str]
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.gov.vn",
        },
    )
    # Never a password in the repository: one from the environment, or one made here and
    # shown once (load_demo_content prints it, as ensure_admin does the administrator's).
    password = os.environ.get(PASSWORD_VARIABLE)
    if password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    elif created and not password:
        generated[username] = secrets.token_urlsafe(12)
        user.set_password(generated[username])
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group_name))
    return user


def _demo_pages():
    return Page.objects.type(NewsPage, ProcedurePage)


def _claim_pages(editor: User) -> None:
    """The demo pages were written by the demo editor (no revision: a plain update)."""
    _demo_pages().filter(owner__isnull=True).update(owner=editor)


def _news(slug: str) -> NewsPage:
    return NewsPage.objects.get(slug=slug, locale__language_code="vi")


def _submit_for_moderation(editor: User) -> None:
    page = _news(IN_MODERATION)
    if page.live or page.workflow_states.exists():
        return  # already submitted once (whatever the approver did since) or published
    page.save_revision(user=editor, log_action=True)
    # Loading a demo is not news for the approvers' mailboxes: no notification e-mail.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        page.get_workflow().start(page, editor)


def _expire(now: datetime) -> None:
    """What ``publish_scheduled`` does to a live page whose expiry date has passed."""
    page = _news(EXPIRED)
    if page.live and page.expire_at and page.expire_at <= now:
        page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")


def _restrict_to_logged_in_users() -> None:
    page = _news(LOGIN_REQUIRED)
    PageViewRestriction.objects.get_or_create(page=page, restriction_type=PageViewRestriction.LOGIN)


def demo_counts() -> dict[str, int]:
    """Counts by type and by editorial state, for the summary and the tests."""
    news, procedures = NewsPage.objects.all(), ProcedurePage.objects.all()
    pages = _demo_pages()
    in_moderation = {
        page.pk for page in pages.filter(live=False).specific() if page.workflow_in_progress
    }
    scheduled = set(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False).values_list(
            "object_id", flat=True
        )
    )
    return {
        "news (vi)": news.filter(locale__language_code="vi").count(),
        "news (en)": news.filter(locale__language_code="en").count(),
        "procedures (vi)": procedures.filter(locale__language_code="vi").count(),
        "procedures (en)": procedures.filter(locale__language_code="en").count(),
        "agencies": Agency.objects.count(),
        "topics": Topic.objects.count(),
        "sectors": Sector.objects.count(),
        "legal documents": LegalDocument.objects.count(),
        "images": get_image_model().objects.count(),
        "live": pages.live().count(),
        "draft (never published)": pages.filter(live=False, first_published_at__isnull=True)
        .exclude(pk__in=in_moderation)
        .exclude(pk__in=[int(pk) for pk in scheduled])
        .count(),
        "in moderation": len(in_moderation),
        "scheduled": pages.filter(pk__in=[int(pk) for pk in scheduled], live=False).count(),
        "expired": pages.filter(expired=True).count(),
        "view-restricted": pages.filter(view_restrictions__isnull=False).distinct().count(),
    }
