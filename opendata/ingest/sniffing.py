"""What a file is, judged from its first bytes rather than from its name."""

import codecs
import csv
import enum
import io
import re
from pathlib import PurePath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEAD_BYTES = 64 * 1024


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


class Kind(enum.StrEnum):
    """The family a file's first bytes belong to."""

    TEXT = "text"
    PDF = "pdf"
    ZIP = "zip"
    FOREIGN = "foreign"  # a binary format we do not accept (image, executable, ...)


# Magic numbers of binary formats people upload by mistake, and what to call them.
_FOREIGN_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", gettext_lazy("PNG image")),
    (b"GIF87a", gettext_lazy("GIF image")),
    (b"GIF89a", gettext_lazy("GIF image")),
    (b"\xff\xd8\xff", gettext_lazy("JPEG image")),
    (b"\x7fELF", gettext_lazy("ELF executable")),
    (b"MZ", gettext_lazy("Windows executable")),
    (b"\x1f\x8b", gettext_lazy("gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_lazy("7-Zip archive")),
    (b"Rar!\x1a\x07", gettext_lazy("RAR archive")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_lazy("old Office file (.xls, .doc)")),
    (b"RIFF", gettext_lazy("RIFF media file")),
    (b"\x00\x00\x01\x00", gettext_lazy("icon")),
]
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
UTF8_BOM = codecs.BOM_UTF8


def claimed_format(filename: str) -> Format | None:
    return CLAIMS.get(PurePath(filename).suffix.lower())


def sniff_kind(head: bytes) -> tuple[Kind, str]:
    """The family of a file from its first bytes, and for foreign ones a name for people.

    Text is recognised before the foreign magic numbers, so that a CSV whose first cell
    happens to start with "MZ" or "RIFF" stays a CSV.
    """
    if head.startswith(ZIP_MAGIC):
        return Kind.ZIP, "ZIP"
    # PDF readers accept the header anywhere in the first kilobyte.
    if b"%PDF-" in head[:1024]:
        return Kind.PDF, "PDF"
    if looks_like_text(head):
        return Kind.TEXT, _("text")
    for magic, name in _FOREIGN_MAGIC:
        if head.startswith(magic):
            return Kind.FOREIGN, name
    return Kind.FOREIGN, _("binary data")


# Bytes that never occur in text: C0 controls other than tab, newline, form feed and
# carriage return, and DEL. ``bytes.translate`` drops the others in C, so counting what is
# left costs little even over gigabytes.
_TEXT_BYTES = bytes(sorted(set(range(256)) - (set(range(0x20)) - {9, 10, 12, 13}) - {0x7F}))


def control_byte_count(data: bytes) -> int:
    return len(data.translate(None, _TEXT_BYTES))


def looks_like_text(data: bytes) -> bool:
    """No NUL, and control characters rare: a stray DOS end-of-file mark or a vertical tab
    pasted from Word is tolerated; binary data has about one byte in ten."""
    return b"\x00" not in data and control_byte_count(data) <= max(8, len(data) // 100)


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
