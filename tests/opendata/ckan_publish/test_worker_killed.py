"""A `manage.py ckan_sync` killed with SIGKILL in the middle of a push: the next one resumes.

The worker is a real process on a copy of the test database (SQLite) or on the test
database itself (PostgreSQL); CKAN is slowed down by the proxy so that the kill lands
between the package's creation and its last resource.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from opendata.models import DatasetSyncState, OutboxEntry
from tests.opendata.ckan_publish.conftest import new_dataset

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(django_settings.BASE_DIR)


class WorkerDatabase:
    """The worker's database: its DATABASE_URL, and what the test reads and writes in it."""

    def __init__(self, tmp_path: Path) -> None:
        self.sqlite_path: Path | None = None
        if connection.vendor == "sqlite":
            self.sqlite_path = tmp_path / "worker.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(self.sqlite_path) as copy:
                connection.connection.backup(copy)
            self.url = f"sqlite:///{self.sqlite_path}"
        else:
            db = connection.settings_dict
            self.url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def status(self, pk: int) -> tuple[str, int]:
        if self.sqlite_path is None:
            entry = OutboxEntry.objects.get(pk=pk)
            return entry.status, entry.attempts
        with sqlite3.connect(self.sqlite_path) as db:
            return db.execute(
                "SELECT status, attempts FROM opendata_outboxentry WHERE id = ?", (pk,)
            ).fetchone()

    def end_lease(self, pk: int) -> None:
        """What the passing of the lease's time does, without waiting for it: the lease
        ends in the past (an hour ago)."""
        ended = timezone.now() - timedelta(hours=1)
        if self.sqlite_path is None:
            OutboxEntry.objects.filter(pk=pk).update(lease_until=ended)
            return
        with sqlite3.connect(self.sqlite_path) as db:
            stored = ended.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
            db.execute("UPDATE opendata_outboxentry SET lease_until = ? WHERE id = ?", (stored, pk))


def ckan_sync(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "ckan_sync", "--verbose"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_killed_worker_resumes_without_duplicates(
    publishing, settings, remote, ckan_server, tmp_path
):
    settings.CKAN_MAX_ATTEMPTS = 10
    publishing.refuse()  # the in-process push fails: the entry waits for the worker
    dataset = new_dataset(resources=3, publish=False)
    dataset.save_revision().publish()
    entry = OutboxEntry.objects.get(dataset=dataset)
    assert entry.status == OutboxEntry.Status.PENDING

    database = WorkerDatabase(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "OPENDATA_ROOT": str(settings.OPENDATA_ROOT),
        "MINHBACH_VAR_DIR": str(tmp_path / "var"),
        "BASE_URL": settings.BASE_URL,
        "CKAN_URL": publishing.url,
        "CKAN_API_TOKEN": ckan_server.sysadmin_token,
        "CKAN_RETRY_BASE_SECONDS": "0",
        # Far longer than the test: the second worker must find the lease held, however slow
        # the machine; the test then ends it by hand.
        "CKAN_LEASE_SECONDS": "3600",
    }
    publishing.passthrough()
    publishing.delay(0.7)
    publishing.reset_counts()
    worker = ckan_sync(env)
    deadline = time.monotonic() + 300
    while publishing.write_calls()["resource_create"] < 2 and time.monotonic() < deadline:
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    assert publishing.write_calls()["package_create"] == 1
    assert database.status(entry.pk)[0] == OutboxEntry.Status.RUNNING

    # Another worker leaves the leased entry alone; once the lease is over, it takes it.
    publishing.passthrough()
    second = ckan_sync(env)
    assert "0 pushed" in second.communicate(timeout=300)[0]
    database.end_lease(entry.pk)
    third = ckan_sync(env)
    output = third.communicate(timeout=300)[0]
    assert third.returncode == 0, output
    assert "1 pushed" in output and "0 failed" in output

    # Attempts: the refused in-process push, the killed worker, the one that finished.
    assert database.status(entry.pk) == (OutboxEntry.Status.DONE, 3)
    package = remote.action.package_show(id=dataset.name)
    ours = [str(r.uuid) for r in dataset.resources.order_by("sort_order")]
    assert [r["minhbach_id"] for r in package["resources"]] == ours
    assert publishing.write_calls()["package_create"] == 1
    if connection.vendor != "sqlite":
        state = DatasetSyncState.objects.get(dataset=dataset)
        assert state.status == DatasetSyncState.Status.SYNCED
