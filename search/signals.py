"""Content events → index updates, for whatever models apps registered.

Handlers only enqueue a task (on commit); the work happens in :mod:`search.tasks`.
Pages follow Wagtail's publishing events (a draft save changes nothing the public sees);
other models follow every save and delete.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from search import registry
from search.tasks import enqueue_subtree, enqueue_sync

DISPATCH_PREFIX = "search:"


def _sync_instance(instance) -> None:
    document_type = registry.for_model(type(instance))
    if document_type is None and isinstance(instance, Page):
        document_type = registry.for_model(instance.specific_class or type(instance))
    if document_type is not None and instance.pk is not None:
        enqueue_sync(document_type.name, [instance.pk])


def page_changed(sender, instance, **kwargs) -> None:
    _sync_instance(instance)


def object_saved(sender, instance, **kwargs) -> None:
    _sync_instance(instance)


def object_deleted(sender, instance, **kwargs) -> None:
    _sync_instance(instance)


def workflow_changed(sender, instance, **kwargs) -> None:
    # ``instance`` is the workflow state; its object is the page under review.
    content = getattr(instance, "content_object", None) or getattr(instance, "page", None)
    if content is not None:
        _sync_instance(content)


def page_moved(sender, instance, **kwargs) -> None:
    enqueue_subtree(instance.pk)


def restriction_changed(sender, instance, **kwargs) -> None:
    if instance.page_id is not None:
        enqueue_subtree(instance.page_id)


def connect() -> None:
    """Connect the handlers for every registered type (call once the registry is full)."""
    uid = DISPATCH_PREFIX
    page_published.connect(page_changed, dispatch_uid=f"{uid}published")
    page_unpublished.connect(page_changed, dispatch_uid=f"{uid}unpublished")
    post_page_move.connect(page_moved, dispatch_uid=f"{uid}moved")
    for signal in (workflow_submitted, workflow_approved, workflow_rejected, workflow_cancelled):
        signal.connect(workflow_changed, dispatch_uid=f"{uid}{id(signal)}")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}vr+")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}vr-")
    for document_type in registry.all_types():
        model = document_type.model
        label = model._meta.label_lower
        post_delete.connect(object_deleted, sender=model, dispatch_uid=f"{uid}{label}-")
        if not issubclass(model, Page):
            post_save.connect(object_saved, sender=model, dispatch_uid=f"{uid}{label}+")
