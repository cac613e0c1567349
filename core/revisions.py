"""No revision for a save that changes nothing.

Wagtail writes a revision on every save, also when an editor presses "Save draft" on a form
they did not touch. Such a revision is identical to the one before, fills the history with
"no changes" entries and, with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT, makes an
approval count for an older revision than the latest: the review starts again.
"""

import json
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

# What every save rewrites (bookkeeping, not content).
BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "live_revision",
        "has_unpublished_changes",
        "draft_title",
        "live",
        "expired",
        "first_published_at",
        "last_published_at",
        "locked",
        "locked_at",
        "locked_by",
        "created_at",
        "updated_at",
    }
)


# Draftail marks each paragraph of rich text with a random key when it first edits it;
# rich text stored without them (imported, written by a script) gains them on any save.
_EDITOR_KEY = re.compile(r' data-block-key=\\?"[^"\\]*\\?"')


def without_editor_keys(text: str) -> str:
    """``text`` (HTML, or JSON holding HTML) without Draftail's paragraph keys."""
    return _EDITOR_KEY.sub("", text)


def comparable_blocks(stored: Any) -> Any:
    """A StreamField's stored JSON as content: no editor keys, and an optional text left
    out (null, as a script may store it) the same as one left empty (as the form sends)."""
    if isinstance(stored, str):
        try:
            return comparable_blocks(json.loads(stored))
        except ValueError:
            return without_editor_keys(stored)
    if isinstance(stored, list):
        return [comparable_blocks(item) for item in stored]
    if isinstance(stored, dict):
        return {
            key: "" if item is None else comparable_blocks(item) for key, item in stored.items()
        }
    return stored


def _comparable(value: Any) -> Any:
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        # Child objects: an unsaved copy (pk None) of a saved one is the same content;
        # tags and other unordered relations come back in any order.
        items = [_comparable({k: v for k, v in item.items() if k != "pk"}) for item in value]
        if not any("sort_order" in item for item in items):
            items.sort(key=lambda item: json.dumps(item, sort_keys=True))
        return items
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("[{"):
        return comparable_blocks(value)  # a StreamField
    if isinstance(value, str):
        return without_editor_keys(value)
    return value


def content_of(data: dict[str, Any]) -> dict[str, Any]:
    """A revision's content without its bookkeeping, as stored (through JSON)."""
    stored = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return {key: _comparable(value) for key, value in stored.items() if key not in BOOKKEEPING}


class UnchangedRevisionMixin:
    """For models with revisions (pages, snippets): saving what the latest revision already
    holds returns that revision instead of writing a copy. A revert, a scheduled go-live or
    an overwritten autosave always writes, as Wagtail does."""

    def save_revision(self, *args: Any, **kwargs: Any):
        special = any(
            kwargs.get(name)
            for name in ("approved_go_live_at", "previous_revision", "overwrite_revision")
        )
        if not args and not special:
            latest = self.get_latest_revision()
            if latest is not None and content_of(self.serializable_data()) == content_of(
                latest.content
            ):
                return latest
        return super().save_revision(*args, **kwargs)
