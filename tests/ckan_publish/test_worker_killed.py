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
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from opendata.models import DatasetSyncState, OutboxEntry
from tests.ckan_publish.conftest import new_dataset

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(django_settings.BASE_DIR)


def worker_database(tmp_path: Path) -> tuple[str, callable]:
    """DATABASE_URL for the worker, and how to read an outbox entry's status from it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)

        def status(pk: int) -> tuple[str, int]:
            with sqlite3.connect(path) as db:
                return db.execute(
                    "SELECT status, attempts FROM opendata_outboxentry WHERE id = ?", (pk,)
                ).fetchone()

        return f"sqlite:///{path}", status
    db = connection.settings_dict

    def status(pk: int) -> tuple[str, int]:
        entry = OutboxEntry.objects.get(pk=pk)
        return entry.status, entry.attempts

    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}", status


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

    database_url, read_status = worker_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "OPENDATA_ROOT": str(settings.OPENDATA_ROOT),
        "MINHBACH_VAR_DIR": str(tmp_path / "var"),
        "BASE_URL": settings.BASE_URL,
        "CKAN_URL": publishing.url,
        "CKAN_API_TOKEN": ckan_server.sysadmin_token,
        "CKAN_RETRY_BASE_SECONDS": "0",
        "CKAN_LEASE_SECONDS": "10",
    }
    publishing.passthrough()
    publishing.delay(0.7)
    publishing.reset_counts()
    worker = ckan_sync(env)
    deadline = time.monotonic() + 60
    while publishing.write_calls()["resource_create"] < 2 and time.monotonic() < deadline:
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()  # the lease (10 s) began a little earlier
    worker.wait(10)
    assert publishing.write_calls()["package_create"] == 1
    assert read_status(entry.pk)[0] == OutboxEntry.Status.RUNNING

    # Another worker leaves the leased entry alone; once the lease is over, it takes it.
    publishing.passthrough()
    second = ckan_sync(env)
    assert "0 pushed" in second.communicate(timeout=60)[0]
    time.sleep(max(0.0, killed_at + 10 - time.monotonic()))
    third = ckan_sync(env)
    output = third.communicate(timeout=60)[0]
    assert third.returncode == 0, output
    assert "1 pushed" in output and "0 failed" in output

    # Attempts: the refused in-process push, the killed worker, the one that finished.
    assert read_status(entry.pk) == (OutboxEntry.Status.DONE, 3)
    package = remote.action.package_show(id=dataset.name)
    ours = [str(r.uuid) for r in dataset.resources.order_by("sort_order")]
    assert [r["minhbach_id"] for r in package["resources"]] == ours
    assert publishing.write_calls()["package_create"] == 1
    if connection.vendor != "sqlite":
        state = DatasetSyncState.objects.get(dataset=dataset)
        assert state.status == DatasetSyncState.Status.SYNCED
