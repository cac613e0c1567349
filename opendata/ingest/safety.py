"""Refusals that need no full pass: size, content contradicting the name, archive bombs.

``first_look`` runs them all; it reads the first 64 KB, the last kilobyte of a PDF and a
zip's central directory, so the upload form can run it before anything is stored and the
editor reads the reason in the form. The ingestion task runs it again on the stored file.
"""

import zipfile
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

# What a file is from its first bytes: core.files (the admin's documents use it too).
from core.files import HEAD_BYTES, ZIP_MAGIC, Kind, sniff_kind
from opendata.ingest.errors import RejectedFile
from opendata.ingest.limits import Limits, format_bytes
from opendata.ingest.sniffing import (
    TEXT_FORMATS,
    Format,
    claimed_format,
    decode_head,
    describe_claim,
    guess_encoding,
    is_json_text,
)

ACCEPTED = "CSV, XLSX, JSON, GeoJSON, PDF, ZIP"


@dataclass(frozen=True)
class FirstLook:
    """What the quick checks learnt; ``format`` is provisional for text (CSV or JSON)."""

    format: Format
    size: int
    head: bytes
    encoding: str = ""  # text only: a guess from the head
    head_text: str = ""


def first_look(handle: BinaryIO, filename: str, limits: Limits) -> FirstLook:
    """Quick checks of a seekable file; raises RejectedFile with the reason for the editor."""
    handle.seek(0, 2)
    size = handle.tell()
    check_size(size, limits)
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)

    claim = claimed_format(filename)
    kind, kind_name = sniff_kind(head)
    if kind == Kind.FOREIGN:
        if claim is None:
            raise RejectedFile(
                _("This file is %(kind)s, which is not accepted. Accepted formats: %(formats)s.")
                % {"kind": kind_name, "formats": ACCEPTED}
            )
        raise contradiction(claim, kind_name)
    if kind == Kind.PDF:
        if claim not in (None, Format.PDF):
            raise contradiction(claim, "PDF")
        check_pdf_end(handle, size)
        return FirstLook(Format.PDF, size, head)
    if kind == Kind.ZIP:
        if claim in TEXT_FORMATS or claim == Format.PDF:
            raise contradiction(claim, "ZIP")
        found = check_archive(handle, limits, claim)
        handle.seek(0)
        return FirstLook(found, size, head)

    # Text.
    if claim in (Format.XLSX, Format.ZIP, Format.PDF):
        raise contradiction(claim, _("plain text"))
    encoding = guess_encoding(head)
    text = decode_head(head, encoding)
    if claim in (Format.JSON, Format.GEOJSON) and not is_json_text(text):
        raise RejectedFile(
            _("The file is named as %(claim)s but does not start like JSON ({ or [).")
            % {"claim": describe_claim(claim)}
        )
    if claim is None or claim in (Format.JSON, Format.GEOJSON):
        provisional = Format.JSON if is_json_text(text) else Format.CSV
    else:
        provisional = Format.CSV
    lowered = text.lstrip("\ufeff \t\r\n")[:15].lower()
    if provisional == Format.CSV and lowered.startswith(("<!doctype html", "<html")):
        # A web page saved under a .csv name, typically an error page of another site.
        raise RejectedFile(_("The file is a web page (HTML), not a table."))
    return FirstLook(provisional, size, head, encoding, text)


def check_size(size: int, limits: Limits) -> None:
    if size == 0:
        raise RejectedFile(_("The file is empty."))
    if size > limits.max_bytes:
        raise RejectedFile(
            _("The file is %(size)s, larger than the maximum of %(limit)s.")
            % {"size": format_bytes(size), "limit": format_bytes(limits.max_bytes)}
        )


def contradiction(claim: Format, found: str) -> RejectedFile:
    return RejectedFile(
        _("The file is named as %(claim)s but contains %(found)s.")
        % {"claim": describe_claim(claim), "found": found}
    )


def check_pdf_end(handle: BinaryIO, size: int) -> None:
    """A PDF ends with %%EOF (readers tolerate up to a kilobyte after it); a file cut short
    during upload or copy does not."""
    handle.seek(max(0, size - 1024))
    tail = handle.read(1024)
    handle.seek(0)
    if b"%%EOF" not in tail:
        raise RejectedFile(_("The PDF file is incomplete: its end-of-file marker is missing."))


@dataclass
class _ArchiveTotals:
    members: int = 0
    uncompressed: int = 0
    seen: list[str] = field(default_factory=list)


def check_archive(handle: BinaryIO, limits: Limits, claim: Format | None) -> Format:
    """XLSX or ZIP, after checking the central directory for the signs of an archive bomb.

    Nothing is extracted to disk. The sizes checked are the ones the central directory
    declares; that is enough because Python's zipfile (which openpyxl uses as well) stops
    decompressing a member at its declared size and fails on a mismatch.
    """
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise RejectedFile(
            _("The file is damaged or incomplete: it is not a readable ZIP container.")
        ) from error
    with archive:
        names = set(archive.namelist())
        is_workbook = "[Content_Types].xml" in names and "xl/workbook.xml" in names
        if claim == Format.XLSX and not is_workbook:
            raise RejectedFile(
                _("The file is named .xlsx but is not an Excel workbook (no xl/workbook.xml).")
            )
        _check_members(archive, limits, depth=1, totals=_ArchiveTotals())
    return Format.XLSX if is_workbook else Format.ZIP


def _check_members(
    archive: zipfile.ZipFile, limits: Limits, depth: int, totals: _ArchiveTotals
) -> None:
    members = archive.infolist()
    totals.members += len(members)
    if totals.members > limits.archive_max_members:
        raise RejectedFile(
            _("The archive holds more than %(limit)d files.")
            % {"limit": limits.archive_max_members}
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise RejectedFile(_("The archive is password-protected; open data must not be."))
        totals.uncompressed += member.file_size
        if totals.uncompressed > limits.archive_max_total_bytes:
            raise RejectedFile(
                _("Unpacked, the archive would take more than %(limit)s (an archive bomb?).")
                % {"limit": format_bytes(limits.archive_max_total_bytes)}
            )
        if (
            member.file_size >= limits.archive_ratio_min_bytes
            and member.file_size > limits.archive_max_ratio * max(member.compress_size, 1)
        ):
            raise RejectedFile(
                _(
                    "“%(name)s” in the archive expands %(ratio)d times (%(size)s): "
                    "refused as a possible archive bomb."
                )
                % {
                    "name": member.filename,
                    "ratio": member.file_size // max(member.compress_size, 1),
                    "size": format_bytes(member.file_size),
                }
            )
        if member.is_dir() or member.file_size < 4:
            continue
        try:
            with archive.open(member) as inner:
                is_archive = inner.read(4) in ZIP_MAGIC
            if not is_archive:
                continue
            if depth >= limits.archive_max_depth:
                raise RejectedFile(
                    _("The archive nests archives more than %(depth)d levels deep.")
                    % {"depth": limits.archive_max_depth}
                )
            with archive.open(member) as inner, zipfile.ZipFile(inner) as nested:
                _check_members(nested, limits, depth + 1, totals)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError) as error:
            raise RejectedFile(
                _("“%(name)s” in the archive is damaged or uses an unsupported compression.")
                % {"name": member.filename}
            ) from error
