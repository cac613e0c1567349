"""Reading an action's parameters the way CKAN does: the request data, then its validators.

The messages are CKAN's own (ckan/logic/validators.py), so that clients that show them or
match on them behave as with a CKAN site.
"""

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, QueryDict

from opendata.ckan_api import vocabulary
from opendata.ckan_api.errors import BadRequest, SearchError, SearchQueryError, ValidationError

# Larger offsets than Solr's (a 32-bit int) would only overflow the database.
MAX_OFFSET = 2**31 - 1
TRUE = {"true", "yes", "on", "y", "t", "1"}
FALSE = {"false", "no", "off", "n", "f", "0", ""}


def _mixed(query: QueryDict) -> dict[str, Any]:
    """One value per key, or the list of values when a key is repeated (CKAN's ``mixed``)."""
    return {key: values[0] if len(values) == 1 else values for key, values in query.lists()}


def request_data(request: HttpRequest, *, side_effect_free: bool = True) -> dict[str, Any]:
    """The action's data dict: form fields, else query parameters, else a JSON body.

    Raises BadRequest with CKAN's "JSON Error: ..." messages.
    """
    if request.method == "GET" and not side_effect_free:
        raise BadRequest("JSON Error: Invalid request. Please use POST method for your request")
    data: Any = {}
    content_type = request.content_type or ""
    form = request.POST if request.method == "POST" else QueryDict()
    if form:
        values = list(form.values())
        if len(values) == 1 and values[0] in ("1", ""):
            # A JSON document posted as the name of a form field, as some clients do.
            data = _decode(next(iter(form.keys())))
        else:
            data = _mixed(form)
    elif request.GET and side_effect_free:
        data = _mixed(request.GET)
    elif request.method == "POST" and not content_type.startswith("multipart/") and request.body:
        data = _decode(request.body)
    if not isinstance(data, dict):
        raise BadRequest(
            f"JSON Error: Request data JSON decoded to {data!r} but it needs to be a dictionary."
        )
    data.pop("callback", None)
    return data


def _decode(raw: bytes | str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise BadRequest(
            f"JSON Error: Error decoding JSON data. Error: {error!r} "
            "JSON data extracted from the request: {}"
        ) from None


def integer(data: dict[str, Any], key: str) -> int | None:
    """CKAN's ``int_validator``: whole numbers, as numbers or base-10 strings; None if empty."""
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value == value and value not in (float("inf"), float("-inf")) and value % 1 == 0:
            return int(value)
    elif isinstance(value, str):
        try:
            return int(value.strip(), 10)
        except ValueError:
            pass
    raise ValidationError({key: ["Invalid integer"]})


def natural_number(
    data: dict[str, Any], key: str, default: int | None = None, *, cap: int | None = None
) -> int | None:
    """CKAN's ``natural_number_validator``; ``cap`` lowers larger values, as CKAN caps rows."""
    value = integer(data, key)
    if value is None:
        return default
    if value < 0:
        raise ValidationError({key: ["Must be a natural number"]})
    if cap is not None:
        return min(value, cap)
    if value > MAX_OFFSET:
        raise ValidationError({key: [f"Must be at most {MAX_OFFSET}"]})
    return value


def boolean(data: dict[str, Any], key: str, default: bool) -> bool:
    """CKAN's ``asbool``; anything else is the "Parameter is not an bool" error CKAN gives."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
    raise ValidationError({"message": "Parameter is not an bool"})


def text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, str):
        return clean(value, key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValidationError({key: ["Must be a string"]})


def clean(value: str, key: str) -> str:
    """Refuse what no database column takes: NUL characters and lone surrogates (from JSON)."""
    if "\x00" in value:
        raise ValidationError({key: ["Must not contain NUL characters"]})
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError({key: ["Must be valid Unicode text"]}) from None
    return value


def string_list(data: dict[str, Any], key: str) -> list[str]:
    """``facet.field``: a JSON list of strings, as text or as a list (CKAN's validators)."""
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise ValidationError({key: ["Could not parse as valid JSON"]}) from None
    if not isinstance(value, list):
        raise ValidationError({key: ["Not a list"]})
    for item in value:
        if not isinstance(item, str):
            raise ValidationError({key: [f"Not a string: {item}"]})
    return value


def names_list(data: dict[str, Any], key: str) -> list[str]:
    """A list of names given as a list or as comma-separated text (``organizations``)."""
    value = data.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ValidationError({key: ["Not a list"]})


# Solr's sort fields that the catalogue can order by.
SEARCH_SORT_FIELDS = tuple(vocabulary.SORTS)


def search_sort(spec: str) -> list[tuple[str, bool]]:
    """``"score desc, metadata_modified desc"`` -> [("score", True), ("metadata_modified", True)].

    As Solr: a direction is required (else CKAN's 'Invalid "sort" parameter', 400) and an
    unknown field is a search error (409).
    """
    keys = []
    for part in spec.split(","):
        words = part.split()
        if not words:
            if part.strip() or len(spec.split(",")) > 1:
                raise SearchQueryError('Invalid "sort" parameter')
            continue
        if len(words) != 2 or words[1].lower() not in ("asc", "desc"):
            raise SearchQueryError('Invalid "sort" parameter')
        field, direction = words[0], words[1].lower()
        if field not in SEARCH_SORT_FIELDS:
            raise SearchError(f"sort param field can't be found: {field}")
        keys.append((field, direction == "desc"))
    return keys


def list_sort(spec: str, allowed: tuple[str, ...]) -> tuple[str, bool]:
    """CKAN's ``_unpick_search`` for group and organization lists, one criterion only."""
    criteria = []
    for part in spec.split(","):
        words = part.strip().split()
        if not words:
            raise ValidationError({"message": "Cannot sort by field ``"})
        field = words[0]
        order = words[1].lower() if len(words) > 1 else "asc"
        if field not in allowed:
            raise ValidationError({"message": f"Cannot sort by field `{field}`"})
        if order not in ("asc", "desc"):
            raise ValidationError({"message": f"Invalid sort direction `{order}`"})
        criteria.append((field, order == "desc"))
    if len(criteria) > 1:
        raise ValidationError({"message": "Too many sort criteria provided only 1 allowed"})
    return criteria[0]
