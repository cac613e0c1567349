"""Reading tables (CSV, XLSX) row by row: the header, a sample, and the number of rows.

Nothing is held but the sample: the rest of the rows are counted as they stream past.
"""

import csv
import datetime
import decimal
import io
import math
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from opendata.ingest.checksum import CHUNK_SIZE, HashingReader
from opendata.ingest.errors import RejectedFile

# The csv module refuses cells over 128 KB by default; open data has long cells now and
# then (a geometry as WKT, a legal text), so allow a few megabytes before calling it broken.
csv.field_size_limit(max(csv.field_size_limit(), 8 * 1024 * 1024))


@dataclass
class Table:
    header: list[str]
    sample: list[list[Any]]  # the first rows after the header, as read
    row_count: int


def read_csv(reader: HashingReader, encoding: str, delimiter: str, sample_rows: int) -> Table:
    """The table in a CSV stream; decodes strictly (UnicodeDecodeError: wrong encoding)."""
    text = io.TextIOWrapper(
        io.BufferedReader(reader, CHUNK_SIZE), encoding=encoding, errors="strict", newline=""
    )
    rows = csv.reader(text, delimiter=delimiter)
    try:
        table = _collect((row for row in rows if row), sample_rows)
    except csv.Error as error:
        raise RejectedFile(
            _("The CSV file cannot be read at line %(line)d: %(error)s")
            % {"line": rows.line_num, "error": error}
        ) from error
    # Only whitespace after the last row still belongs in the checksum.
    reader.drain()
    text.detach()
    if encoding == "cp1258":
        # Windows-1258 writes most Vietnamese letters as a base letter and a combining tone
        # mark; compose them so that "Hà Nội" reads and compares as typed in UTF-8.
        table.header = [unicodedata.normalize("NFC", cell) for cell in table.header]
        table.sample = [
            [unicodedata.normalize("NFC", cell) for cell in row] for row in table.sample
        ]
    return table


def read_xlsx(handle: BinaryIO, sample_rows: int) -> Table:
    """The table on the first worksheet of a workbook, read in openpyxl's streaming mode."""
    import openpyxl  # imported here: most ingestions never need it

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything from KeyError to its own types
        raise RejectedFile(
            _("The Excel workbook cannot be opened: %(error)s") % {"error": error or type(error)}
        ) from error
    try:
        if not workbook.worksheets:
            raise RejectedFile(_("The Excel workbook has no worksheet."))
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return _collect((cells for cells in map(_trimmed, rows) if cells), sample_rows)
    except RejectedFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise RejectedFile(
            _("The Excel workbook cannot be read: %(error)s") % {"error": error}
        ) from error
    finally:
        workbook.close()


def _trimmed(row: tuple) -> list[Any]:
    # Read-only worksheets report every column up to the widest row, as None.
    cells = list(row)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return [_plain(cell) for cell in cells]


def _plain(value: Any) -> Any:
    """A cell value as JSON can hold it (dates as ISO 8601 strings)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return str(value)
    return value


def _collect(rows: Iterable[list[Any]], sample_rows: int) -> Table:
    """Header, sample and count from rows that are not empty."""
    iterator: Iterator[list[Any]] = iter(rows)
    header = None
    for row in iterator:
        if any(cell not in (None, "") for cell in row):
            header = ["" if cell is None else str(cell).strip() for cell in row]
            break
    if header is None:
        raise RejectedFile(_("The table is empty: no header row was found."))
    sample = []
    count = 0
    for row in iterator:
        count += 1
        sample.append(row)
        if len(sample) >= sample_rows:
            break
    count += sum(1 for _row in iterator)
    return Table(header=header, sample=sample, row_count=count)
