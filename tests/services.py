"""Tests that need a service the project starts (devtools/services.sh: PostgreSQL, Redis; the
local CKAN): without it they skip, naming it; under CI=true, where .ci/run has started
everything, the same skip is a failure instead."""

import os
import socket

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(message: str) -> None:
    """Skip the test with ``message``, or fail it under CI=true."""
    if in_ci():
        pytest.fail(f"{message} (CI=true: a skip counts as a failure)", pytrace=False)
    pytest.skip(message)


def answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """Whether something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
