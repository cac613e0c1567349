"""Stable download URLs of resources' files: streamed, resumable, cacheable, counted.

What a client gets (docs/researchers.md says the same for people):

- ``GET`` without ``Range``: 200 with the whole file, streamed from disk in blocks (under
  gunicorn, by ``sendfile``), and the day's download count of the resource goes up by one.
- One range (``bytes=a-b``, ``bytes=a-``, ``bytes=-n``): 206 with exactly those bytes and
  ``Content-Range``; a range starting past the end: 416 with ``Content-Range: bytes */size``.
  Several ranges: 200 with the whole file (allowed by RFC 9110, and simpler for clients
  than multipart/byteranges). Range requests are not counted: a download manager that
  fetches a file in pieces, or resumes one, would count many times.
- ``ETag`` is the quoted SHA-256 of the file: ``If-None-Match`` gives 304, ``If-Range``
  with that ETag honours the range (anything else there, a date included, gives the whole
  file). ``HEAD`` gives the headers of a ``GET`` and is not counted.
- A non-public dataset, a file not (or not yet) accepted by ingestion, an unknown id:
  404, so that nothing leaks. A wrong dataset or file name with a valid resource id:
  301 to the canonical URL (names change; the resource id does not).
"""

import datetime
import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.utils import timezone
from django.utils.http import parse_etags

from core.errors import ErrorCode
from core.http.errors import json_error
from core.text import fold
from opendata.models import DataFile, DownloadCount, Resource
from opendata.selectors import public_resources

# Big enough that a 1 GB file is not a million reads when sendfile is unavailable.
BLOCK_SIZE = 256 * 1024
# Public and shareable, but checked on every use: a resource's file may be replaced, and a
# withdrawn dataset must stop being served by caches too. The ETag makes the check cheap.
CACHE_CONTROL = "public, no-cache"


class Unsatisfiable(Exception):
    """The Range header asks for bytes past the end of the file."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


_RANGE_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


# Byte positions up to 10**20: more than any file, fewer digits than int() minds.
MAX_POSITION_DIGITS = 20


def parse_range(header: str, size: int) -> ByteRange | None:
    """The one byte range a ``Range`` header asks for, or None to send the whole file.

    None for what RFC 9110 lets a server ignore: another unit, a malformed header, and (our
    choice) several ranges. Raises ``Unsatisfiable`` when no byte of the range exists.
    """
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes" or not specs:
        return None
    parts = specs.split(",")
    if len(parts) != 1:
        return None
    match = _RANGE_SPEC.match(parts[0])
    if not match or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if len(first) > MAX_POSITION_DIGITS or len(last) > MAX_POSITION_DIGITS:
        # No file is that large; and int() refuses numbers past 4,300 digits (a 500).
        return None
    if first == "":
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(0, size - suffix), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    return ByteRange(start, min(int(last), size - 1) if last else size - 1)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact UTF-8 name (RFC 6266, 5987).

    "Số liệu 2024.csv" gives ``filename="So lieu 2024.csv"`` for old clients and
    ``filename*=UTF-8''S%E1%BB%91%20li%E1%BB%87u%202024.csv`` for the others.
    """
    ascii_name = "".join(
        char if 0x20 <= ord(char) < 0x7F and char not in '"\\' else "_" for char in fold(filename)
    ).strip()
    header = f'attachment; filename="{ascii_name or "download"}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def record_download(resource: Resource, day: datetime.date | None = None) -> None:
    """Add one to the resource's count for the day (local time); nothing about who."""
    day = day or timezone.localdate()
    if not _increment(resource, day):
        _create_first_of_day(resource, day)


def _increment(resource: Resource, day: datetime.date) -> bool:
    # One UPDATE ... SET count = count + 1: concurrent downloads never lose a count.
    rows = DownloadCount.objects.filter(resource=resource, day=day)
    return rows.update(count=F("count") + 1) > 0


def _create_first_of_day(resource: Resource, day: datetime.date) -> None:
    try:
        # The savepoint keeps the caller's transaction usable after a lost race.
        with transaction.atomic():
            DownloadCount.objects.create(resource=resource, day=day, count=1)
    except IntegrityError:
        # Another request created the day's row between our UPDATE and INSERT.
        _increment(resource, day)


class _RangeReader:
    """A file handle limited to ``length`` bytes from its current position.

    ``fileno`` lets gunicorn ``sendfile`` the range: it sends Content-Length bytes from the
    descriptor's offset, which ``seek`` has put at the range's start.
    """

    def __init__(self, handle, length: int) -> None:
        self._handle = handle
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.read(size)
        self._left -= len(data)
        return data

    def fileno(self) -> int:
        return self._handle.fileno()

    def close(self) -> None:
        self._handle.close()


def find_public_file(resource_id: str) -> Resource | None:
    """The public resource with this id whose file passed ingestion, if any."""
    try:
        key = uuid.UUID(resource_id)
    except ValueError:
        return None
    return (
        public_resources()
        .select_related("data_file", "dataset")
        .filter(uuid=key, data_file__isnull=False)
        .first()
    )


def _not_found() -> JsonResponse:
    return json_error(404, ErrorCode.NOT_FOUND, "No public file has this address.")


def _content_type(data_file: DataFile) -> str:
    media_type = data_file.media_type or "application/octet-stream"
    encoding = (data_file.encoding or "").lower().removesuffix("-sig")
    if media_type.startswith("text/") and encoding and "charset" not in media_type:
        return f"{media_type}; charset={encoding}"
    return media_type


def _etag_matches(header: str, etag: str) -> bool:
    # If-None-Match uses the weak comparison: W/"x" matches "x".
    tags = parse_etags(header)
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def resource_download(
    request: HttpRequest, dataset: str, resource: str, filename: str
) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        message = "Files are read with GET or HEAD."
        return json_error(405, ErrorCode.BAD_REQUEST, message, headers={"Allow": "GET, HEAD"})
    found = find_public_file(resource)
    if found is None:
        return _not_found()
    # The resource id is what makes the URL stable; the dataset name and the file name in
    # it are for people reading the link.
    if dataset != found.dataset.name or filename != found.filename:
        return HttpResponsePermanentRedirect(found.get_download_url())
    data_file = found.data_file
    etag = f'"{data_file.sha256}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Accept-Ranges": "bytes"}
    if _etag_matches(request.headers.get("If-None-Match", ""), etag):
        return HttpResponse(status=304, headers=headers)
    try:
        handle = data_file.file.storage.open(data_file.file.name, "rb")
    except FileNotFoundError:
        return _not_found()
    size = handle.size
    wanted = None
    if_range = request.headers.get("If-Range")
    if "Range" in request.headers and (if_range is None or if_range.strip() == etag):
        try:
            wanted = parse_range(request.headers["Range"], size)
        except Unsatisfiable:
            handle.close()
            return json_error(
                416,
                ErrorCode.RANGE_NOT_SATISFIABLE,
                f"The file has {size} bytes; the range asked for is outside it.",
                headers={**headers, "Content-Range": f"bytes */{size}"},
            )
    headers["Content-Type"] = _content_type(data_file)
    headers["Content-Disposition"] = content_disposition(found.filename)
    if request.method == "HEAD":
        handle.close()
        length = wanted.length if wanted else size
        response = HttpResponse(status=206 if wanted else 200, headers=headers)
        response.headers["Content-Length"] = str(length)
        if wanted:
            response.headers["Content-Range"] = f"bytes {wanted.start}-{wanted.end}/{size}"
        return response
    if wanted is None:
        response = FileResponse(handle, content_type=headers["Content-Type"])
        record_download(found)
    else:
        handle.seek(wanted.start)
        reader = _RangeReader(handle, wanted.length)
        response = FileResponse(reader, status=206, content_type=headers["Content-Type"])
        response.headers["Content-Range"] = f"bytes {wanted.start}-{wanted.end}/{size}"
    response.block_size = BLOCK_SIZE
    # After the constructor, which guesses these from the handle (its name is a path).
    for name, value in headers.items():
        response.headers[name] = value
    response.headers["Content-Length"] = str(wanted.length if wanted else size)
    return response
