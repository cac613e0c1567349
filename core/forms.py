"""Admin forms that tell a real change from a form merely sent back as it was shown.

Wagtail restarts a review (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT) whenever the edit
form reports a change, also when an approver only clicks "Approve" in the edit view. These
made unchanged forms report changes (and cms.blocks.WholeNumberBlock mends a fourth):

- a model field with a callable default (``default=timezone.now``, ``default=list``) gets
  ``show_hidden_initial``: Django then compares the data with a hidden "initial-" input that
  Wagtail's panels never render, so the field always looks changed;
- a date-time is shown to the minute, so a stored value with seconds never matches what the
  browser sends back;
- rich text stored without Draftail's paragraph keys comes back with new ones, and an
  optional text stored as null comes back empty.
"""

import datetime
import json
from functools import partial
from typing import Any

from django import forms
from wagtail.blocks.base import BlockField

from core.revisions import comparable_blocks


def _datetime_changed(field: forms.DateTimeField, initial: Any, data: Any) -> bool:
    # Compare at the precision the widget shows.
    if isinstance(initial, datetime.datetime):
        initial = initial.replace(second=0, microsecond=0)
    return forms.DateTimeField.has_changed(field, initial, data)


def _stream_changed(field: BlockField, initial: Any, data: Any) -> bool:
    def stored(value: Any) -> Any:
        # Through JSON, as a revision stores it (decimals and dates become text).
        return comparable_blocks(
            json.loads(json.dumps(field.block.get_prep_value(value), default=str))
        )

    return stored(initial) != stored(data)


class UnchangedFormMixin:
    """For model forms of the admin: a form sent back as shown has no changed field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # The initial value comes from the instance; no hidden copy is needed.
            field.show_hidden_initial = False
            if isinstance(field, forms.DateTimeField):
                field.has_changed = partial(_datetime_changed, field)
            elif isinstance(field, BlockField):
                field.has_changed = partial(_stream_changed, field)
