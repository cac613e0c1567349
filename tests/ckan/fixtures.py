"""pytest fixtures for tests that talk to a real local CKAN 2.12 (see local_ckan.py).

Other test packages import them into their conftest.py:

    from tests.ckan.fixtures import ckan_proxy, ckan_server  # noqa: F401

- ``ckan_server`` (session): a running CKAN on a free port with ``.url``,
  ``.sysadmin_token``, ``.user_token`` (a user in no organization), ``.stop()`` and
  ``.start()`` (the real process, same port), ``.ckan(token=None)`` -> ckanapi.RemoteCKAN
  (None = sysadmin, "" = anonymous) and ``.install`` (names, database, ini).
- ``ckan_proxy`` (function): a new FaultProxy (proxy.py) in front of it, passing, counts at
  zero; closed at teardown. It restarts CKAN first if an earlier test left it stopped.

Without PostgreSQL or Redis, or when CKAN cannot be installed (no network), the tests skip
with the reason; with CI=true that skip is a failure instead.
The CKAN database outlives the test run and is shared by concurrent runs: use unique names
(``unique_name()``), never add the normal user to an organization (make a user of your own
for that) and never call local_ckan.reset() from a test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from devtools.ckan.local_ckan import CkanServer, CkanUnavailable, setup
from devtools.ckan.proxy import FaultProxy
from tests.services import unavailable


def unique_name(prefix: str = "mb") -> str:
    """A CKAN-valid name (lowercase, digits, -) that no earlier run has used."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def ckan_unavailable(reason: str) -> None:
    unavailable(f"local CKAN unavailable: {reason}")


@pytest.fixture(scope="session")
def ckan_server() -> Iterator[CkanServer]:
    try:
        install = setup()
    except CkanUnavailable as exc:
        ckan_unavailable(str(exc))
    server = CkanServer(install)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ckan_proxy(ckan_server: CkanServer) -> Iterator[FaultProxy]:
    ckan_server.start()  # a no-op unless an earlier test stopped it
    proxy = FaultProxy(ckan_server.url)
    yield proxy
    proxy.close()  # the next test gets a new proxy, passing
