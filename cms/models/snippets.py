"""Reference data shared by news and procedures: agencies, topics, sectors, legal documents."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.models import FoldedSearchMixin, LocalizedNameMixin
from core.text import vietnamese_slugify


class Agency(FoldedSearchMixin, LocalizedNameMixin, index.Indexed):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("Ministry")
        PROVINCE = "province", _("Province")
        UNIT = "unit", _("Unit")

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9._-]*$",
                _("Use capital letters, digits, '.', '_' and '-', e.g. BTTTT or UBND-HN."),
            )
        ],
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.SearchField("code"),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_text"),
    ]
    folded_fields = ("name", "name_en")

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def clean(self) -> None:
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("An agency cannot be its own ancestor.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class SluggedTerm(FoldedSearchMixin, LocalizedNameMixin, index.Indexed):
    slug = models.SlugField(_("slug"), max_length=255, unique=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_text"),
    ]
    folded_fields = ("name", "name_en")

    class Meta:
        abstract = True
        ordering = ["name"]

    def clean(self) -> None:
        super().clean()
        if not self.slug:
            self.slug = vietnamese_slugify(self.name)
        if not self.slug:
            raise ValidationError({"name": _("The name must contain letters or digits.")})


class Topic(SluggedTerm):
    class Meta(SluggedTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Sector(SluggedTerm):
    class Meta(SluggedTerm.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class LegalDocument(FoldedSearchMixin, index.Indexed, models.Model):
    class DocumentType(models.TextChoices):
        CONSTITUTION = "constitution", _("Constitution")
        LAW = "law", _("Law")
        RESOLUTION = "resolution", _("Resolution")
        DECREE = "decree", _("Decree")
        DECISION = "decision", _("Decision")
        DIRECTIVE = "directive", _("Directive")
        CIRCULAR = "circular", _("Circular")
        PLAN = "plan", _("Plan")
        OFFICIAL_LETTER = "official_letter", _("Official letter")

    number = models.CharField(
        _("number"), max_length=64, help_text=_("As printed, e.g. 942/QĐ-TTg or 17/NQ-CP.")
    )
    # Case- and space-insensitive form of the number: SQLite's UPPER() and LIKE fold ASCII
    # only, so "942/qđ-ttg" would not match "942/QĐ-TTg" there without it.
    number_key = models.CharField(max_length=64, unique=True, editable=False)
    document_type = models.CharField(_("type"), max_length=32, choices=DocumentType.choices)
    # A legal document's "title" is its trích yếu (abstract); datasets share the English
    # words with another meaning, so these carry a context.
    title = models.CharField(pgettext_lazy("legal document", "title (Vietnamese)"), max_length=500)
    title_en = models.CharField(
        pgettext_lazy("legal document", "title (English)"), max_length=500, blank=True
    )
    issuer = models.ForeignKey(
        Agency, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="legal_documents"
    )
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    url = models.URLField(_("link to the full text"), blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("document_type"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("issuer"),
        FieldPanel("signed_on"),
        FieldPanel("effective_on"),
        FieldPanel("url"),
    ]
    search_fields = [
        index.SearchField("number"),
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.AutocompleteField("number"),
        index.FilterField("document_type"),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_text"),
    ]
    folded_fields = ("number", "title")

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.number_key = self.key_for(self.number)
        super().save(*args, **kwargs)

    def localized_title(self, language: str | None = None) -> str:
        language = (language or get_language() or "vi")[:2]
        return self.title_en if language == "en" and self.title_en else self.title

    @staticmethod
    def key_for(number: str) -> str:
        return "".join((number or "").split()).casefold()

    def clean(self) -> None:
        super().clean()
        self.number = " ".join((self.number or "").split())
        clash = LegalDocument.objects.filter(number_key=self.key_for(self.number))
        if self.number and clash.exclude(pk=self.pk).exists():
            raise ValidationError({"number": _("A legal document with this number exists.")})
        if self.signed_on and self.effective_on and self.effective_on < self.signed_on:
            raise ValidationError(
                {"effective_on": _("A document cannot take effect before it is signed.")}
            )
