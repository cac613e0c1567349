"""Abstract bases that apps' models share (core has no models of its own)."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.text import fold


class LocalizedNameMixin(models.Model):
    """Reference data carries its Vietnamese name and an English one, not a copy per locale.

    Agencies, topics and sectors are the same things in both languages; translating them
    as separate objects would split the links that news and procedures hold to them.
    """

    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        language = (language or get_language() or "vi")[:2]
        return self.name_en if language == "en" and self.name_en else self.name


class FoldedSearchMixin:
    """Admin searches (choosers, listings) that find Vietnamese without its marks.

    Wagtail's database search matches the words as typed: "ho tich" would not find
    "Hộ tịch", nor "da nang" "Đà Nẵng". Models list in ``folded_fields`` the fields whose
    folded copy they index (``index.SearchField("folded_text")``): a query typed with
    marks still matches the fields themselves.
    """

    folded_fields: tuple[str, ...] = ()

    def folded_text(self) -> str:
        return " ".join(fold(str(getattr(self, name, "") or "")) for name in self.folded_fields)


def in_order(children: Iterable) -> list:
    """Orderable child objects by their sort order: a revision holds them in the order the
    form last touched them (a moved one may come last); rows added outside the admin, with
    no sort order, after the others (databases put NULL first or last as they please)."""
    return sorted(children, key=lambda child: (child.sort_order is None, child.sort_order or 0))
