"""Dataset events -> outbox entries, written in the transaction of the event itself.

Publishing (or editing) a live dataset, withdrawing it, making it private, deleting it,
and a file of a live dataset passing ingestion each write one entry per CKAN target
that takes the dataset's agency. The push is enqueued once the transaction commits; if
it fails or never runs, the entry is still there for the sync loop.
"""

import uuid

from django.db import transaction

from opendata.ckan_publish.config import Target, targets
from opendata.models import DataFile, Dataset, DatasetSyncState, OutboxEntry
from opendata.selectors import is_public, public_datasets

Action = OutboxEntry.Action


def _has_unfinished(target: Target, key: uuid.UUID) -> bool:
    return OutboxEntry.objects.filter(
        target=target.name,
        dataset_uuid=key,
        status__in=[OutboxEntry.Status.PENDING, OutboxEntry.Status.RUNNING],
    ).exists()


@transaction.atomic
def record(
    dataset: Dataset, action: str, *, force: bool = False, enqueue: bool = True
) -> list[OutboxEntry]:
    """Write the entries for ``dataset`` (one per target taking it) and enqueue their push.

    ``enqueue=False`` leaves them to the caller's drain (the ckan_sync command).
    """
    entries = []
    for target in targets():
        if not target.accepts(dataset.publisher.code):
            continue
        state = DatasetSyncState.objects.filter(target=target.name, dataset=dataset).first()
        if action == Action.WITHDRAW and not force:
            # Nothing of it ever reached this catalog, and nothing is on its way: done.
            never_sent = state is None or (
                state.status == DatasetSyncState.Status.NEVER_SYNCED and not state.remote_id
            )
            if never_sent and not _has_unfinished(target, dataset.uuid):
                continue
        if state is None:
            state = DatasetSyncState(target=target.name, dataset=dataset)
        state.status = DatasetSyncState.Status.PENDING
        state.save()
        entries.append(
            OutboxEntry.objects.create(
                target=target.name,
                dataset=dataset,
                dataset_uuid=dataset.uuid,
                dataset_name=dataset.name,
                remote_id=state.remote_id,
                action=action,
                force=force,
            )
        )
    if enqueue:
        _enqueue_after_commit(entries)
    return entries


@transaction.atomic
def record_deletion(dataset: Dataset) -> list[OutboxEntry]:
    """The dataset row is going: its entries keep what the withdrawal needs (id, name)."""
    entries = []
    states = {s.target: s for s in DatasetSyncState.objects.filter(dataset=dataset)}
    for target in targets():
        state = states.get(target.name)
        sent = state is not None and (state.remote_id or state.status != state.Status.NEVER_SYNCED)
        if not sent and not _has_unfinished(target, dataset.uuid):
            continue
        entries.append(
            OutboxEntry.objects.create(
                target=target.name,
                dataset=None,
                dataset_uuid=dataset.uuid,
                dataset_name=dataset.name,
                remote_id=state.remote_id if state else "",
                action=Action.WITHDRAW,
            )
        )
    # Entries already written point at the row being deleted; keep them, without it.
    OutboxEntry.objects.filter(dataset=dataset).update(dataset=None)
    _enqueue_after_commit(entries)
    return entries


def retry(dataset: Dataset, *, enqueue: bool = True) -> list[OutboxEntry]:
    """The editor's "retry": push again, comparing with the remote copy."""
    action = Action.PUBLISH if is_public(dataset) else Action.WITHDRAW
    return record(dataset, action, force=True, enqueue=enqueue)


def _enqueue_after_commit(entries: list[OutboxEntry]) -> None:
    from opendata.ckan_publish.tasks import push_dataset

    for key in {(e.target, str(e.dataset_uuid)) for e in entries}:
        transaction.on_commit(lambda key=key: push_dataset.enqueue(*key))


# ---------------------------------------------------------------------------- signals


def dataset_published(sender, instance: Dataset, **kwargs) -> None:
    if not targets():
        return
    # Publishing a revision that makes the dataset private is a withdrawal.
    record(instance, Action.PUBLISH if is_public(instance) else Action.WITHDRAW)


def dataset_unpublished(sender, instance: Dataset, **kwargs) -> None:
    if targets():
        record(instance, Action.WITHDRAW)


def dataset_deleted(sender, instance: Dataset, **kwargs) -> None:
    if targets():
        record_deletion(instance)


def data_file_saved(sender, instance: DataFile, created: bool, **kwargs) -> None:
    """A file of a live dataset passed ingestion after publication: send it."""
    if created or instance.status != DataFile.Status.READY or not targets():
        return
    datasets = public_datasets().filter(resources__data_file=instance).distinct()
    for dataset in datasets.select_related("publisher"):
        record(dataset, Action.PUBLISH)
