"""Fixtures shared by every test: fast settings, the site skeleton, editors and approvers,
the demo content, and a search index of each test's own that follows the database."""

import datetime
import io
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

import search.tasks
from cms.site_structure import ensure_site_structure
from search import service
from search.backends.embedded import EmbeddedSearchBackend
from search.documents import Document
from tests.factories import ApproverFactory, EditorFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    # Password hashing is deliberately slow; tests create and log in many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads (images, documents) go to a throw-away folder, never var/media.
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    settings.OPENDATA_ROOT = str(tmp_path_factory.mktemp("opendata"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Build the site skeleton once per test database; each test's transaction rolls back to
    # it, so the ``site`` fixture below only looks the pages up.
    with django_db_blocker.unblock():
        ensure_site_structure()


@pytest.fixture
def site(db):
    """The home and index pages of both locales: ``{"vi": LocaleRoots, "en": LocaleRoots}``.

    Safe after a transactional test emptied the database: the skeleton is then rebuilt.
    """
    return ensure_site_structure()


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def approver(db):
    return ApproverFactory()


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def approver_client(approver):
    client = Client()
    client.force_login(approver)
    return client


@dataclass(frozen=True)
class DemoContent:
    output: str  # what load_demo_content printed
    media: Path  # where its images are


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for a module inside a transaction rolled back after it.

    Loading takes seconds; tests that only read it share one load.
    """
    media = tmp_path_factory.mktemp("demo-media")
    # Dataset files of the demo sit beside its images; a test that reads them points
    # OPENDATA_ROOT at ``media / "opendata"`` again (the per-test setting replaces it).
    demo_settings = override_settings(MEDIA_ROOT=str(media), OPENDATA_ROOT=str(media / "opendata"))
    with django_db_blocker.unblock(), demo_settings:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = io.StringIO()
            call_command("load_demo_content", stdout=output)
            yield DemoContent(output.getvalue(), media)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# ---------------------------------------------------------------------------- search


class _CommitBeforeRead:
    """Stands in for ``django.db.transaction`` in :mod:`search.tasks`: a test's transaction
    never commits, so the "on commit" search tasks that content events enqueue run just
    before the index is next read, as if the test's writes had been committed then. (Not
    at once: a dataset's tags and themes are written after its post_save.)"""

    def __init__(self) -> None:
        self._callbacks: list = []
        # Held while the callbacks run: a live server's request threads share the test's
        # database connection, and must not run them at the same time.
        self._lock = threading.RLock()

    def on_commit(self, func, using=None, robust=False) -> None:
        with self._lock:
            self._callbacks.append(func)

    def commit(self) -> None:
        with self._lock:
            while self._callbacks:
                callbacks, self._callbacks = self._callbacks, []
                for func in callbacks:
                    func()


_commits = _CommitBeforeRead()


class BatchingEmbeddedBackend(EmbeddedSearchBackend):
    """The embedded backend, writing in batches: ``index`` and ``delete`` only note what
    to write, and the next read (search, suggest, count, ids) first runs the pending
    search tasks and then writes, in one commit per kind of write.

    Tests write far more often than they read (every factory save syncs its object), and
    each commit costs tens of milliseconds; what a read sees is the same as if every write
    had been committed at once.
    """

    def __init__(self, options) -> None:
        super().__init__(options)
        self._pending: dict[tuple[str, str], Document | None] = {}  # None: delete
        self._pending_lock = threading.Lock()
        self._flush_lock = threading.Lock()  # a read waits until the writes before it are in

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        with self._pending_lock:
            self._pending.update((document.key, document) for document in documents)
        return len(documents)

    def delete(self, type_name: str, ids: Iterable[str]) -> None:
        with self._pending_lock:
            self._pending.update(((type_name, doc_id), None) for doc_id in ids)

    def flush(self) -> None:
        with self._flush_lock:
            _commits.commit()
            with self._pending_lock:
                pending, self._pending = self._pending, {}
            super().index([doc for doc in pending.values() if doc is not None])
            deleted: dict[str, list[str]] = {}
            for (type_name, doc_id), document in pending.items():
                if document is None:
                    deleted.setdefault(type_name, []).append(doc_id)
            for type_name, ids in deleted.items():
                super().delete(type_name, ids)

    def search(self, *args, **kwargs):
        self.flush()
        return super().search(*args, **kwargs)

    def suggest(self, *args, **kwargs):
        self.flush()
        return super().suggest(*args, **kwargs)

    def count(self, *args, **kwargs):
        self.flush()
        return super().count(*args, **kwargs)

    def ids(self, *args, **kwargs):
        self.flush()
        return super().ids(*args, **kwargs)

    def rebuild(self, *args, **kwargs):
        with self._pending_lock:
            self._pending = {}
        return super().rebuild(*args, **kwargs)


@pytest.fixture(scope="module")
def demo_search_index(demo_content, django_db_blocker, tmp_path_factory) -> Path:
    """The search index of the demo content, built once per module by ``search_rebuild``'s
    rebuild; each test that uses the demo content starts from a copy of it."""
    path = tmp_path_factory.mktemp("demo-search-index")
    with django_db_blocker.unblock():
        service.rebuild(backend=EmbeddedSearchBackend({"PATH": path}))
    return path


@pytest.fixture(autouse=True)
def _search_index(request, settings, tmp_path, monkeypatch):
    """Each test searches an index of its own that follows its database: empty, or a copy
    of the demo content's. (tests/search overrides this with its own set-up.)"""
    path = tmp_path / "search-index"
    if "demo_content" in request.fixturenames:
        shutil.copytree(request.getfixturevalue("demo_search_index"), path)
    settings.SEARCH_BACKEND = f"{__name__}.BatchingEmbeddedBackend"
    settings.SEARCH_INDEX_PATH = path
    monkeypatch.setattr(search.tasks, "transaction", _commits)
    yield
    _commits.__init__()  # what this test left pending is for no one
    # One backend per index folder is cached; this test's folder is never used again.
    service._backend.cache_clear()


@pytest.fixture
def search_index():
    """The test's index: ``search_index.flush()`` brings it up to date now, so that a
    test counting a request's SQL queries does not count the pending indexing."""
    return service.get_backend()


@pytest.fixture
def one_rate_window():
    """A frozen clock, half-way through a rate-limit window: the limits count per window of
    the clock (core.http.ratelimit), so a test whose requests straddled a boundary on a
    slow machine saw its count start again."""
    middle = datetime.datetime(2026, 3, 2, 9, 0, 30, tzinfo=datetime.UTC)
    with time_machine.travel(middle, tick=False):
        yield
