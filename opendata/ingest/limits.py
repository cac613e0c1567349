"""The limits ingestion enforces, read from settings at call time (tests override them).

Each is an OPENDATA_* setting of config/settings.py, from the environment.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    preview_rows: int
    # Zip containers (ZIP and XLSX): what their central directory may declare.
    archive_max_members: int
    archive_max_total_bytes: int
    archive_max_ratio: int
    archive_ratio_min_bytes: int  # members smaller than this may compress as well as they like
    archive_max_depth: int  # 1: no archive inside; 2: archives inside, none inside those
    # JSON up to this size is parsed fully; above it only its shape is checked.
    json_parse_max_bytes: int
    # Rows given to frictionless to infer the data dictionary.
    sample_rows: int


def current_limits() -> Limits:
    return Limits(
        max_bytes=settings.OPENDATA_MAX_UPLOAD_BYTES,
        preview_rows=settings.OPENDATA_PREVIEW_ROWS,
        archive_max_members=settings.OPENDATA_ARCHIVE_MAX_MEMBERS,
        archive_max_total_bytes=settings.OPENDATA_ARCHIVE_MAX_TOTAL_BYTES,
        archive_max_ratio=settings.OPENDATA_ARCHIVE_MAX_RATIO,
        archive_ratio_min_bytes=settings.OPENDATA_ARCHIVE_RATIO_MIN_BYTES,
        archive_max_depth=settings.OPENDATA_ARCHIVE_MAX_DEPTH,
        json_parse_max_bytes=settings.OPENDATA_JSON_PARSE_MAX_BYTES,
        sample_rows=settings.OPENDATA_INFER_SAMPLE_ROWS,
    )


def format_bytes(count: int) -> str:
    """A size for people: "2 GB", "300 KB" (binary multiples, as file managers show)."""
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
