"""Turning stored rows into hits: highlighting is the same for every embedded engine."""

from __future__ import annotations

from datetime import UTC, datetime

from search import analysis
from search.highlight import highlight
from search.query import Hit, ParsedQuery


def timestamp(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def from_timestamp(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value is not None else None


def make_hit(row: dict, score: float, parsed: ParsedQuery | None, with_highlights: bool) -> Hit:
    highlights: dict[str, str] = {}
    if with_highlights and parsed is not None:
        terms = analysis.highlight_terms(parsed)
        prefix = analysis.key(parsed.prefix) if parsed.prefix else None
        title = highlight(row["title"], terms, prefix, max_chars=None, always=True)
        summary = highlight(row["summary"], terms, prefix, always=True)
        body = highlight(row["body"], terms, prefix)
        highlights = {"title": title or "", "summary": summary or ""}
        if body:
            highlights["body"] = body
    return Hit(
        type=row["type"],
        id=row["doc_id"],
        locale=row["locale"],
        score=score,
        title=row["title"],
        url=row["url"],
        date=from_timestamp(row["date"]),
        highlights=highlights,
    )
