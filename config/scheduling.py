"""Wagtail's scheduled publishing (pages and snippets with drafts, datasets among them) as one
round of a loop, with a report of what it did read from the audit log: Wagtail's command
prints nothing when it publishes or expires something."""

from dataclasses import dataclass

from django.core.management import call_command
from django.db.models import Max
from wagtail.models import ModelLogEntry, PageLogEntry

ACTIONS = {"published": "wagtail.publish.scheduled", "unpublished": "wagtail.unpublish.scheduled"}


@dataclass(frozen=True)
class ScheduledReport:
    published: int = 0
    unpublished: int = 0  # expired

    def __bool__(self) -> bool:
        return bool(self.published or self.unpublished)

    def __str__(self) -> str:
        return f"{self.published} published, {self.unpublished} expired"


def _last_ids() -> tuple[int, int]:
    return tuple(
        model.objects.aggregate(last=Max("pk"))["last"] or 0
        for model in (PageLogEntry, ModelLogEntry)
    )


def _count_since(last_ids: tuple[int, int], action: str) -> int:
    return sum(
        model.objects.filter(pk__gt=last, action=action).count()
        for model, last in zip((PageLogEntry, ModelLogEntry), last_ids, strict=True)
    )


def publish_scheduled() -> ScheduledReport:
    """Run ``manage.py publish_scheduled`` once and say what it published and expired."""
    before = _last_ids()
    call_command("publish_scheduled")
    return ScheduledReport(**{key: _count_since(before, a) for key, a in ACTIONS.items()})
