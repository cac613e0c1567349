"""The data dictionary of a table (a Frictionless Table Schema), inferred from a sample."""

import datetime
import re
from typing import Any

from frictionless import Detector, Resource

# Vietnamese files write dates day first; frictionless only recognises ISO 8601 by default.
_DAY_FIRST = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_LEADING_ZERO = re.compile(r"^[+-]?0\d")


def infer_schema(header: list[str], sample: list[list[Any]]) -> dict:
    """``{"fields": [{"name", "type", "format"?}, ...]}`` for the columns of ``header``.

    Field names are the header's, except that frictionless names empty headers "field<n>"
    and numbers duplicates ("a", "a2"), so that every field has a distinct name.
    """
    resource = Resource(
        data=[header, *sample],
        detector=Detector(sample_size=len(sample) + 1, field_confidence=0.9),
    )
    resource.infer()
    fields = []
    for index, field in enumerate(resource.schema.fields):
        described = {"name": field.name, "type": field.type}
        values = [
            row[index]
            for row in sample
            if index < len(row) and row[index] is not None and row[index] != ""
        ]
        described.update(_refined(field.type, values))
        fields.append(described)
    return {"fields": fields}


def _refined(inferred: str, values: list[Any]) -> dict:
    texts = [value for value in values if isinstance(value, str)]
    if inferred in ("integer", "number") and any(_LEADING_ZERO.match(t.strip()) for t in texts):
        # Codes such as the statistics office's province codes ("01" is Hà Nội): as numbers
        # they would lose their leading zero.
        return {"type": "string"}
    all_text = bool(texts) and len(texts) == len(values)
    if inferred == "string" and all_text and all(_is_day_first(t.strip()) for t in texts):
        return {"type": "date", "format": "%d/%m/%Y"}
    return {}


def _is_day_first(text: str) -> bool:
    if not _DAY_FIRST.match(text):
        return False
    try:
        datetime.datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return False
    return True
