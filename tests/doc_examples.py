"""Checking an answer shown in a doc against the real one, for the docs' example tests."""

from collections.abc import Collection
from typing import Any


def assert_same_values(shown: Any, actual: Any, exact: Collection[str], path: str = "") -> None:
    """Every value the doc shows under a key in ``exact`` equals the real one; elsewhere
    only the shape (the same keys, nested the same way) must hold, since ids, scores and
    dates differ from one database to another."""
    if isinstance(shown, dict):
        for key, value in shown.items():
            if key in exact and not isinstance(value, dict | list):
                assert actual[key] == value, f"{path}.{key}: the doc shows {value!r}"
            else:
                assert_same_values(value, actual[key], exact, f"{path}.{key}")
    elif isinstance(shown, list):
        for index, (item, other) in enumerate(zip(shown, actual, strict=False)):
            assert_same_values(item, other, exact, f"{path}[{index}]")
