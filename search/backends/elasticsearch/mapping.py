"""The Elasticsearch index: analyzers, the document class, and what a document becomes.

The analyzers reproduce :mod:`search.analysis` inside Elasticsearch, so that a query the
shared plan describes in analysed terms finds what the embedded backend finds:

* ``vi_folded`` (the ``title``/``summary``/``body`` fields): words split at anything that
  is not a letter, digit or combining mark (as :func:`core.text.tokens` splits them),
  lower-cased, ASCII-folded (Lucene's folding maps "đ" to "d", "ð" to "d", and removes
  tone and vowel marks), and a final "y" after consonants spelt "i" ("ký" = "kí");
* ``.exact``: lower-cased only, an extra score for the exact diacritics ("mức" > "mục");
* ``.bigrams``: folded syllable pairs ("dich_vu"), an extra score for words written
  together;
* ``title.prefix``: edge n-grams of the folded title words, for the word still being
  typed (searches and suggestions);
* ``ident``: keywords for legal document numbers and procedure codes, the terms of
  :func:`search.analysis.document_columns`, keyed by :func:`core.text.document_number_key`
  and :func:`core.text.procedure_code_key` on both sides, so "942/QĐ-TTg" and
  "942 qd ttg" are one keyword.

Text is NFC-normalised before it is sent: Elasticsearch without the ICU plugin does not
normalise Unicode, and folding handles precomposed letters only.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from elasticsearch_dsl import (
    Date,
    Index,
    Keyword,
    MetaField,
    Object,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)
from elasticsearch_dsl import Document as DslDocument

from search import analysis, sorting
from search.documents import Document
from search.query import MAX_OFFSET, MAX_TRUSTED_PAGE_SIZE

MAX_PREFIX = 20  # longest word prefix held as an n-gram; longer ones use a prefix query
# Offset + page size must stay within the window: deep pages up to MAX_OFFSET and the
# largest page a trusted caller may ask for.
MAX_RESULT_WINDOW = MAX_OFFSET + MAX_TRUSTED_PAGE_SIZE
SEP = "\x1f"  # between a facet value and its label in one keyword

words = tokenizer("vi_words", "pattern", pattern=r"[^\p{L}\p{N}\p{M}]+")
final_y = token_filter(
    "vi_final_y", "pattern_replace", pattern="^([bcdghklmnpqrstvx]+)y$", replacement="$1i"
)
syllable_pairs = token_filter(
    "vi_syllable_pairs",
    "shingle",
    min_shingle_size=2,
    max_shingle_size=2,
    output_unigrams=False,
    token_separator="_",
)
word_starts = token_filter("vi_word_starts", "edge_ngram", min_gram=1, max_gram=MAX_PREFIX)

FOLDING = ["lowercase", "asciifolding", final_y]
vi_folded = analyzer("vi_folded", tokenizer=words, filter=FOLDING)
vi_exact = analyzer("vi_exact", tokenizer=words, filter=["lowercase"])
vi_bigrams = analyzer("vi_bigrams", tokenizer=words, filter=[*FOLDING, syllable_pairs])
vi_prefix = analyzer("vi_prefix", tokenizer=words, filter=[*FOLDING, word_starts])


def _slot(*, prefix: bool = False) -> Text:
    fields = {
        "exact": Text(analyzer=vi_exact),
        "bigrams": Text(analyzer=vi_bigrams),
    }
    if prefix:
        fields["prefix"] = Text(analyzer=vi_prefix, search_analyzer=vi_folded)
    # Offsets in the postings let the highlighter skip re-analysing long bodies.
    return Text(analyzer=vi_folded, index_options="offsets", fields=fields)


class SearchDocument(DslDocument):
    """One indexed document; its ``_id`` is ``<type>:<id>``."""

    type = Keyword()
    doc_id = Keyword()
    locale = Keyword()
    title = _slot(prefix=True)
    summary = _slot()
    body = _slot()
    ident = Keyword()
    # {"agency": ["BTP"]} to filter on, {"agency": ["BTP\x1fBộ Tư pháp"]} to count with
    # labels; the names are open (keyword by the dynamic templates below).
    filters = Object(dynamic=True)
    facets = Object(dynamic=True)
    date = Date()
    created = Date()
    expire_at = Date()
    title_sort = Keyword()
    name_sort = Keyword()
    uid_sort = Keyword()
    url = Keyword(index=False, doc_values=False)

    class Meta:
        dynamic = MetaField("strict")
        dynamic_templates = MetaField(
            [
                {"filters": {"path_match": "filters.*", "mapping": {"type": "keyword"}}},
                {
                    "facets": {
                        "path_match": "facets.*",
                        "mapping": {"type": "keyword", "index": False},
                    }
                },
            ]
        )


def index_definition(name: str) -> Index:
    """The elasticsearch-dsl index ``name`` with our settings, analyzers and mapping."""
    index = Index(name)
    index.settings(
        number_of_shards=1,  # one shard: exact scores (term statistics) at our sizes
        auto_expand_replicas="0-1",
        max_ngram_diff=MAX_PREFIX - 1,
        max_result_window=MAX_RESULT_WINDOW,
    )
    index.document(SearchDocument)
    return index


def index_body() -> dict[str, Any]:
    """The body of the create-index request: ``{"settings": ..., "mappings": ...}``."""
    return index_definition("unused").to_dict()


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def document_id(type_name: str, doc_id: str) -> str:
    return f"{type_name}:{doc_id}"


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def source(document: Document) -> dict[str, Any]:
    """The ``_source`` of a document (empty values left out)."""
    filters: dict[str, list[str]] = {}
    facets: dict[str, list[str]] = {}
    for name, terms in sorted(document.facets.items()):
        values = sorted({term.value for term in terms})
        if values:
            filters[name] = values
            facets[name] = sorted({f"{term.value}{SEP}{term.label}" for term in terms})
    body = {
        "type": document.type,
        "doc_id": document.id,
        "locale": document.locale,
        "title": _nfc(document.title),
        "summary": _nfc(document.summary),
        "body": _nfc(document.body),
        "ident": analysis.document_columns(document)["ident"].split(),
        "filters": filters,
        "facets": facets,
        "date": _date(document.date),
        "created": _date(document.created),
        "expire_at": _date(document.expire_at),
        # Sorted natively, as keywords (UTF-8 byte order, as the embedded backend sorts).
        "title_sort": sorting.title_key(document),
        "name_sort": sorting.name_key(document),
        "uid_sort": sorting.uid_key(document),
        "url": document.url,
    }
    return {key: value for key, value in body.items() if value not in (None, "", [], {})}


def index_action(index_name: str, document: Document) -> dict[str, Any]:
    """A bulk "index" action (replaces the document with the same type and id)."""
    return {
        "_op_type": "index",
        "_index": index_name,
        "_id": document_id(document.type, document.id),
        "_source": source(document),
    }
