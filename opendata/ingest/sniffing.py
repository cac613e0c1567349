"""What a file is, judged from its first bytes rather than from its name."""

import codecs
import csv
import enum
import io
import re
from pathlib import PurePath

from django.utils.translation import gettext as _

from core.files import UTF8_BOM


class Format(enum.StrEnum):
    """The formats minhbach accepts, spelt as DataFile.format stores them."""

    CSV = "CSV"
    XLSX = "XLSX"
    JSON = "JSON"
    GEOJSON = "GeoJSON"
    PDF = "PDF"
    ZIP = "ZIP"


MEDIA_TYPES = {
    Format.CSV: "text/csv",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.JSON: "application/json",
    Format.GEOJSON: "application/geo+json",
    Format.PDF: "application/pdf",
    Format.ZIP: "application/zip",
}

# What a file name claims. Names not listed here (".txt", ".dat", none) claim nothing and
# the content decides alone.
CLAIMS = {
    ".csv": Format.CSV,
    ".tsv": Format.CSV,
    ".xlsx": Format.XLSX,
    ".json": Format.JSON,
    ".geojson": Format.GEOJSON,
    ".pdf": Format.PDF,
    ".zip": Format.ZIP,
}
TEXT_FORMATS = {Format.CSV, Format.JSON, Format.GEOJSON}


def claimed_format(filename: str) -> Format | None:
    return CLAIMS.get(PurePath(filename).suffix.lower())


def guess_encoding(head: bytes) -> str:
    """ "utf-8-sig" (with a BOM), "utf-8", or "cp1258" for the legacy Vietnamese code page.

    Only a guess from the first bytes: the full pass decodes the whole file strictly and
    falls back to cp1258 if UTF-8 fails further on. A file of ASCII only is UTF-8.
    """
    if head.startswith(UTF8_BOM):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: the head may end in the middle of a multi-byte character.
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8"


def decode_head(head: bytes, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head, final=False)


def is_json_text(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


_GEOJSON_TYPE = re.compile(
    r'"type"\s*:\s*"(FeatureCollection|Feature|Point|MultiPoint|LineString|'
    r'MultiLineString|Polygon|MultiPolygon|GeometryCollection)"'
)


def head_says_geojson(text: str) -> bool:
    """For JSON too big to parse: a GeoJSON "type" member near the start of the document."""
    return bool(_GEOJSON_TYPE.search(text[:4096]))


DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab | that splits the first lines most consistently.

    csv.Sniffer guesses from character frequencies and is easily fooled by commas inside
    quoted Vietnamese text or decimal commas; parsing the lines with each candidate and
    preferring the one that gives the same number (> 1) of columns on most lines is
    steadier. A file with one column gets ",".
    """
    # The head may end in the middle of a line: drop that line.
    lines = text.splitlines()
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    lines = lines[:200]
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        widths = [
            len(row)
            for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
            if row
        ]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        score = (widths.count(common) / len(widths), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def describe_claim(claim: Format) -> str:
    return {
        Format.CSV: _("a CSV table"),
        Format.XLSX: _("an Excel workbook (.xlsx)"),
        Format.JSON: _("a JSON document"),
        Format.GEOJSON: _("a GeoJSON document"),
        Format.PDF: _("a PDF document"),
        Format.ZIP: _("a ZIP archive"),
    }[claim]
