"""Reference lists a dataset draws from: licences, themes (CKAN groups) and provinces."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.models import LocalizedNameMixin
from core.text import vietnamese_slugify

# CKAN's own rule for names of packages, groups and organizations.
CKAN_NAME_VALIDATOR = RegexValidator(
    r"^[a-z0-9_-]{2,100}$",
    _("Use 2 to 100 lowercase letters without diacritics, digits, '-' and '_'."),
)


def ckan_name_from(text: str) -> str:
    """A CKAN-valid name proposed from a (Vietnamese) title: folded, dashed, at most 100."""
    return vietnamese_slugify(text, max_length=100)


class Licence(LocalizedNameMixin):
    """A licence of the register; ``id`` is what the CKAN API shows as ``license_id``."""

    id = models.CharField(
        _("identifier"),
        max_length=64,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9.-]*$")],
        help_text=_("SPDX identifier where one exists, e.g. CC-BY-4.0."),
    )
    url = models.URLField(_("licence text"), blank=True)
    ckan_id = models.CharField(
        _("CKAN licence id"),
        max_length=64,
        help_text=_("The id a stock CKAN knows this licence by, e.g. cc-by."),
    )
    is_open = models.BooleanField(
        _("open licence"), default=True, help_text=_("Conforms to the Open Definition.")
    )

    panels = [
        FieldPanel("id"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("url"),
        FieldPanel("ckan_id"),
        FieldPanel("is_open"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")


class Theme(LocalizedNameMixin):
    """A theme of the catalogue; the CKAN API shows themes as groups."""

    class EUTheme(models.TextChoices):
        # DCAT-AP's data-theme vocabulary, so that harvesters can place our datasets.
        AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
        ECON = "ECON", _("Economy and finance")
        EDUC = "EDUC", _("Education, culture and sport")
        ENER = "ENER", _("Energy")
        ENVI = "ENVI", _("Environment")
        GOVE = "GOVE", _("Government and public sector")
        HEAL = "HEAL", _("Health")
        INTR = "INTR", _("International issues")
        JUST = "JUST", _("Justice, legal system and public safety")
        REGI = "REGI", _("Regions and cities")
        SOCI = "SOCI", _("Population and society")
        TECH = "TECH", _("Science and technology")
        TRAN = "TRAN", _("Transport")

    slug = models.CharField(
        _("slug"), max_length=100, unique=True, blank=True, validators=[CKAN_NAME_VALIDATOR]
    )
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    eu_theme = models.CharField(
        _("DCAT-AP data theme"), max_length=4, choices=EUTheme.choices, blank=True
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("eu_theme"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def clean(self) -> None:
        super().clean()
        if not self.slug:
            self.slug = ckan_name_from(self.name)
        if len(self.slug) < 2:
            raise ValidationError({"name": _("The name must contain letters or digits.")})


class Province(LocalizedNameMixin):
    """A province-level unit (34 since 1 July 2025), for a dataset's spatial coverage."""

    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("GSO code"))

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_en")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
