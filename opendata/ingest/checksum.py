"""Size and SHA-256 of a stream, computed while something else reads it."""

import hashlib
import io
from typing import BinaryIO

from django.utils.translation import gettext as _

from core.files import looks_like_text
from opendata.ingest.errors import RejectedFile
from opendata.ingest.limits import format_bytes

CHUNK_SIZE = 1024 * 1024


class HashingReader(io.RawIOBase):
    """A read-only stream over ``source`` that hashes and counts every byte read through it.

    It also enforces the size limit while streaming (the size the storage reported may not
    be what is read), and, for text formats, refuses NUL bytes and runs of control
    characters: the signs of a binary file under a text file's name.
    """

    def __init__(self, source: BinaryIO, max_bytes: int, *, text: bool = False) -> None:
        super().__init__()
        self.source = source
        self.max_bytes = max_bytes
        self.text = text
        self.size = 0
        self._hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.source.read(len(buffer))
        if not data:
            return 0
        count = len(data)
        self.size += count
        if self.size > self.max_bytes:
            raise RejectedFile(
                _("The file is larger than the maximum of %(limit)s.")
                % {"limit": format_bytes(self.max_bytes)}
            )
        if self.text:
            check_text_chunk(data)
        self._hash.update(data)
        buffer[:count] = data
        return count

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def drain(self) -> None:
        """Read what the consumer left, so that size and checksum cover the whole file."""
        while self.read(CHUNK_SIZE):
            pass


def check_text_chunk(data: bytes) -> None:
    """Refuse a chunk of a supposed text file that is binary."""
    if not looks_like_text(data):
        raise RejectedFile(_("The file contains binary data, not text."))


def digest(source: BinaryIO, max_bytes: int) -> tuple[int, str]:
    """Size and SHA-256 of ``source`` from its current position, in fixed-size chunks."""
    reader = HashingReader(source, max_bytes)
    reader.drain()
    return reader.size, reader.sha256
