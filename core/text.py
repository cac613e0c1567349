"""Vietnamese text: normalising, folding, tokenising, document numbers, slugs.

Search (both backends and the query parser), the catalogue and the content models go
through these functions, so that a document and a query typed on a phone without a
Vietnamese keyboard ("dich vu cong") end up as the same terms as the published text
("Dịch vụ công"), and every slug and CKAN name is made the same way.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator

from anyascii import anyascii
from django.utils.text import slugify

__all__ = [
    "bigrams",
    "document_number_key",
    "fold",
    "is_diacritic",
    "looks_like_document_number",
    "normalize",
    "procedure_code_key",
    "token_matches",
    "tokens",
    "vietnamese_slugify",
]

# The generic combining diacritics blocks. Vietnamese tone marks (grave, acute, hook
# above, tilde, dot below) and vowel marks (breve, circumflex, horn) all decompose into
# U+0300-U+036F. Script-specific marks (Devanagari vowel signs, Thai, Arabic harakat)
# are deliberately left alone: they are part of the letters of those scripts, not
# accents, and removing them would merge unrelated words.
_DIACRITIC_RANGES = (
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x1AB0, 0x1AFF),  # Combining Diacritical Marks Extended
    (0x1DC0, 0x1DFF),  # Combining Diacritical Marks Supplement
    (0x20D0, 0x20FF),  # Combining Diacritical Marks for Symbols
    (0xFE20, 0xFE2F),  # Combining Half Marks
)

# đ/Đ have no Unicode decomposition (the stroke is part of the letter), so NFD does not
# turn them into d/D: they need an explicit mapping. Ð/ð (U+00D0/U+00F0, eth) look the
# same as Đ and turn up in Vietnamese text converted from legacy encodings (VNI, TCVN3);
# casefolding turns Ð into ð, never into đ, so both are mapped too.
_LETTER_MAP = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}

_FOLD_TABLE: dict[int, str | None] = {
    code: None for start, end in _DIACRITIC_RANGES for code in range(start, end + 1)
}
_FOLD_TABLE.update({ord(k): v for k, v in _LETTER_MAP.items()})


def is_diacritic(char: str) -> bool:
    """True for a combining mark that :func:`fold` removes."""
    code = ord(char)
    return any(start <= code <= end for start, end in _DIACRITIC_RANGES)


def normalize(text: str) -> str:
    """NFC, casefold and collapse whitespace.

    Vietnamese arrives both precomposed (NFC, most keyboards) and decomposed (NFD, macOS
    file names, some Word exports): "ệ" is one code point or three. NFC makes them the
    same string. Casefolding can produce decomposed sequences ("İ" becomes "i" + U+0307),
    so NFC is applied again after it.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Remove tone and vowel marks and map đ/Đ to d/D; the case is kept.

    Works on NFC or NFD input and returns NFC. Digits, punctuation and letters of other
    scripts (CJK, Cyrillic, Thai, ...) are kept as they are: only accents go, which is
    what a user without a Vietnamese keyboard leaves out. "Dịch vụ công" → "Dich vu cong".
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", decomposed.translate(_FOLD_TABLE))


@functools.cache
def _token_re() -> re.Pattern[str]:
    """The token pattern: a letter or digit (not "_", which ``\\w`` includes), then
    letters, digits and combining marks (Mn, Mc, Me).

    Python's ``\\w`` does not match combining marks, so in NFD text or in scripts written
    with them (Devanagari, Thai) a word would be cut at every mark. The class is built
    from the Unicode database of the running Python, on first use (it takes some tens of
    milliseconds), over the planes that hold marks: 0, 1 and 14.
    """
    ranges: list[tuple[int, int]] = []
    for code in itertools.chain(range(0x20000), range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    marks = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(rf"[^\W_](?:[^\W_]|[{marks}])*")


def tokens(text: str, *, folded: bool = True) -> list[str]:
    """Word tokens: Vietnamese syllables, split at spaces and punctuation.

    Each token is normalised (NFC, casefolded). With ``folded=True`` (the default, what
    matches queries typed without diacritics) tone and vowel marks are removed too; with
    ``folded=False`` they are kept, for a second field that ranks exact diacritics higher
    ("mức" above "mục" for the query "mức").
    """
    text = normalize(text)
    if folded:
        text = fold(text)
    return _token_re().findall(text)


def token_matches(text: str) -> Iterator[re.Match[str]]:
    """The word tokens of ``text`` as written (not normalised), with their positions.

    For marking matched words in the original text: the caller folds each match to
    compare it, and keeps the positions, which normalising would shift.
    """
    return _token_re().finditer(text)


def bigrams(tokens: list[str]) -> list[str]:
    """Adjacent pairs of tokens joined by a space: ["dich", "vu", "cong"] →
    ["dich vu", "vu cong"].

    Vietnamese words are mostly two syllables written apart ("dịch vụ", "công dân"), so a
    syllable index alone ranks a page with "dịch" and "vụ" far apart like one with the
    word "dịch vụ". Indexing and querying bigrams as extra terms rewards the phrase.
    """
    return [f"{first} {second}" for first, second in itertools.pairwise(tokens)]


_ALNUM_RUN_RE = re.compile(r"[^\W_]+")


def document_number_key(text: str) -> str:
    """A key under which every spelling of one legal document number is equal.

    "942/QĐ-TTg", "942/QD-TTg", "942 qđ ttg", "942-QĐ/TTg" and "942/qd_ttg" all give
    "942qdttg": folded, casefolded, with separators dropped. Separators only carry
    meaning between two runs of digits ("17/2019/NQ-CP" is not "172019/NQ-CP"), so there
    one "/" is kept: "60/2014/QH13" → "60/2014qh13". A change between digits and letters
    is itself a boundary and needs no separator.
    """
    parts = _ALNUM_RUN_RE.findall(fold(normalize(text)))
    key = ""
    for part in parts:
        if key and key[-1].isdigit() and part[0].isdigit():
            key += "/"
        key += part
    return key


# Document type codes (folded), used only when a query separates the parts with spaces
# alone ("942 qd ttg"), where a number followed by ordinary words ("4 dich vu") must not
# count: quyết định, nghị quyết, nghị định, thông tư (liên tịch), chỉ thị, công văn, kế
# hoạch, thông báo, báo cáo, hướng dẫn, pháp lệnh, lệnh, and the law issuers Quốc hội and
# its Standing Committee (laws are numbered "60/2014/QH13").
_DOCUMENT_TYPES = frozenset(
    {"qd", "nq", "nd", "tt", "ttlt", "nqlt", "qdlt", "ct", "ctlt", "cv", "kh", "tb", "bc"}
    | {"hd", "pl", "l", "qh", "ubtvqh"}
)
_DOC_RE = re.compile(
    r"""
    (?P<number>\d{1,5})
    (?P<year>[\s/.\-_]+\d{4})?        # year: 17/2019/NQ-CP
    (?P<sep>[\s/.\-_]*)
    (?P<first>[a-z]{1,8})\d*         # type or issuer: QĐ, NQ, QH13
    (?:[\s/.\-_]+[a-z]{1,10}\d*){0,3}  # issuers: TTg, CP, BTTTT, UBND
    """,
    re.VERBOSE,
)


def looks_like_document_number(text: str) -> bool:
    """True when a query is a legal document number: "942/QD-TTg", "17/NQ-CP",
    "60/2014/QH13", "942 qđ ttg".

    The search layer then matches it against the exact document-number keyword
    (:func:`document_number_key`) rather than as words. A number followed by ordinary
    words ("4 dich vu") or a unit ("5G") is not one: when only spaces, or nothing,
    separate the number from the first letter part, that part must be a known document
    type code.
    """
    folded = fold(normalize(text))
    if len(folded) > 64:
        return False
    match = _DOC_RE.fullmatch(folded)
    if match is None:
        return False
    sep, first = match["sep"], match["first"]
    if match["year"] or (sep and not sep.isspace()):
        return True
    if sep:
        return first in _DOCUMENT_TYPES
    # Glued to the number ("942qdttg", the key form): the letters must start with a type
    # code, so that "5g" or "100mb" stay ordinary words.
    return any(first.startswith(code) for code in _DOCUMENT_TYPES if len(code) > 1)


_PROCEDURE_CODE_RE = re.compile(r"(\d)\s*[.,]?\s*(\d{6})")


def procedure_code_key(text: str) -> str | None:
    """The canonical form "1.001193" of an administrative procedure code, or None.

    Codes in the national database of administrative procedures are one digit, a dot and
    six digits; users type them as "1.001193", "1001193" or "1,001193" (a decimal comma).
    Anything else is not a code and gives None.
    """
    match = _PROCEDURE_CODE_RE.fullmatch(normalize(text))
    if match is None:
        return None
    return f"{match[1]}.{match[2]}"


def vietnamese_slugify(value: str, max_length: int = 255) -> str:
    """Transliterate Vietnamese (tone marks, đ/Đ) to ASCII before slugifying.

    Django's own slugify drops "Đ" altogether ("Đăng ký" -> "ang-ky"), so the letters are
    transliterated first: "Đăng ký khai sinh" -> "dang-ky-khai-sinh". The result is also a
    valid CKAN name (lowercase ASCII letters, digits, - and _).
    """
    return slugify(anyascii(value or ""))[:max_length].strip("-")
