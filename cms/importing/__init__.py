"""Import of news, procedures and their reference data from JSON Lines (docs/import-format.md).

All or nothing by default: every record is processed inside one transaction, every error
is collected with its line number, and if any record failed the transaction is rolled
back, so a bad file writes nothing. With ``skip_invalid`` each record gets a savepoint of
its own and only the bad ones are rolled back.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.importing.errors import RecordError
from cms.importing.pages import NewsImporter, ProcedureImporter
from cms.importing.reference_data import import_agency, import_legal_document, import_term
from cms.models import Sector, Topic
from cms.site_structure import ensure_site_structure
from cms.validation import flatten_validation_error

OnExisting = Literal["update", "skip"]


@dataclass(frozen=True)
class Record:
    line: int
    data: dict[str, Any] | None
    error: str | None = None

    @property
    def label(self) -> str:
        data = self.data or {}
        key = data.get("code") or data.get("number") or data.get("slug") or data.get("name")
        key = key or data.get("title", "")
        return f"{data.get('type', 'record')} {key}".strip()


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    actions: Counter = field(default_factory=Counter)
    written: bool = False

    @property
    def created(self) -> int:
        return sum(n for (_kind, action), n in self.actions.items() if action == "created")

    @property
    def updated(self) -> int:
        return sum(n for (_kind, action), n in self.actions.items() if action == "updated")

    @property
    def skipped(self) -> int:
        return sum(n for (_kind, action), n in self.actions.items() if action == "skipped")


class _Rollback(Exception):
    pass


def parse_jsonl(source: str | Iterable[str]) -> list[Record]:
    """Split JSON Lines into records; a line that is not a JSON object becomes an error."""
    lines = source.splitlines() if isinstance(source, str) else source
    records = []
    for number, line in enumerate(lines, start=1):
        text = line.strip().lstrip("\ufeff")
        if not text or text.startswith("//"):
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            records.append(
                Record(number, None, f"invalid JSON: {error.msg} (column {error.colno})")
            )
            continue
        if not isinstance(data, dict):
            records.append(Record(number, None, "expected a JSON object"))
            continue
        records.append(Record(number, data))
    return records


def import_records(
    records: Iterable[Record],
    *,
    skip_invalid: bool = False,
    on_existing: OnExisting = "update",
    dry_run: bool = False,
) -> ImportReport:
    """Import records in file order; see the module docstring for the transaction rules."""
    if on_existing not in ("update", "skip"):
        raise ValueError("on_existing must be 'update' or 'skip'")
    report = ImportReport()
    try:
        with transaction.atomic():
            handlers = _handlers(on_existing)
            for record in records:
                _import_one(record, handlers, report)
            if dry_run or (report.errors and not skip_invalid):
                raise _Rollback
    except _Rollback:
        return report
    report.written = True
    return report


def _handlers(on_existing: OnExisting) -> dict[str, Any]:
    roots = ensure_site_structure()
    news = NewsImporter(roots, on_existing)
    procedures = ProcedureImporter(roots, on_existing)
    return {
        "agency": lambda data: import_agency(_without_type(data), on_existing),
        "topic": lambda data: import_term(Topic, _without_type(data), on_existing),
        "sector": lambda data: import_term(Sector, _without_type(data), on_existing),
        "legal_document": lambda data: import_legal_document(_without_type(data), on_existing),
        "news": news.run,
        "procedure": procedures.run,
    }


def _without_type(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "type"}


def _import_one(record: Record, handlers: dict, report: ImportReport) -> None:
    if record.error:
        report.errors.append((record.line, record.error))
        return
    kind = record.data.get("type")
    handler = handlers.get(kind)
    if handler is None:
        known = ", ".join(sorted(handlers))
        report.errors.append((record.line, f"type: expected one of {known}, got {kind!r}"))
        return
    try:
        # Always a savepoint: a failed record must not leave half of itself behind for the
        # records after it to see, even when the whole file is rolled back at the end.
        with transaction.atomic():
            _obj, action = handler(record.data)
    except RecordError as error:
        report.errors.append((record.line, f"{record.label}: {error}"))
    except ValidationError as error:
        for message in flatten_validation_error(error):
            report.errors.append((record.line, f"{record.label}: {message}"))
    except IntegrityError as error:
        # Validation should have caught it; the savepoint keeps the database consistent.
        report.errors.append((record.line, f"{record.label}: rejected by the database ({error})"))
    else:
        report.actions[(kind, action)] += 1
