"""Fixtures shared by every test: fast settings, the site skeleton, editors and approvers."""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from cms.site_structure import ensure_site_structure
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
