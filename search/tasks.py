"""Background tasks that keep the index in step with the content.

Each task reads the current state from the database, so tasks enqueued twice, late or
out of order still leave the index right (see :func:`search.service.sync`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django_tasks import task
from wagtail.models import Page

from search import registry, service

SYNC_BATCH = 500  # ids per service.sync when a task finds many


@task()
def sync_objects(type_name: str, ids: list[str]) -> int:
    """Index or remove these objects, as the public may now see them or not."""
    return service.sync(type_name, ids)


@task()
def sync_subtree(page_id: int) -> int:
    """Re-check every indexed page at or below a page (a move, a view restriction)."""
    page = Page.objects.filter(pk=page_id).only("path").first()
    if page is None:
        return 0
    synced = 0
    for document_type in registry.all_types():
        if not issubclass(document_type.model, Page):
            continue
        ids = list(
            document_type.model.objects.filter(path__startswith=page.path).values_list(
                "pk", flat=True
            )
        )
        # Pages of this type that the index holds but the tree no longer has here are
        # handled by their own delete or move events.
        synced += _sync_in_batches(document_type.name, ids)
    return synced


@task()
def sync_dependents(type_name: str, model_label: str, pks: list[str]) -> int:
    """Re-index the documents of a type that show these objects of a model it depends on
    (an agency renamed: its news)."""
    ids = registry.get(type_name).affected_by(model_label, pks)
    return _sync_in_batches(type_name, ids)


def _sync_in_batches(type_name: str, ids: list) -> int:
    return sum(
        service.sync(type_name, ids[start : start + SYNC_BATCH])
        for start in range(0, len(ids), SYNC_BATCH)
    )


def enqueue_sync(type_name: str, ids: Iterable[object]) -> None:
    """Sync once the transaction commits: the worker must see the committed state, and
    a rolled-back change must not touch the index."""
    ids = [str(pk) for pk in ids]
    transaction.on_commit(lambda: sync_objects.enqueue(type_name, ids))


def enqueue_subtree(page_id: int) -> None:
    transaction.on_commit(lambda: sync_subtree.enqueue(page_id))


def enqueue_dependents(type_name: str, model_label: str, pks: Iterable[object]) -> None:
    """Re-index what shows these objects once the transaction commits (the task finds it)."""
    pks = [str(pk) for pk in pks]
    transaction.on_commit(lambda: sync_dependents.enqueue(type_name, model_label, pks))
