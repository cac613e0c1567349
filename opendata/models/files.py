"""Uploaded data files and what ingestion learnt about them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class DataFileStorage(FileSystemStorage):
    """A folder that is never served as-is (OPENDATA_ROOT, not MEDIA_ROOT).

    Files of drafts and withdrawn datasets must not be reachable by URL: every byte goes
    out through the download view, which checks that the dataset is public.
    """

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @cached_property
    def base_location(self) -> str:
        return str(settings.OPENDATA_ROOT)

    @cached_property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs) -> None:
        # Tests point OPENDATA_ROOT at a throw-away folder.
        if setting == "OPENDATA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class DataFile(models.Model):
    """The bytes behind an uploaded resource, outside revisions.

    Resources live in the dataset's revisions; what ingestion learns (checksum, format,
    dictionary, preview) is written here, so that publishing an older revision never
    overwrites it with the values the draft had before ingestion finished.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being checked")
        READY = "ready", _("Ready")
        REJECTED = "rejected", _("Rejected")

    file = models.FileField(
        _("file"), storage=DataFileStorage(), upload_to="files/%Y/%m/", max_length=500
    )
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("why it was rejected"), blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=16, blank=True)
    media_type = models.CharField(_("media type"), max_length=128, blank=True)
    encoding = models.CharField(_("text encoding"), max_length=32, blank=True)
    delimiter = models.CharField(_("CSV delimiter"), max_length=4, blank=True)
    # A Frictionless Table Schema ({"fields": [{"name", "type", ...}]}), as inferred.
    inferred_schema = models.JSONField(_("inferred data dictionary"), null=True, blank=True)
    # {"header": [...], "rows": [[...], ...]}: at most OPENDATA_PREVIEW_ROWS rows.
    preview = models.JSONField(_("preview"), null=True, blank=True)
    row_count = models.PositiveBigIntegerField(_("rows"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ingested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data file")
        verbose_name_plural = _("data files")

    def __str__(self) -> str:
        return self.original_name
