"""Fixtures for the tests of the local CKAN itself; other packages import them the same way."""

from tests.ckan.fixtures import ckan_proxy, ckan_server  # noqa: F401
