"""What a file is, judged from its first bytes rather than from its name.

Dataset ingestion (opendata/ingest/) and the admin's document uploads (cms/documents.py)
both refuse a file whose content contradicts its name: a PNG renamed to .csv, an
executable renamed to .pdf.
"""

import codecs
import enum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# How much of a file the sniffing reads: enough for any magic number, a CSV's dialect
# and its encoding.
HEAD_BYTES = 64 * 1024


class Kind(enum.StrEnum):
    """The family a file's first bytes belong to."""

    TEXT = "text"
    PDF = "pdf"
    ZIP = "zip"
    FOREIGN = "foreign"  # a binary format we do not accept (image, executable, ...)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files (.doc, .xls)

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
    (OLE_MAGIC, gettext_lazy("old Office file (.xls, .doc)")),
    (b"RIFF", gettext_lazy("RIFF media file")),
    (b"\x00\x00\x01\x00", gettext_lazy("icon")),
]
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
UTF8_BOM = codecs.BOM_UTF8


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
