"""Admin form tweaks shared by every page type."""

from django.forms.formsets import BaseFormSet
from django.forms.models import model_to_dict
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets.slug import SlugInput

from core.forms import UnchangedFormMixin
from core.models import in_order

# Wagtail's admin transliterates slugs in the browser with no Vietnamese map: "Đ" becomes
# "dj" and letters with two marks (ự, ế, ổ) are dropped. These formatters run before its
# own transliteration and fold every Vietnamese letter to its base, as core.text does on
# the server ("Đăng ký khai sinh" -> "dang-ky-khai-sinh").
VIETNAMESE_LETTERS = {
    "a": "àáạảãâầấậẩẫăằắặẳẵ",
    "e": "èéẹẻẽêềếệểễ",
    "i": "ìíịỉĩ",
    "o": "òóọỏõôồốộổỗơờớợởỡ",
    "u": "ùúụủũưừứựửữ",
    "y": "ỳýỵỷỹ",
    "d": "đ",
}
VIETNAMESE_SLUG_FORMATTERS = [
    # Decomposed input (NFD, as some keyboards send it): drop the combining marks.
    ("[\u0300-\u036f]", ""),
    *((f"[{letters}]", base) for base, letters in VIETNAMESE_LETTERS.items()),
    *((f"[{letters.upper()}]", base.upper()) for base, letters in VIETNAMESE_LETTERS.items()),
]


class BasePageForm(UnchangedFormMixin, WagtailAdminPageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            page = self.parent_page if self.instance.locale_id is None else self.instance
            self.fields["slug"].widget = SlugInput(
                locale=page.locale if page else None,
                formatters=VIETNAMESE_SLUG_FORMATTERS,
            )

    def has_changed(self) -> bool:
        # modelcluster asks every child form; see chosen_children_changed for why the
        # orderable ones (topics, legal documents) are compared as a list instead.
        if self.changed_data:
            return True
        return any(
            chosen_children_changed(formset)
            if hasattr(formset.model, "sort_order_field")
            else any(form.has_changed() for form in formset.forms)
            for formset in self.formsets.values()
        )


def chosen_children_changed(formset: BaseFormSet) -> bool:
    """Whether an orderable child formset was sent back other than it was shown.

    A live page's draft keeps the children it added in its revision only, without ids; the
    form sends them back without one and modelcluster builds each such form on an empty
    object, so it always looks changed (and an approval from the edit view would restart
    the review). Compared here: the children kept, in the order posted, with those shown.
    """
    if not formset.is_valid():
        return True
    shown = in_order(formset.get_queryset())
    kept = [form for form in formset.ordered_forms if form not in formset.deleted_forms]
    if len(kept) != len(shown):
        return True
    for form, child in zip(kept, shown, strict=True):
        initial = model_to_dict(child, fields=form._meta.fields)
        for name in form._meta.fields or ():
            field = form.fields.get(name)
            if field is not None and field.has_changed(initial.get(name), form[name].data):
                return True
    return False
