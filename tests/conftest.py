"""Fixtures shared by every test: fast settings, the site skeleton, editors and approvers."""

import pytest
from django.test import Client

from cms.site_structure import ensure_site_structure
from tests.factories import ApproverFactory, EditorFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    # Password hashing is deliberately slow; tests create and log in many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads (images, documents) go to a throw-away folder, never var/media.
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


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
