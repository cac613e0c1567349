"""Admin form tweaks shared by every page type."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets.slug import SlugInput

from core.forms import UnchangedFormMixin

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
