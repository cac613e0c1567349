"""Datasets and their resources, edited in the admin through the review workflow."""

import uuid
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.models import FoldedSearchMixin
from core.revisions import UnchangedRevisionMixin
from opendata.models.reference import CKAN_NAME_VALIDATOR, ckan_name_from


class Frequency(models.TextChoices):
    """How often a dataset is updated: codes of the EU frequency vocabulary used by DCAT-AP."""

    CONTINUOUS = "UPDATE_CONT", _("Continuously updated")
    DAILY = "DAILY", _("Daily")
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")
    QUARTERLY = "QUARTERLY", _("Quarterly")
    SEMIANNUAL = "ANNUAL_2", _("Twice a year")
    ANNUAL = "ANNUAL", _("Annual")
    BIENNIAL = "BIENNIAL", _("Every two years")
    IRREGULAR = "IRREG", _("Irregular")
    NEVER = "NEVER", _("Never (historical data)")
    UNKNOWN = "UNKNOWN", _("Unknown")


class DatasetTag(TaggedItemBase):
    content_object = ParentalKey(
        "opendata.Dataset", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Dataset(
    UnchangedRevisionMixin,
    FoldedSearchMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """A dataset (CKAN "package"): metadata in Vietnamese and English plus its resources.

    The row holds the live version once published; drafts and reviews live in revisions,
    as for pages. ``is_private`` keeps a published dataset out of every public surface.
    """

    # CKAN clients address a package by id (a UUID) or by name.
    uuid = models.UUIDField(_("id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("name in URLs"),
        max_length=100,
        unique=True,
        blank=True,
        validators=[CKAN_NAME_VALIDATOR],
        help_text=_("Left empty, it is made from the Vietnamese title."),
    )
    title = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("description (Vietnamese)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    publisher = models.ForeignKey(
        "cms.Agency",
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    maintainer = models.CharField(_("maintainer"), max_length=255, blank=True)
    maintainer_email = models.EmailField(_("maintainer e-mail"), blank=True)
    licence = models.ForeignKey(
        "opendata.Licence",
        verbose_name=_("licence"),
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    themes = ParentalManyToManyField(
        "opendata.Theme", verbose_name=_("themes"), blank=True, related_name="datasets"
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=DatasetTag, blank=True)
    frequency = models.CharField(
        _("update frequency"), max_length=16, choices=Frequency.choices, default="UNKNOWN"
    )
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    provinces = ParentalManyToManyField(
        "opendata.Province",
        verbose_name=_("provinces covered"),
        blank=True,
        related_name="datasets",
        help_text=_("Leave empty for the whole country."),
    )
    version = models.CharField(_("version"), max_length=100, blank=True)
    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        blank=True,
        help_text=_("A persistent identifier (DOI, the agency's own code); empty: its URL."),
    )
    related_news = ParentalManyToManyField(
        "cms.NewsPage", verbose_name=_("related news"), blank=True, related_name="datasets"
    )
    related_procedures = ParentalManyToManyField(
        "cms.ProcedurePage",
        verbose_name=_("related procedures"),
        blank=True,
        related_name="datasets",
    )
    is_private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("A private dataset stays out of the catalogue, the APIs and downloads."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="dataset")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="dataset",
        for_concrete_model=False,
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("title_en"),
                FieldPanel("name"),
                FieldPanel("description"),
                FieldPanel("description_en"),
            ],
            heading=_("Title and description"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldRowPanel([FieldPanel("maintainer"), FieldPanel("maintainer_email")]),
                FieldPanel("licence"),
                FieldPanel("themes"),
                FieldPanel("tags"),
            ],
            heading=_("Publisher, licence and themes"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("frequency"),
                FieldRowPanel([FieldPanel("temporal_start"), FieldPanel("temporal_end")]),
                FieldPanel("provinces"),
                FieldRowPanel([FieldPanel("version"), FieldPanel("identifier")]),
            ],
            heading=_("Coverage and version"),
        ),
        InlinePanel("resources", heading=_("Files and links"), label=_("resource")),
        MultiFieldPanel(
            [
                FieldPanel("related_news"),
                FieldPanel("related_procedures"),
                FieldPanel("is_private"),
            ],
            heading=_("Links and visibility"),
        ),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.SearchField("name"),
        index.AutocompleteField("title"),
        index.FilterField("live"),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_text"),
    ]
    folded_fields = ("title", "title_en", "name")

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def localized_title(self, language: str | None = None) -> str:
        language = (language or get_language() or "vi")[:2]
        return self.title_en if language == "en" and self.title_en else self.title

    def localized_description(self, language: str | None = None) -> str:
        language = (language or get_language() or "vi")[:2]
        return self.description_en if language == "en" and self.description_en else self.description

    def clean(self) -> None:
        super().clean()
        if not self.name:
            self.name = ckan_name_from(self.title)
            if len(self.name) < 2:
                raise ValidationError({"title": _("The title must contain letters or digits.")})
        if self.temporal_start and self.temporal_end and self.temporal_start > self.temporal_end:
            raise ValidationError(
                {"temporal_end": _("The end of the period comes before its start.")}
            )


class Resource(Orderable):
    """A file or a link of a dataset (CKAN "resource"); part of the dataset's revisions."""

    dataset = ParentalKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    # Stable across revisions and renames: download URLs and the CKAN API use it.
    uuid = models.UUIDField(_("id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    data_file = models.ForeignKey(
        "opendata.DataFile",
        verbose_name=_("uploaded file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    url = models.URLField(_("external link"), max_length=2000, blank=True)
    format = models.CharField(
        _("format"), max_length=16, blank=True, help_text=_("Left empty: as detected.")
    )
    # The editor's data dictionary: [{"name", "type", "title", "description", "unit"}];
    # empty means the one inferred at ingestion.
    data_dictionary = models.JSONField(_("data dictionary"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("data_file"),
        FieldPanel("url"),
        FieldPanel("format"),
        FieldPanel("data_dictionary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if bool(self.data_file_id) == bool(self.url):
            raise ValidationError(_("Give either an uploaded file or an external link."))

    def localized_name(self, language: str | None = None) -> str:
        language = (language or get_language() or "vi")[:2]
        return self.name_en if language == "en" and self.name_en else self.name

    @property
    def filename(self) -> str:
        if self.data_file_id:
            return self.data_file.original_name
        return PurePosixPath(urlsplit(self.url).path).name or "download"

    def get_format(self) -> str:
        if self.format:
            return self.format.upper()
        if self.data_file_id and self.data_file.format:
            return self.data_file.format
        return PurePosixPath(urlsplit(self.url).path).suffix.lstrip(".").upper()

    def get_data_dictionary(self) -> list[dict]:
        if self.data_dictionary:
            return self.data_dictionary
        schema = self.data_file.inferred_schema if self.data_file_id else None
        return list((schema or {}).get("fields", []))

    def get_download_url(self) -> str:
        """Where the bytes are: our stable download URL for files, the link otherwise."""
        if not self.data_file_id:
            return self.url
        return reverse(
            "opendata:resource-download",
            kwargs={
                "dataset": self.dataset.name,
                "resource": self.uuid,
                "filename": self.filename,
            },
        )
