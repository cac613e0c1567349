"""The first rows of a table, with values cast to JSON types as the dictionary says."""

import math
import re
from typing import Any

MAX_CELL_CHARS = 1000  # keeps the stored preview small whatever the cells hold

_INTEGER = re.compile(r"^[+-]?\d+$")
_TRUE = {"true", "yes", "1", "có", "x"}
_FALSE = {"false", "no", "0", "không"}


def build_preview(header: list[str], rows: list[list[Any]], fields: list[dict], limit: int) -> dict:
    """``{"header": [...], "rows": [[...], ...]}`` for at most ``limit`` rows.

    The header is the dictionary's field names, so the two line up column by column.
    A value that does not fit its column's type (the type was inferred from a sample)
    stays a string rather than failing the preview.
    """
    types = [field.get("type", "string") for field in fields]
    names = [field["name"] for field in fields] or header
    return {
        "header": names,
        "rows": [
            [_cast(value, types, index) for index, value in enumerate(row)] for row in rows[:limit]
        ],
    }


def _cast(value: Any, types: list[str], index: int) -> Any:
    if value is None or value == "":
        return None
    kind = types[index] if index < len(types) else "string"
    if not isinstance(value, str):
        # Already typed (from a workbook): numbers, booleans and ISO dates stay as they are.
        return value
    text = value.strip()
    if kind == "integer" and _INTEGER.match(text):
        return int(text)
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return _bounded(value)
        return number if math.isfinite(number) else _bounded(value)
    if kind == "boolean":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return _bounded(value)


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"
