"""What the CKAN publisher has to send (the outbox) and what it last sent (the sync state).

An outbox entry is written in the same transaction as the dataset event that calls for it,
so a crash or an unreachable catalog never loses a change. Entries say *that* a dataset
must be brought in step with a target, not *what* to send: the worker maps the dataset as
it is when it pushes, so a late retry never sends older content than the database holds.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """One change to push to one CKAN target, processed in order per (target, dataset)."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish or update")
        WITHDRAW = "withdraw", _("Withdraw")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being sent")
        DONE = "done", _("Sent")
        FAILED = "failed", _("Failed")

    target = models.CharField(_("CKAN target"), max_length=64)
    # Kept as a plain value: a deleted dataset's withdrawal must still find its way out.
    dataset_uuid = models.UUIDField(_("dataset id"), db_index=True)
    dataset = models.ForeignKey(
        "opendata.Dataset",
        verbose_name=_("dataset"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ckan_outbox",
    )
    dataset_name = models.CharField(_("dataset name"), max_length=100)
    # The remote package as known when the entry was written (a deletion needs it).
    remote_id = models.CharField(_("CKAN package id"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), auto_now_add=True)
    # A worker owns a running entry until then; past it, another worker may take it over.
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    force = models.BooleanField(
        _("compare with the remote copy"),
        default=False,
        help_text=_("Read the remote package and repair it even if nothing changed here."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("CKAN outbox entry")
        verbose_name_plural = _("CKAN outbox entries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="ckan_outbox_due"),
            models.Index(fields=["target", "dataset_uuid", "status"], name="ckan_outbox_key"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.dataset_name} -> {self.target}"


class DatasetSyncState(models.Model):
    """Where a dataset stands in one CKAN target, as the admin shows it to editors."""

    class Status(models.TextChoices):
        NEVER_SYNCED = "never_synced", _("Never synced")
        PENDING = "pending", _("Waiting to be sent")
        SYNCED = "synced", _("Synced")
        WITHDRAWN = "withdrawn", _("Withdrawn from the catalog")
        FAILED = "failed", _("Failed")

    class ErrorKind(models.TextChoices):
        NONE = "", _("None")
        UNAVAILABLE = "unavailable", _("Catalog unavailable")
        INVALID = "invalid", _("Refused by the catalog")
        PROBLEMS = "problems", _("Would be refused: not sent")
        NOT_AUTHORISED = "not_authorised", _("Not authorised")
        NOT_FOUND = "not_found", _("Not found")

    target = models.CharField(_("CKAN target"), max_length=64)
    dataset = models.ForeignKey(
        "opendata.Dataset",
        verbose_name=_("dataset"),
        on_delete=models.CASCADE,
        related_name="ckan_states",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEVER_SYNCED
    )
    remote_id = models.CharField(_("CKAN package id"), max_length=100, blank=True)
    remote_name = models.CharField(_("CKAN package name"), max_length=100, blank=True)
    remote_org = models.CharField(_("CKAN organization"), max_length=100, blank=True)
    synced_at = models.DateTimeField(_("synced at"), null=True, blank=True)
    error_kind = models.CharField(
        _("kind of error"), max_length=16, choices=ErrorKind.choices, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    # {"field": ["message", ...]}, as CKAN or our own checks gave them.
    error_fields = models.JSONField(_("errors by field"), default=dict, blank=True)
    # SHA-256 of the package and resource dicts last sent: equal means nothing to send.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    # {"<our resource uuid>": {"id": "<remote id>", "sha256": "<file sent>"}}
    resources = models.JSONField(_("resources sent"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("CKAN sync state")
        verbose_name_plural = _("CKAN sync states")
        constraints = [
            models.UniqueConstraint(fields=["target", "dataset"], name="ckan_state_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}@{self.target}: {self.status}"
