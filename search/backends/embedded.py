"""The embedded backend: tantivy (a Lucene-like engine, as a Python extension) on local disk.

No server: the index is a folder under ``SEARCH_INDEX_PATH``, separate from the main
database (which may be PostgreSQL). Text arrives analysed (:mod:`search.analysis`) as
space-separated terms, indexed with tantivy's whitespace tokenizer, and queries are
built as tantivy query objects from the analysis plan, never parsed from user text:
tantivy's query syntax is never in play, so its syntax errors cannot happen.

Layout: ``PATH/tantivy/CURRENT`` names the generation in use (``PATH/tantivy/g<time>``).
A rebuild writes a new generation and then replaces CURRENT (an atomic rename), so
searches go on from the old generation until the new one is complete. Each call reads
CURRENT, so every process moves to a new generation on its next search.

Tantivy lets one writer at a time hold an index: writers in other processes (two web
workers publishing at once) wait for the lock and retry.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tantivy

from search import analysis, registry
from search.analysis import Clause, Plan
from search.backends.base import BaseSearchBackend, Progress
from search.backends.results import make_hit, timestamp
from search.documents import Document
from search.query import (
    RANGES,
    DateRange,
    FacetCount,
    ParsedQuery,
    SearchQuery,
    SearchQueryError,
    SearchResults,
    Suggestion,
)
from search.sorting import SORT_FIELDS, sort_keys

SCHEMA_VERSION = "3"
SEP = "\x1f"  # between a facet's name, value and label in one keyword
NEVER = 2**62  # "expires" of a document that never expires
WRITER_HEAP = 50_000_000  # bytes, for the writer of a few documents
REBUILD_HEAP = 200_000_000  # bytes, for a whole rebuild: fewer, larger segments
LOCK_WAIT = 60.0  # seconds a writer waits for another process's writer
# Buckets read per facet before sorting them (count, then value) and keeping
# ``facet_limit``: more than any facet_limit, so that ties at the cut are ordered by value.
FACET_BUCKETS = 10_000


def indexed_facets() -> tuple[str, ...]:
    """The facets of the vocabulary, each a field of its own: search's own first, then the
    declared ones by name (the order the fields of earlier indices were added in)."""
    built_in = tuple(facet.name for facet in registry.BUILT_IN)
    return (*built_in, *sorted(set(registry.facet_names()) - set(built_in)))


def _schema(facets: Iterable[str]) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")  # "type:id"
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("filter", tokenizer_name="raw")  # "name\x1fvalue"
    # One field per facet name ("value\x1flabel"), so that each is counted on its own.
    for name in facets:
        builder.add_text_field(f"facet_{name}", fast=True, tokenizer_name="raw")
    # The sorts other than relevance, each as one string that sorts ascending
    # (search.sorting).
    for field_name in SORT_FIELDS.values():
        builder.add_text_field(field_name, fast=True, tokenizer_name="raw")
    builder.add_float_field("date", fast=True, indexed=True)
    # The moments SearchQuery.ranges restrict, in microseconds (exact, unlike the float);
    # absent when the document has none, so that no range holds it. Sorted: a frozenset's
    # order changes from process to process, and every process must build one schema.
    for name in sorted(RANGES):
        builder.add_integer_field(f"range_{name}", fast=True, indexed=True)
    builder.add_integer_field("expires", fast=True, indexed=True)
    builder.add_bytes_field("stored", stored=True)  # what hits show, as JSON
    for column in analysis.COLUMNS:
        builder.add_text_field(column, tokenizer_name="whitespace")
    return builder.build()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


class IndexOutOfDate(RuntimeError):
    """The index on disk was built with another schema: ``manage.py search_rebuild``."""


def _is_lock_error(error: Exception) -> bool:
    message = str(error).lower()
    return "lock" in message and ("busy" in message or "acquire" in message)


class EmbeddedSearchBackend(BaseSearchBackend):
    """Options: ``PATH`` (a folder; the index lives in ``PATH/tantivy``)."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.root = Path(options["PATH"]) / "tantivy"
        self.facet_names = indexed_facets()
        self.schema = _schema(self.facet_names)
        self._lock = threading.Lock()
        self._opened: tuple[str, tantivy.Index] | None = None

    # ------------------------------------------------------------------ generations

    @property
    def _pointer(self) -> Path:
        return self.root / "CURRENT"

    def _generation(self) -> str:
        try:
            name, version = self._pointer.read_text().split()
        except FileNotFoundError:
            name, version = self._swap_in(self._build([])), SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            raise IndexOutOfDate(
                f"The search index in {self.root} was built by another version of minhbach: "
                "run `manage.py search_rebuild`."
            )
        return name

    def _index(self) -> tantivy.Index:
        generation = self._generation()
        with self._lock:
            if self._opened is None or self._opened[0] != generation:
                self._opened = (generation, self._open(generation))
            else:
                self._opened[1].reload()  # see what other writers committed
            return self._opened[1]

    def _open(self, generation: str) -> tantivy.Index:
        try:
            return tantivy.Index(self.schema, str(self.root / generation))
        except ValueError as error:
            # The apps declare other facets than when the index was built.
            if "schema does not match" not in str(error):
                raise
            raise IndexOutOfDate(
                f"The search index in {self.root} was built for other filters and facets: "
                "run `manage.py search_rebuild`."
            ) from error

    def _swap_in(self, generation: str) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        temp = self.root / f"CURRENT.{uuid.uuid4().hex}"
        temp.write_text(f"{generation} {SCHEMA_VERSION}\n")
        temp.replace(self._pointer)
        # Keep the generation before this one: a search that read CURRENT a moment ago
        # may still be opening it. Older ones go.
        generations = sorted(path for path in self.root.glob("g*") if path.is_dir())
        for path in generations[:-2]:
            if path.name != generation:
                shutil.rmtree(path, ignore_errors=True)
        return generation

    def _build(self, documents: Iterable[Document], progress: Progress | None = None) -> str:
        generation = f"g{time.time_ns()}"
        path = self.root / generation
        path.mkdir(parents=True)
        index = tantivy.Index(self.schema, str(path))
        writer = index.writer(REBUILD_HEAP, 1)
        written = 0
        try:
            for document in documents:
                writer.add_document(self._document(document))
                written += 1
                if progress is not None and written % 200 == 0:
                    progress(written)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        if progress is not None:
            progress(written)
        self._last_build_count = written
        return generation

    def _writer(self):
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                return self._index().writer(WRITER_HEAP, 1)
            except ValueError as error:
                if not _is_lock_error(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # ------------------------------------------------------------------ writing

    def _document(self, document: Document) -> tantivy.Document:
        columns = analysis.document_columns(document)
        facets = [("type", document.type, ""), ("locale", document.locale, "")]
        facets += [
            (name, term.value, term.label)
            for name, terms in document.facets.items()
            for term in terms
        ]
        stored = {
            "type": document.type,
            "doc_id": document.id,
            "locale": document.locale,
            "date": timestamp(document.date),
            "title": document.title,
            "summary": document.summary,
            "body": document.body,
            "url": document.url,
        }
        by_name: dict[str, set[str]] = {f"facet_{name}": set() for name in self.facet_names}
        for name, value, label in facets:
            if name in self.facet_names:
                by_name[f"facet_{name}"].add(f"{value}{SEP}{label}")
        fields = {field_name: sorted(values) for field_name, values in by_name.items() if values}
        fields.update(sort_keys(document))
        for name in sorted(RANGES):
            moment = getattr(document, name)
            if moment is not None:
                fields[f"range_{name}"] = _micros(moment)
        return tantivy.Document(
            key=f"{document.type}:{document.id}",
            id=document.id,
            filter=sorted({f"{name}{SEP}{value}" for name, value, _label in facets}),
            **fields,
            date=timestamp(document.date) or 0.0,
            expires=int(timestamp(document.expire_at) or NEVER),
            stored=json.dumps(stored, ensure_ascii=False).encode(),
            **{column: columns[column] for column in analysis.COLUMNS},
        )

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        writer = self._writer()
        try:
            for document in documents:
                writer.delete_documents_by_term("key", f"{document.type}:{document.id}")
                writer.add_document(self._document(document))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        return len(documents)

    def delete(self, type_name: str, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        writer = self._writer()
        try:
            for doc_id in ids:
                writer.delete_documents_by_term("key", f"{type_name}:{doc_id}")
            writer.commit()
        finally:
            writer.wait_merging_threads()

    def rebuild(self, documents: Iterable[Document], progress: Progress | None = None) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        self._swap_in(self._build(documents, progress))
        return self._last_build_count

    # ------------------------------------------------------------------ queries

    def _clause(self, clause: Clause) -> tantivy.Query:
        should = []
        for field in clause.fields:
            if clause.kind == "phrase" and len(clause.tokens) > 1:
                query = tantivy.Query.phrase_query(self.schema, field, list(clause.tokens))
            elif clause.kind == "prefix":
                # Terms are letters, digits and "_": escaped, the word is a literal.
                pattern = re.escape(clause.tokens[0]) + ".*"
                query = tantivy.Query.regex_query(self.schema, field, pattern)
            else:
                query = tantivy.Query.term_query(self.schema, field, clause.tokens[0])
            boosted = tantivy.Query.boost_query(query, analysis.WEIGHTS[field])
            should.append((tantivy.Occur.Should, boosted))
        return tantivy.Query.boolean_query(should)

    def _any_of(self, name: str, values: Iterable[str]) -> tantivy.Query:
        terms = [f"{name}{SEP}{value}" for value in values]
        return tantivy.Query.term_set_query(self.schema, "filter", terms)

    def _filters(self, query: SearchQuery, *, live_only: bool = True) -> list:
        must = []
        if live_only:
            live = tantivy.Query.range_query(
                self.schema, "expires", tantivy.FieldType.Integer, int(time.time()) + 1, NEVER
            )
            must.append((tantivy.Occur.Must, live))
        if query.locale:
            must.append((tantivy.Occur.Must, self._any_of("locale", [query.locale])))
        if query.types:
            must.append((tantivy.Occur.Must, self._any_of("type", query.types)))
        if query.ids:
            ids = tantivy.Query.term_set_query(self.schema, "id", list(query.ids))
            must.append((tantivy.Occur.Must, ids))
        for name, values in sorted(query.filters.items()):
            if values:
                must.append((tantivy.Occur.Must, self._any_of(name, map(str, values))))
        for name, values in sorted(query.exclude.items()):
            if values:
                must.append((tantivy.Occur.MustNot, self._any_of(name, map(str, values))))
        for name, wanted in sorted(query.ranges.items()):
            must.append((tantivy.Occur.Must, self._range(name, wanted)))
        return must

    def _range(self, name: str, wanted: DateRange) -> tantivy.Query:
        start = None if wanted.start is None else _micros(wanted.start)
        end = None if wanted.end is None else _micros(wanted.end)
        if start is None and end is None:
            start = -(2**63)  # "[* TO *]": every document that has the value
        return tantivy.Query.range_query(
            self.schema,
            f"range_{name}",
            tantivy.FieldType.Integer,
            start,
            end,
            include_lower=wanted.include_start or wanted.start is None,
            include_upper=wanted.include_end or wanted.end is None,
        )

    def _query(self, plan: Plan, query: SearchQuery, *, live_only: bool = True) -> tantivy.Query:
        parts = self._filters(query, live_only=live_only)
        if plan.matches_all:
            parts.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        for group in plan.groups:
            alternatives = [(tantivy.Occur.Should, self._clause(clause)) for clause in group]
            parts.append((tantivy.Occur.Must, tantivy.Query.boolean_query(alternatives)))
        parts += [(tantivy.Occur.Should, self._clause(clause)) for clause in plan.boosts]
        return tantivy.Query.boolean_query(parts)

    def _run(self, searcher, plan: Plan, query: SearchQuery):
        compiled = self._query(plan, query)
        # tantivy refuses a limit of 0: count with one hit and show none.
        options: dict[str, Any] = {
            "limit": max(query.limit, 1),
            "offset": query.offset,
            "count": True,
        }
        sort = "date" if query.sort == "relevance" and plan.matches_all else query.sort
        if sort != "relevance":
            options["order_by_field"] = SORT_FIELDS[sort]
            options["order"] = tantivy.Order.Asc
        result = searcher.search(compiled, **options)
        rows = []
        for score, address in result.hits[: query.limit]:
            stored = json.loads(bytes(searcher.doc(address)["stored"][0]))
            rows.append((stored, 0.0 if sort != "relevance" else float(score)))
        return result.count, rows, compiled

    def _facets(
        self, searcher, compiled, names: list[str], limit: int
    ) -> dict[str, list[FacetCount]]:
        aggregations = {
            name: {
                "terms": {
                    "field": f"facet_{name}",
                    "size": FACET_BUCKETS,
                    "segment_size": FACET_BUCKETS,
                }
            }
            for name in names
        }
        answer = searcher.aggregate(compiled, aggregations)
        facets: dict[str, list[FacetCount]] = {}
        for name in names:
            counts = []
            for bucket in answer[name]["buckets"]:
                value, _sep, label = bucket["key"].partition(SEP)
                counts.append(FacetCount(value, label, bucket["doc_count"]))
            counts.sort(key=lambda count: (-count.count, count.value))
            facets[name] = counts[:limit]
        return facets

    def search(self, query: SearchQuery, parsed: ParsedQuery, plan: Plan) -> SearchResults:
        try:
            searcher = self._index().searcher()
            total, rows, compiled = self._run(searcher, plan, query)
            names = list(dict.fromkeys(query.facets))
            facets = self._facets(searcher, compiled, names, query.facet_limit) if names else {}
        except ValueError as error:
            # Only an engine limit can get here (user text never reaches a query parser).
            raise SearchQueryError(f"This search cannot be run: {error}") from error
        hits = [make_hit(row, score, parsed, query.highlight) for row, score in rows]
        return SearchResults(hits=hits, total=total, facets=facets)

    def suggest(
        self, parsed: ParsedQuery, locale: str | None, types: list[str], limit: int
    ) -> list[Suggestion]:
        plan = analysis.plan(parsed, fields=("title",))
        if plan.matches_all:
            return []
        query = SearchQuery(locale=locale, types=types, limit=limit, highlight=False)
        try:
            _total, rows, _compiled = self._run(self._index().searcher(), plan, query)
        except ValueError as error:
            raise SearchQueryError(f"This search cannot be run: {error}") from error
        return [
            Suggestion(row["title"], row["type"], row["doc_id"], row["locale"]) for row, _ in rows
        ]

    # ------------------------------------------------------------------ checks

    def _all(self, type_name: str | None, locale: str | None) -> tuple[Any, tantivy.Query]:
        query = SearchQuery(locale=locale, types=[type_name] if type_name else [])
        # Expired documents count: the check must see what the index holds.
        return self._index().searcher(), self._query(Plan(), query, live_only=False)

    def count(self, type_name: str | None = None, locale: str | None = None) -> int:
        searcher, compiled = self._all(type_name, locale)
        return searcher.search(compiled, limit=1).count

    def ids(self, type_name: str, locale: str | None = None) -> set[str]:
        searcher, compiled = self._all(type_name, locale)
        total = searcher.search(compiled, limit=1).count
        hits = searcher.search(compiled, limit=max(total, 1)).hits
        return {searcher.doc(address)["key"][0].partition(":")[2] for _score, address in hits}
