from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """Several values from a fixed list, stored as a JSON array.

    Portable across SQLite and PostgreSQL (unlike ArrayField) and still typed: every item
    is checked against ``item_choices`` and the admin shows checkboxes.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _label in self.item_choices}
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of values."), code="invalid")
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown value(s) %(values)s; allowed: %(allowed)s."),
                code="invalid_choice",
                params={"values": ", ".join(map(str, unknown)), "allowed": ", ".join(allowed)},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A value is repeated."), code="duplicate")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.MultipleChoiceField,
            "choices": self.item_choices,
            "widget": forms.CheckboxSelectMultiple,
            # default=list would add a hidden "initial-" copy that admin panels never
            # render, and the field would always look changed.
            "show_hidden_initial": False,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
