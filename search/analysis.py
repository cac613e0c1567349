"""Index terms for the embedded engines, shared by the document and the query side.

The engines receive text already analysed here, as space-separated terms, so that one
analysis (search/text.py plus the rules below) decides what matches, whatever the engine:

* ``title``/``summary``/``body``: folded syllables ("dịch vụ" → "dich vu"), what every
  query matches against;
* ``*_x``: the syllables with their diacritics, an extra score for exact spelling;
* ``*_b``: folded syllable bigrams ("dich_vu"), an extra score for words written together;
* ``ident``: identifiers matched exactly: legal document numbers and procedure codes.

A query becomes a :class:`Plan`: groups that must all match (each an OR of clauses) and
optional clauses that only add to the score.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from core import text
from search.documents import Document
from search.query import ParsedQuery

SLOTS = ("title", "summary", "body")
FOLDED = SLOTS
EXACT = tuple(f"{slot}_x" for slot in SLOTS)
BIGRAMS = tuple(f"{slot}_b" for slot in SLOTS)
IDENT = ("ident",)
COLUMNS = (*FOLDED, *EXACT, *BIGRAMS, *IDENT)

# Score weight of a match in each column: title above summary above body; an exact
# spelling or a bigram adds to the folded match; an identifier outranks any prose.
WEIGHTS = {
    "title": 10.0,
    "summary": 4.0,
    "body": 1.0,
    "title_x": 4.0,
    "summary_x": 1.5,
    "body_x": 0.4,
    "title_b": 10.0,
    "summary_b": 4.0,
    "body_b": 1.0,
    "ident": 50.0,
}

# Vietnamese writes a final "i" after a consonant either way: "kí"/"ký", "lí"/"lý",
# "mĩ"/"mỹ", "quí"/"quý". Users do not know which spelling a page chose.
_FINAL_Y_RE = re.compile(r"^([bcdghklmnpqrstvx]+)y$")


def key(token: str) -> str:
    """The folded, spelling-normalised form under which a syllable is indexed."""
    return _FINAL_Y_RE.sub(r"\1i", token)


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    return key(text.fold(text.normalize(word)))


def document_number_term(number_key: str) -> str:
    return "dn_" + re.sub(r"\W", "_", number_key)


def procedure_code_term(code_key: str) -> str:
    return "pc_" + code_key.replace(".", "_")


def _terms(value: str) -> tuple[list[str], list[str]]:
    exact = text.tokens(value, folded=False)
    return [key(text.fold(token)) for token in exact], exact


def document_columns(document: Document) -> dict[str, str]:
    """The analysed text of a document, one space-separated string per column."""
    columns: dict[str, str] = {}
    for slot in SLOTS:
        folded, exact = _terms(getattr(document, slot) or "")
        columns[slot] = " ".join(folded)
        columns[f"{slot}_x"] = " ".join(exact)
        columns[f"{slot}_b"] = " ".join(pair.replace(" ", "_") for pair in text.bigrams(folded))
    idents = [document_number_term(text.document_number_key(n)) for n in document.document_numbers]
    for code in document.codes:
        code_key = text.procedure_code_key(code)
        idents.append(procedure_code_term(code_key) if code_key else f"pc_{word_key(code)}")
    columns["ident"] = " ".join(idents)
    return columns


@dataclass(frozen=True)
class Clause:
    kind: str  # "term", "prefix" or "phrase"
    fields: tuple[str, ...]
    tokens: tuple[str, ...]


@dataclass
class Plan:
    groups: list[list[Clause]] = field(default_factory=list)  # all must match
    boosts: list[Clause] = field(default_factory=list)  # only add to the score
    relaxable: bool = False  # a stricter plan than "any word"

    @property
    def matches_all(self) -> bool:
        return not self.groups


def _words(fields: tuple[str, ...], tokens: tuple[str, ...]) -> list[Clause]:
    """A phrase clause, a term clause for one word (engines refuse one-word phrases), or
    nothing."""
    if not tokens:
        return []
    return [Clause("phrase" if len(tokens) > 1 else "term", fields, tokens)]


def highlight_terms(parsed: ParsedQuery) -> list[str]:
    words = [*parsed.terms, *(token for phrase in parsed.phrases for token in phrase)]
    return [key(word) for word in words]


def plan(parsed: ParsedQuery, *, relaxed: bool = False, fields: tuple[str, ...] = FOLDED) -> Plan:
    """The engine-neutral plan of a query; ``relaxed`` asks for any word instead of all."""
    if parsed.procedure_code:
        return Plan(groups=[[Clause("term", IDENT, (procedure_code_term(parsed.procedure_code),))]])
    exact_fields = tuple(f"{name}_x" for name in fields)
    bigram_fields = tuple(f"{name}_b" for name in fields)
    groups: list[list[Clause]] = []
    prefix = key(parsed.prefix) if parsed.prefix else None
    required = [key(term) for term in parsed.required]
    for term in dict.fromkeys(required):
        group = [Clause("term", fields, (term,))]
        if term == prefix:
            group.append(Clause("prefix", fields, (term,)))
        groups.append(group)
    for phrase in parsed.phrases:
        groups.append(_words(fields, tuple(key(token) for token in phrase)))
    if parsed.document_number:
        # The number as a keyword of a linked document, or written out in the text.
        number = Clause("term", IDENT, (document_number_term(parsed.document_number),))
        groups = [[number, *_words(fields, tuple(required))]]
    boosts = [
        Clause("term", exact_fields, (exact,))
        for exact in dict.fromkeys(parsed.exact_terms)
        if text.fold(exact) != exact
    ]
    folded = [key(term) for term in parsed.terms]
    boosts += [
        Clause("term", bigram_fields, (pair.replace(" ", "_"),))
        for pair in dict.fromkeys(text.bigrams(folded))
    ]
    relaxable = len(groups) > 1 and not parsed.document_number
    if relaxed and relaxable:
        groups = [[clause for group in groups for clause in group]]
        relaxable = False
    return Plan(groups=groups, boosts=boosts, relaxable=relaxable)
