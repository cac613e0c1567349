"""Content events → index updates, for whatever models apps registered: the one place
where search listens to the content.

Handlers only enqueue a task (on commit); the work happens in :mod:`search.tasks`.
Pages follow Wagtail's publishing events (a draft save changes nothing the public sees);
other models follow every save and delete. The models a type declares it depends on
(``DocumentType.depends_on``) re-index the documents that show them.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
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
from search.tasks import enqueue_dependents, enqueue_subtree, enqueue_sync

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


def dependency_saved(sender, instance, **kwargs) -> None:
    # Which documents show it is looked up by the task, after the commit.
    for document_type in registry.depending_on(sender):
        enqueue_dependents(document_type.name, sender._meta.label_lower, [instance.pk])


def dependency_deleting(sender, instance, **kwargs) -> None:
    # Before the delete: once it is gone, so are the links that find its documents.
    for document_type in registry.depending_on(sender):
        ids = document_type.affected_by(sender._meta.label_lower, [instance.pk])
        if ids:
            enqueue_sync(document_type.name, ids)


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
    for model in registry.dependency_models():
        label = model._meta.label_lower
        post_save.connect(dependency_saved, sender=model, dispatch_uid=f"{uid}uses:{label}+")
        pre_delete.connect(dependency_deleting, sender=model, dispatch_uid=f"{uid}uses:{label}-")
