"""Ingestion of a data file: the quick checks, then one streaming pass, then the record.

``analyse`` works on any seekable binary stream and touches no database, so the benchmark
measures exactly what the task runs; ``ingest`` applies it to a stored DataFile.
"""

import codecs
import json
import logging
from dataclasses import asdict, dataclass
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _

from opendata.ingest.checksum import CHUNK_SIZE, HashingReader, digest
from opendata.ingest.errors import RejectedFile
from opendata.ingest.limits import Limits, current_limits
from opendata.ingest.preview import build_preview
from opendata.ingest.profiling import infer_schema
from opendata.ingest.safety import FirstLook, first_look
from opendata.ingest.sniffing import (
    MEDIA_TYPES,
    Format,
    claimed_format,
    head_says_geojson,
    sniff_delimiter,
)
from opendata.ingest.tabular import Table, read_csv, read_xlsx
from opendata.models import DataFile

logger = logging.getLogger(__name__)

GEOJSON_TYPES = {
    "FeatureCollection",
    "Feature",
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


@dataclass
class Analysis:
    """What ingestion learnt about a file: the values a DataFile stores."""

    size: int
    sha256: str
    format: str
    media_type: str
    encoding: str = ""
    delimiter: str = ""
    inferred_schema: dict | None = None
    preview: dict | None = None
    row_count: int | None = None


def analyse(handle: BinaryIO, filename: str, limits: Limits | None = None) -> Analysis:
    """Check and describe a file; raises RejectedFile with a message for the editor."""
    limits = limits or current_limits()
    look = first_look(handle, filename, limits)
    if look.format == Format.CSV:
        return _analyse_csv(handle, look, limits)
    if look.format == Format.JSON:
        return _analyse_json(handle, look, filename, limits)
    handle.seek(0)
    size, sha256 = digest(handle, limits.max_bytes)
    analysis = Analysis(size, sha256, look.format, MEDIA_TYPES[look.format])
    if look.format == Format.XLSX:
        handle.seek(0)
        _describe_table(analysis, read_xlsx(handle, limits.sample_rows), limits)
    return analysis


def _analyse_csv(handle: BinaryIO, look: FirstLook, limits: Limits) -> Analysis:
    delimiter = sniff_delimiter(look.head_text)
    # The head's encoding is only a guess: a UTF-8 file may hold its first non-ASCII
    # character far down. Decoding strictly and starting over in cp1258 on the first error
    # keeps the common case to a single pass.
    encodings = [look.encoding] if look.encoding == "cp1258" else [look.encoding, "cp1258"]
    for encoding in encodings:
        handle.seek(0)
        reader = HashingReader(handle, limits.max_bytes, text=True)
        try:
            table = read_csv(reader, encoding, delimiter, limits.sample_rows)
        except UnicodeDecodeError as error:
            if encoding != "cp1258":
                continue
            raise RejectedFile(
                _("The text is neither UTF-8 nor Windows-1258 (byte %(position)d).")
                % {"position": reader.size - len(error.object) + error.start}
            ) from error
        analysis = Analysis(
            reader.size,
            reader.sha256,
            Format.CSV,
            MEDIA_TYPES[Format.CSV],
            encoding=encoding,
            delimiter=delimiter,
        )
        _describe_table(analysis, table, limits)
        return analysis
    raise AssertionError("cp1258 is always tried last")


def _analyse_json(handle: BinaryIO, look: FirstLook, filename: str, limits: Limits) -> Analysis:
    """Checks that the file is JSON, and whether it is GeoJSON.

    Up to ``json_parse_max_bytes`` the document is parsed in full. Above that, parsing it
    with the standard library would hold all of it in memory, so only this is checked: it
    is UTF-8 throughout (decoded in chunks), it starts with { or [ and ends with the
    matching } or ]. A large file broken in the middle passes that check.
    """
    handle.seek(0)
    reader = HashingReader(handle, limits.max_bytes, text=True)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    parse_all = look.size <= limits.json_parse_max_bytes
    parts: list[str] = []
    last = ""
    try:
        while chunk := reader.read(CHUNK_SIZE):
            text = decoder.decode(chunk)
            if parse_all:
                parts.append(text)
            elif stripped := text.rstrip():
                last = stripped[-1]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise RejectedFile(_("A JSON file must be UTF-8 text; this one is not.")) from error

    if parse_all:
        try:
            document = json.loads("".join(parts))
        except json.JSONDecodeError as error:
            raise RejectedFile(
                _("The JSON is not valid at line %(line)d, column %(column)d: %(error)s.")
                % {"line": error.lineno, "column": error.colno, "error": error.msg}
            ) from error
        is_geojson = isinstance(document, dict) and document.get("type") in GEOJSON_TYPES
    else:
        opening = look.head_text.lstrip("\ufeff \t\r\n")[:1]
        if {"{": "}", "[": "]"}.get(opening) != last:
            raise RejectedFile(_("The JSON is incomplete: it does not end as it begins."))
        is_geojson = opening == "{" and head_says_geojson(look.head_text)

    if claimed_format(filename) == Format.GEOJSON and not is_geojson:
        raise RejectedFile(
            _(
                "The file is named .geojson but is not GeoJSON (no FeatureCollection, Feature "
                "or geometry “type”)."
            )
        )
    found = Format.GEOJSON if is_geojson else Format.JSON
    return Analysis(reader.size, reader.sha256, found, MEDIA_TYPES[found], encoding="utf-8")


def _describe_table(analysis: Analysis, table: Table, limits: Limits) -> None:
    schema = infer_schema(table.header, table.sample)
    analysis.inferred_schema = schema
    analysis.preview = build_preview(
        table.header, table.sample, schema["fields"], limits.preview_rows
    )
    analysis.row_count = table.row_count


# --- The stored file ------------------------------------------------------------------


def ingest(data_file: DataFile) -> DataFile:
    """Analyse a pending data file and record the outcome: READY, or REJECTED and deleted.

    Any failure rejects: an unexpected error is logged and the editor reads a general
    message rather than the file staying "being checked" for ever.
    """
    try:
        with data_file.file.open("rb") as handle:
            analysis = analyse(handle, data_file.original_name)
    except RejectedFile as rejection:
        return reject(data_file, rejection.message)
    except Exception:
        logger.exception("Ingestion of data file %s failed", data_file.pk)
        return reject(
            data_file,
            _("The file could not be read; try saving it again and uploading it once more."),
        )
    for name, value in asdict(analysis).items():
        setattr(data_file, name, value)
    data_file.status = DataFile.Status.READY
    data_file.error = ""
    data_file.ingested_at = timezone.now()
    data_file.save()
    return data_file


def reject(data_file: DataFile, message: str) -> DataFile:
    """Keep the record and its reason, delete the bytes: nothing half-stored stays."""
    name = data_file.file.name
    storage = data_file.file.storage
    if name and data_file.size is None and storage.exists(name):
        data_file.size = storage.size(name)
    data_file.file = ""
    data_file.status = DataFile.Status.REJECTED
    data_file.error = message
    data_file.ingested_at = timezone.now()
    data_file.save()
    # After the row says REJECTED: a failed save leaves a pending file to try again.
    if name:
        storage.delete(name)
    return data_file
