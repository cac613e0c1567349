"""Highlighted snippets: the words that matched, in <mark>, everything else HTML-escaped.

Done on the stored text, not by an engine, so that every backend marks the same words
the same way: a word matches when its folded form is a query term (or starts with the
word still being typed), whatever diacritics either side wrote.
"""

from __future__ import annotations

import unicodedata
from html import escape

from core import text
from search import analysis

ELLIPSIS = "…"


def _spans(source: str, terms: frozenset[str], prefix: str | None) -> list[tuple[int, int]]:
    spans = []
    for match in text.token_matches(source):
        word = analysis.word_key(match.group())
        if word in terms or (prefix and word.startswith(prefix)):
            spans.append(match.span())
    return spans


def highlight(
    source: str,
    terms: list[str],
    prefix: str | None = None,
    *,
    max_chars: int | None = 240,
    always: bool = False,
) -> str | None:
    """A snippet of ``source`` around its first matching words, or None when none match.

    ``terms`` are folded tokens. With ``max_chars=None`` the whole text is returned
    (for titles). ``always`` returns the start of the text even without a match.
    """
    source = unicodedata.normalize("NFC", source)
    spans = _spans(source, frozenset(terms), prefix) if terms or prefix else []
    if not spans and not always:
        return None
    start, end = 0, len(source)
    if max_chars is not None and len(source) > max_chars:
        # Start a little before the first match, at a word boundary.
        first = spans[0][0] if spans else 0
        start = max(0, first - max_chars // 4)
        if start:
            space = source.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(source), start + max_chars)
        if end < len(source):
            space = source.rfind(" ", start, end)
            end = space if space > start else end
    parts, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(source[cursor:span_start]))
        parts.append(f"<mark>{escape(source[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(source[cursor:end]))
    snippet = "".join(parts)
    return f"{ELLIPSIS if start else ''}{snippet}{ELLIPSIS if end < len(source) else ''}"
