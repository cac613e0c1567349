"""The dataset's edit form: resources with a file upload, its status and the dictionary.

The panels replace the model's InlinePanel for resources (the model file stays as it is):
the child form has an upload field instead of a select of every DataFile, shows what
ingestion found, and lets the editor correct the inferred data dictionary.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, Panel
from wagtail.admin.panels.base import get_form_for_model

from core.forms import UnchangedFormMixin
from opendata.ingest.errors import RejectedFile
from opendata.ingest.limits import current_limits, format_bytes
from opendata.ingest.uploads import check_upload, store_upload
from opendata.models import Dataset, Resource

# Frictionless Table Schema field types, and the keys an entry of the dictionary may have.
FIELD_TYPES = [
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
]
ENTRY_KEYS = {"name", "type", "format", "title", "description", "unit"}


class DataDictionaryField(forms.JSONField):
    """The dictionary as JSON: a list of {"name", "type", "title", "description", "unit"}."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 10, "style": "font-family: monospace"})
        )
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value in (None, "", []):
            return
        if not isinstance(value, list):
            raise ValidationError(_("The data dictionary must be a list: [ {...}, {...} ]."))
        for position, entry in enumerate(value, start=1):
            if not isinstance(entry, dict):
                raise ValidationError(
                    _("Column %(n)d of the data dictionary must be an object {...}.")
                    % {"n": position}
                )
            if not isinstance(entry.get("name"), str) or not entry["name"].strip():
                raise ValidationError(
                    _("Column %(n)d of the data dictionary needs a “name”.") % {"n": position}
                )
            unknown = sorted(set(entry) - ENTRY_KEYS)
            if unknown:
                raise ValidationError(
                    _("Column “%(name)s”: unknown key(s) %(keys)s; allowed: %(allowed)s.")
                    % {
                        "name": entry["name"],
                        "keys": ", ".join(unknown),
                        "allowed": ", ".join(sorted(ENTRY_KEYS)),
                    }
                )
            if "type" in entry and entry["type"] not in FIELD_TYPES:
                raise ValidationError(
                    _("Column “%(name)s”: type “%(type)s” is not one of %(types)s.")
                    % {
                        "name": entry["name"],
                        "type": entry["type"],
                        "types": ", ".join(FIELD_TYPES),
                    }
                )
            for key in ENTRY_KEYS - {"name"}:
                if key in entry and not isinstance(entry[key], str):
                    raise ValidationError(
                        _("Column “%(name)s”: “%(key)s” must be text.")
                        % {"name": entry["name"], "key": key}
                    )

    def prepare_value(self, value):
        # Indented, and Vietnamese left readable (the default escapes it as \\uXXXX).
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return super().prepare_value(value)


# Stands in for the DataFile of an upload while the form is validated: the DataFile is only
# created once the whole dataset form is valid (see ResourceForm._post_clean).
_UPLOAD_PENDING = -1


class DatasetForm(UnchangedFormMixin, WagtailAdminModelForm):
    """The dataset's form: sent back unchanged, it reports no change (see core.forms)."""


class ResourceForm(UnchangedFormMixin, WagtailAdminModelForm):
    upload = forms.FileField(
        label=_("Upload a file"),
        required=False,
        help_text=_(
            "CSV, Excel (.xlsx), JSON, GeoJSON, PDF or ZIP, at most %(limit)s. A new upload "
            "replaces the file of this resource; the old file stays with older versions."
        ),
    )
    remove_file = forms.BooleanField(
        label=_("Remove the uploaded file"),
        required=False,
        help_text=_("Tick to give an external link instead of a file."),
    )
    data_dictionary = DataDictionaryField(
        label=_("Data dictionary"),
        required=False,
        help_text=_(
            "One entry per column, in order: "
            '{"name": "tỉnh", "type": "string", "title": "Tỉnh, thành phố", '
            '"description": "...", "unit": "..."}. Types: string, integer, number, date, '
            "boolean, ... Filled in from the uploaded file; empty it to follow the file again."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = self.fields["upload"].help_text % {
            "limit": format_bytes(current_limits().max_bytes)
        }
        inferred = self.inferred_dictionary()
        if inferred and not self.instance.data_dictionary:
            self.initial["data_dictionary"] = inferred

    def inferred_dictionary(self) -> list[dict]:
        data_file = self.instance.data_file if self.instance.data_file_id else None
        return list(((data_file and data_file.inferred_schema) or {}).get("fields", []))

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        try:
            check_upload(upload)
        except RejectedFile as rejection:
            raise ValidationError(rejection.message) from rejection
        return upload

    def clean_data_dictionary(self):
        value = self.cleaned_data.get("data_dictionary")
        # Left as it was filled in, it keeps following the file (a new upload's dictionary
        # then shows), instead of freezing a copy of the inferred one.
        if not value or value == self.inferred_dictionary():
            return None
        return value

    def _post_clean(self) -> None:
        # Resource.clean() wants a file or a link. An upload's DataFile is made in save(),
        # only once the whole form is valid; until then a placeholder stands in for it.
        cleaned = getattr(self, "cleaned_data", {})
        if cleaned.get("remove_file") or cleaned.get("upload"):
            self.instance.data_file = None
        if cleaned.get("upload"):
            self.instance.data_file_id = _UPLOAD_PENDING
        try:
            super()._post_clean()
        finally:
            if self.instance.data_file_id == _UPLOAD_PENDING:
                self.instance.data_file_id = None

    def save(self, commit: bool = True) -> Resource:
        resource = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        if upload:
            resource.data_file = store_upload(upload, self.for_user)
        if commit:
            resource.save()
        return resource


class DataFileStatusPanel(Panel):
    """What ingestion found about the resource's file, read-only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "opendata/admin/data_file_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            resource = self.instance
            data_file_id = getattr(resource, "data_file_id", None)
            context["data_file"] = resource.data_file if data_file_id else None
            return context


class ResourceInlinePanel(InlinePanel):
    """The resources' InlinePanel with ResourceForm as the child form."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        meta = {}
        defer = self.child_edit_handler.get_form_options().get("defer_required_on_fields")
        if defer:
            meta["defer_required_on_fields"] = defer
        formset["form"] = get_form_for_model(Resource, form_class=ResourceForm, **meta)
        # The child forms learn who is editing (the DataFile's uploaded_by), as comments do.
        formset["inherit_kwargs"] = ["for_user"]
        return options


RESOURCE_PANELS = [
    FieldPanel("name"),
    FieldPanel("name_en"),
    FieldPanel("description"),
    FieldPanel("description_en"),
    DataFileStatusPanel(heading=_("Uploaded file")),
    FieldPanel("upload"),
    FieldPanel("remove_file"),
    FieldPanel("url"),
    FieldPanel("format"),
    FieldPanel("data_dictionary"),
]


def dataset_panels() -> list[Panel]:
    """The model's panels, with the resources' InlinePanel replaced by ours."""
    panels = []
    for panel in Dataset.panels:
        if isinstance(panel, InlinePanel) and panel.relation_name == "resources":
            panel = ResourceInlinePanel(
                "resources", panels=RESOURCE_PANELS, heading=panel.heading, label=panel.label
            )
        panels.append(panel)
    return panels
