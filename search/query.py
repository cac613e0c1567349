"""Backend-neutral search requests and answers, and the parsing of what users type.

A surface (GraphQL, /api/search, the CKAN API) builds a :class:`SearchQuery`, the service
hands it to the configured backend, and a :class:`SearchResults` comes back. Parsing
never fails on odd input: operators of any engine syntax are ordinary characters here,
and only input that cannot be searched sensibly raises :class:`SearchQueryError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from core import text
from search import registry

MAX_QUERY_LENGTH = 500  # characters; longer input is an error, not a slow search
MAX_TERMS = 32  # a query of more words is cut here
MAX_PAGE_SIZE = 100  # what public surfaces may ask for (SearchQuery.max_limit by default)
MAX_TRUSTED_PAGE_SIZE = 1000  # the most a trusted caller (the CKAN API) may raise it to
MAX_OFFSET = 10_000  # deep paging is a crawl: crawlers should use the APIs' lists
MAX_FILTER_VALUES = 50
MAX_IDS = 1000  # SearchQuery.ids: CKAN's name:/id: filters resolved to primary keys
MAX_FACET_LIMIT = 1000  # values per facet

# "relevance": best match first (an empty query: as "date").
# "date" / "-date": Document.date newest / oldest first.
# "created" / "-created": Document.created newest / oldest first.
# "title" / "-title": the folded, lower-cased title ascending / descending.
# "name" / "-name": Document.name (or, when empty, the folded lower-cased title)
# ascending / descending.
# "uid" / "-uid": Document.uid (or, when empty, the id) ascending / descending.
# Documents without the value (no date, no created) come last either way; equal values
# are ordered by type, then id (both compared as strings, ascending), so that pages of
# one query never overlap.
SORTS = frozenset(
    {
        "relevance", "date", "-date", "created", "-created", "title", "-title", "name", "-name",
        "uid", "-uid",
    }
)  # fmt: skip
# The moments a query may restrict documents to (SearchQuery.ranges): Document.date and
# Document.created. A document without the value is outside every range.
RANGES = frozenset({"date", "created"})

# Words that carry no meaning alone in a query: they are not required to match (but still
# help phrases and proximity), unless the query has nothing else. Kept short on purpose:
# Vietnamese function words are also syllables of content words.
STOP_WORDS = {
    "en": frozenset(
        [
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "by",
            "for",
            "from",
            "in",
            "is",
            "it",
            "of",
            "on",
            "or",
            "not",
            "near",
            "the",
            "to",
            "with",
        ]
    ),
    "vi": frozenset(["và", "của", "các", "là", "những", "thì", "mà"]),
}

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_QUOTED_RE = re.compile(r'"([^"]*)"')


class SearchQueryError(ValueError):
    """The request cannot be searched; the message says why, for the user (BAD_USER_INPUT)."""


@dataclass(frozen=True)
class DateRange:
    """Moments from ``start`` to ``end`` (aware datetimes; None: open on that side)."""

    start: datetime | None = None
    end: datetime | None = None
    include_start: bool = True
    include_end: bool = True


@dataclass(frozen=True)
class ParsedQuery:
    """The words of a query, folded and exact, ready for any backend."""

    raw: str
    terms: list[str]  # folded tokens, in order, stop words included
    exact_terms: list[str]  # the same tokens with their diacritics
    required: list[str]  # folded tokens that must match (stop words dropped)
    phrases: list[list[str]]  # quoted phrases, as folded tokens
    prefix: str | None  # the last word, still being typed: also matched as a prefix
    document_number: str | None  # document_number_key() when the query is one
    procedure_code: str | None  # procedure_code_key() when the query is one

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.document_number or self.procedure_code)


def clean(raw: str) -> str:
    """The query without control and invisible characters, whitespace collapsed."""
    return " ".join(_CONTROL_RE.sub(" ", raw).split())


def parse(raw: str, locale: str = "vi") -> ParsedQuery:
    """Parse what a user typed. Quotes make phrases; an unbalanced quote is ignored."""
    if len(raw) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"The search text is too long ({len(raw)} characters; at most {MAX_QUERY_LENGTH})."
        )
    cleaned = clean(raw)
    phrases = [
        tokens for tokens in (text.tokens(match) for match in _QUOTED_RE.findall(cleaned)) if tokens
    ]
    exact = text.tokens(cleaned, folded=False)[:MAX_TERMS]
    folded = [text.fold(token) for token in exact]
    stop_words = {text.fold(word) for word in STOP_WORDS.get(locale, frozenset())}
    required = [token for token in folded if token not in stop_words] or list(folded)
    # Typing "dich vu c" should already find "công": the last word, when nothing (a space
    # or a closing quote) ends it, is matched as a prefix too.
    ends_open = bool(cleaned) and cleaned[-1].isalnum() and cleaned.count('"') % 2 == 0
    # One letter alone would expand to most of the vocabulary; after other words it is
    # narrowed by them ("khai s").
    prefix = None
    if folded and ends_open and len(folded[-1]) >= (1 if len(folded) > 1 else 2):
        prefix = folded[-1]
    unquoted = cleaned.replace('"', " ").strip()
    number = (
        text.document_number_key(unquoted) if text.looks_like_document_number(unquoted) else None
    )
    return ParsedQuery(
        raw=raw,
        terms=folded,
        exact_terms=exact,
        required=required,
        phrases=phrases,
        prefix=prefix,
        document_number=number,
        procedure_code=text.procedure_code_key(unquoted),
    )


@dataclass
class SearchQuery:
    """One search request. Validate with :meth:`validated` before a backend sees it."""

    text: str = ""
    locale: str | None = None  # None: every locale
    types: list[str] = field(default_factory=list)  # empty: every registered type
    # {"agency": ["BTTTT"], "year": ["2024"]}: values of one name are alternatives (OR),
    # names are combined (AND); the names are the vocabulary's filters (search.registry).
    filters: dict[str, list[str]] = field(default_factory=dict)
    # {"agency": ["BCA"]}: documents with any of these values are left out.
    exclude: dict[str, list[str]] = field(default_factory=dict)
    # {"date": DateRange(start=...)}: the names are RANGES; every range must hold.
    ranges: dict[str, DateRange] = field(default_factory=dict)
    facets: list[str] = field(default_factory=list)  # names to count, e.g. ["type", "agency"]
    sort: str = "relevance"  # one of SORTS (see there)
    offset: int = 0
    limit: int = 10  # 0: only the total and the facets
    highlight: bool = True
    # Only documents with these ids (within ``types``); empty: no restriction.
    ids: list[str] = field(default_factory=list)
    # The largest ``limit`` this caller may ask for: public surfaces keep MAX_PAGE_SIZE, a
    # trusted caller (the CKAN API's rows) may raise it up to MAX_TRUSTED_PAGE_SIZE.
    max_limit: int = MAX_PAGE_SIZE
    facet_limit: int = 50  # values per facet, most frequent first, ties by value

    def validated(self) -> SearchQuery:
        if not isinstance(self.text, str):
            raise SearchQueryError("The search text must be a string.")
        if self.sort not in SORTS:
            raise SearchQueryError(f"Unknown sort {self.sort!r}: use one of {sorted(SORTS)}.")
        if not 0 <= self.max_limit <= MAX_TRUSTED_PAGE_SIZE:
            raise SearchQueryError(
                f"The largest page size must be between 0 and {MAX_TRUSTED_PAGE_SIZE}."
            )
        if not 0 <= self.limit <= self.max_limit:
            raise SearchQueryError(f"The page size must be between 0 and {self.max_limit}.")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise SearchQueryError(f"The offset must be between 0 and {MAX_OFFSET}.")
        if not 1 <= self.facet_limit <= MAX_FACET_LIMIT:
            raise SearchQueryError(
                f"The number of values per facet must be between 1 and {MAX_FACET_LIMIT}."
            )
        if len(self.ids) > MAX_IDS:
            raise SearchQueryError(f"At most {MAX_IDS} ids.")
        if not all(isinstance(value, str) for value in self.ids):
            raise SearchQueryError("Ids must be strings.")
        filter_names = registry.filter_names()
        for name, values in [*self.filters.items(), *self.exclude.items()]:
            if name not in filter_names:
                raise SearchQueryError(
                    f"Unknown filter {name!r}: use one of {sorted(filter_names)}."
                )
            if len(values) > MAX_FILTER_VALUES:
                raise SearchQueryError(
                    f"At most {MAX_FILTER_VALUES} values for the filter {name!r}."
                )
        for name, wanted in self.ranges.items():
            if name not in RANGES:
                raise SearchQueryError(f"Unknown range {name!r}: use one of {sorted(RANGES)}.")
            bounds = [moment for moment in (wanted.start, wanted.end) if moment is not None]
            if any(moment.tzinfo is None for moment in bounds):
                raise SearchQueryError(f"The range {name!r} needs moments with a time zone.")
        facet_names = registry.facet_names()
        for name in self.facets:
            if name not in facet_names:
                raise SearchQueryError(f"Unknown facet {name!r}.")
        return self

    def parsed(self) -> ParsedQuery:
        return parse(self.text, self.locale or "vi")


@dataclass(frozen=True)
class Hit:
    type: str
    id: str
    locale: str
    score: float
    title: str
    url: str = ""
    date: datetime | None = None
    # {"title": "Đăng ký <mark>khai sinh</mark>", "summary": "..."}: HTML, escaped.
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    # True when no document had every word and the answer is any-word matches.
    relaxed: bool = False


@dataclass(frozen=True)
class Suggestion:
    text: str
    type: str
    id: str
    locale: str
