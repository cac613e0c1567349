"""Draining the outbox: claim the next due entry, push it, record what happened.

Entries of one (target, dataset) go out in the order they were written: an entry is only
claimed when no older one of its key is waiting or running, so an edit never overtakes a
withdrawal. A claim is a lease (an UPDATE that only one worker can win, on SQLite and
PostgreSQL alike, with SELECT ... FOR UPDATE SKIP LOCKED to spread workers on PostgreSQL):
a worker killed mid-push loses its lease and the entry is taken over once it expires.

A push maps the dataset as it is now, so once it succeeds every older entry of its key is
done too; entries written while it ran stay for the next push.
"""

import logging
import random
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from opendata.ckan_publish.client import CKANClient, CKANError
from opendata.ckan_publish.config import Target, targets
from opendata.ckan_publish.sync import record_failure, sync_dataset
from opendata.models import DatasetSyncState, OutboxEntry

logger = logging.getLogger(__name__)
Status = OutboxEntry.Status
UNFINISHED = [Status.PENDING, Status.RUNNING]


@dataclass
class DrainReport:
    pushed: int = 0
    unchanged: int = 0
    retrying: int = 0
    failed: int = 0
    write_calls: int = 0
    read_calls: int = 0
    results: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        # Worth a line in the sync loop's log: something went out, failed or waits.
        return bool(self.pushed or self.failed or self.retrying)

    def __str__(self) -> str:
        return (
            f"{self.pushed} pushed, {self.unchanged} unchanged, {self.retrying} to retry, "
            f"{self.failed} failed; {self.write_calls} write and {self.read_calls} read calls"
        )


def backoff_seconds(attempts: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter (half to all of the step), at least Retry-After."""
    step = min(
        settings.CKAN_RETRY_MAX_SECONDS, settings.CKAN_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    )
    delay = step * random.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.CKAN_RETRY_MAX_SECONDS))
    return delay


def _due(now, target: str | None, key: uuid.UUID | None):
    queryset = OutboxEntry.objects.filter(
        Q(status=Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Status.RUNNING, lease_until__lt=now)
    )
    if target is not None:
        queryset = queryset.filter(target=target)
    if key is not None:
        queryset = queryset.filter(dataset_uuid=key)
    return queryset.order_by("pk")


def claim(
    *, target: str | None = None, key: uuid.UUID | None = None, exclude: set[int] | None = None
) -> tuple[OutboxEntry, int] | None:
    """Lease the oldest due entry that heads its key; with the last entry id it covers."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.CKAN_LEASE_SECONDS)
    with transaction.atomic():
        candidates = _due(now, target, key).exclude(pk__in=exclude or ())
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        for entry in candidates[:50]:
            older = OutboxEntry.objects.filter(
                target=entry.target,
                dataset_uuid=entry.dataset_uuid,
                status__in=UNFINISHED,
                pk__lt=entry.pk,
            )
            if older.exists():
                continue
            won = OutboxEntry.objects.filter(
                pk=entry.pk, status=entry.status, lease_until=entry.lease_until
            ).update(status=Status.RUNNING, lease_until=lease, attempts=F("attempts") + 1)
            if not won:
                continue
            entry.refresh_from_db()
            covers = (
                OutboxEntry.objects.filter(
                    target=entry.target, dataset_uuid=entry.dataset_uuid, status__in=UNFINISHED
                )
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
            return entry, covers
    return None


def _covered(entry: OutboxEntry, covers: int):
    return OutboxEntry.objects.filter(
        target=entry.target, dataset_uuid=entry.dataset_uuid, pk__gte=entry.pk, pk__lte=covers
    ).exclude(status__in=[Status.DONE, Status.FAILED])


class UnexpectedError(CKANError):
    """Anything else that broke a push; retried like an outage, up to the limit."""

    kind = "unavailable"
    retryable = True


def process(entry: OutboxEntry, covers: int, client: CKANClient, report: DrainReport) -> None:
    force = _covered(entry, covers).filter(force=True).exists()
    writes_before = client.write_calls
    try:
        outcome = sync_dataset(
            client,
            entry.dataset_uuid,
            name_hint=entry.dataset_name,
            remote_hint=entry.remote_id,
            force=force,
        )
    except CKANError as error:
        _failed(entry, covers, error, report)
    except Exception as error:
        # A bug or a lost database connection must not stop the loop; the entry is retried.
        logger.exception("CKAN push of %s failed unexpectedly", entry.dataset_name)
        _failed(entry, covers, UnexpectedError(f"{type(error).__name__}: {error}"), report)
    else:
        _covered(entry, covers).update(
            status=Status.DONE, done_at=timezone.now(), lease_until=None, last_error=""
        )
        report.results.append(f"{entry.dataset_name}: {outcome.result}")
        if outcome.writes:
            report.pushed += 1
        else:
            report.unchanged += 1
    finally:
        report.write_calls += client.write_calls - writes_before


def _failed(entry: OutboxEntry, covers: int, error: CKANError, report: DrainReport) -> None:
    target = configured_target(entry.target)
    if error.retryable and entry.attempts < settings.CKAN_MAX_ATTEMPTS:
        delay = backoff_seconds(entry.attempts, error.retry_after)
        OutboxEntry.objects.filter(pk=entry.pk).update(
            status=Status.PENDING,
            lease_until=None,
            last_error=error.message,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        if target is not None:
            record_failure(target, str(entry.dataset_uuid), error, DatasetSyncState.Status.PENDING)
        report.retrying += 1
        report.results.append(f"{entry.dataset_name}: retry in {delay:.1f} s ({error.message})")
        return
    # Permanent, or out of attempts: the entries it covers would fail the same way.
    _covered(entry, covers).update(
        status=Status.FAILED, lease_until=None, last_error=error.message, done_at=timezone.now()
    )
    if target is not None:
        record_failure(target, str(entry.dataset_uuid), error, DatasetSyncState.Status.FAILED)
    report.failed += 1
    report.results.append(f"{entry.dataset_name}: failed ({error.message})")


def configured_target(name: str) -> Target | None:
    return next((t for t in targets() if t.name == name), None)


def drain(
    *,
    target: str | None = None,
    key: uuid.UUID | str | None = None,
    timeout: float | None = None,
    limit: int | None = None,
) -> DrainReport:
    """Push every due entry (of one target, or one dataset) once; returns what happened."""
    report = DrainReport()
    clients: dict[str, CKANClient] = {}
    skipped: set[int] = set()
    key = uuid.UUID(str(key)) if key is not None else None
    try:
        while limit is None or report.pushed + report.unchanged + report.failed < limit:
            claimed = claim(target=target, key=key, exclude=skipped)
            if claimed is None:
                break
            entry, covers = claimed
            config = configured_target(entry.target)
            if config is None:
                # Its target was removed from the configuration: keep it, untouched.
                OutboxEntry.objects.filter(pk=entry.pk).update(
                    status=Status.PENDING, lease_until=None, attempts=F("attempts") - 1
                )
                skipped.add(entry.pk)
                continue
            if config.name not in clients:
                clients[config.name] = CKANClient(config, timeout or settings.CKAN_WORKER_TIMEOUT)
            client = clients[config.name]
            reads_before = client.read_calls
            process(entry, covers, client, report)
            report.read_calls += client.read_calls - reads_before
            # One try per entry and round: a retry waits for its backoff or the next round.
            skipped.add(entry.pk)
    finally:
        for client in clients.values():
            client.close()
    return report
