"""The orders of :data:`search.query.SORTS` other than relevance, as index values.

Backend-neutral: :func:`title_key` and :func:`name_key` are the values "title" and
"name" compare (a backend that sorts natively indexes them as keywords).

For engines that sort by one field in one direction (tantivy), :func:`sort_keys` turns
every sort into one string per document that sorts *ascending* into the wanted order,
with documents lacking the value last and ties broken by (type, id): a descending
order is written inverted, and the tie-breaker is appended after a separator that sorts
below every character of a value.
"""

from __future__ import annotations

from datetime import datetime

from core import text
from search.documents import Document

# Index field of each sort (an ascending string).
SORT_FIELDS = {
    "date": "sort_date_desc",
    "-date": "sort_date_asc",
    "created": "sort_created_desc",
    "-created": "sort_created_asc",
    "title": "sort_title_asc",
    "-title": "sort_title_desc",
    "name": "sort_name_asc",
    "-name": "sort_name_desc",
    "uid": "sort_uid_asc",
    "-uid": "sort_uid_desc",
}
_TIE = "\x01"  # below every character a key holds (control characters are dropped)
_LAST = "~"  # above every digit and hexadecimal letter: a missing value sorts last
_END = "~"  # ends an inverted string: "abc" before "ab" when descending
_EPOCH_OFFSET = 10**18  # microseconds: every datetime becomes a positive 19-digit number


def title_key(document: Document) -> str:
    """The folded, lower-cased title, whitespace collapsed, control characters dropped."""
    return " ".join(text.fold(text.normalize(_printable(document.title))).lower().split())


def name_key(document: Document) -> str:
    """The name as given (a slug, a CKAN name), else the title's key."""
    return _printable(document.name).strip() or title_key(document)


def uid_key(document: Document) -> str:
    """The public identifier as given, else the id."""
    return _printable(document.uid).strip() or _printable(document.id)


def _printable(value: str) -> str:
    return "".join(char for char in value if char >= " ")


def _moment(value: datetime | None, descending: bool) -> str:
    if value is None:
        return _LAST
    micros = int(value.timestamp() * 1_000_000) + _EPOCH_OFFSET
    return f"{2 * _EPOCH_OFFSET - micros if descending else micros:019d}"


def _inverted(value: str) -> str:
    """A string whose ascending order is ``value``'s descending order (UTF-8 byte order,
    as ascending strings compare): each byte b written as the hex digits of 255 - b."""
    return "".join(f"{255 - byte:02x}" for byte in value.encode()) + _END


def sort_keys(document: Document) -> dict[str, str]:
    """{field: ascending string} for every sort in SORT_FIELDS."""
    tie = f"{_TIE}{_printable(document.type)}{_TIE}{_printable(document.id)}"
    title, name, uid = title_key(document), name_key(document), uid_key(document)
    values = {
        "date": _moment(document.date, descending=True),
        "-date": _moment(document.date, descending=False),
        "created": _moment(document.created, descending=True),
        "-created": _moment(document.created, descending=False),
        "title": title,
        "-title": _inverted(title),
        "name": name,
        "-name": _inverted(name),
        "uid": uid,
        "-uid": _inverted(uid),
    }
    return {SORT_FIELDS[sort]: value + tie for sort, value in values.items()}
