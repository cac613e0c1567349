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


@pytest.fixture
def site(db):
    """The home and index pages of both locales: ``{"vi": LocaleRoots, "en": LocaleRoots}``."""
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
