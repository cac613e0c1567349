"""Publishing to the real local CKAN (tests/ckan): the target is the fault proxy in front of it.

CKAN's database outlives test runs: datasets get unique names (``unique_name``).
"""

import pytest

from tests.ckan.fixtures import ckan_proxy, ckan_server, unique_name  # noqa: F401
from tests.factories import DatasetFactory


@pytest.fixture
def publishing(settings, ckan_server, ckan_proxy):  # noqa: F811
    """Publishing on, to the local CKAN through the proxy, with a sysadmin's token.

    Retries wait no time, so that a test can drain several rounds at once.
    """
    settings.CKAN_URL = ckan_proxy.url
    settings.CKAN_API_TOKEN = ckan_server.sysadmin_token
    settings.CKAN_TARGETS = ""
    settings.CKAN_ORGANIZATIONS = ""
    settings.CKAN_WITHDRAW = "delete"
    settings.CKAN_RETRY_BASE_SECONDS = 0.0
    settings.CKAN_RETRY_MAX_SECONDS = 0.0
    settings.CKAN_REQUEST_TIMEOUT = 10.0
    settings.CKAN_WORKER_TIMEOUT = 30.0
    settings.BASE_URL = "https://dulieu.example.gov.vn"
    return ckan_proxy


@pytest.fixture
def remote(ckan_server):  # noqa: F811
    """A sysadmin's ckanapi client straight to CKAN (not through the proxy), to check results."""
    return ckan_server.ckan(ckan_server.sysadmin_token)


def new_dataset(**kwargs):
    kwargs.setdefault("name", unique_name("ds"))
    kwargs.setdefault("publisher__code", unique_name("CQ").upper())
    return DatasetFactory(**kwargs)
