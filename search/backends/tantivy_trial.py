"""A tantivy version of the embedded backend, built to be measured against SQLite FTS5.

Same analysis and plans (search/analysis.py), same highlighting; only the engine differs.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from search import analysis
from search.analysis import Clause, Plan
from search.backends.base import BaseSearchBackend, Progress
from search.backends.results import make_hit, timestamp
from search.documents import Document
from search.query import FacetCount, ParsedQuery, SearchQuery, SearchResults, Suggestion

SEP = "\x1f"
NEVER = 2**62
HEAP = 100_000_000


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("type", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("locale", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("filter", tokenizer_name="raw")
    builder.add_text_field("facet", fast=True, tokenizer_name="raw")
    builder.add_float_field("date", stored=True, fast=True, indexed=True)
    builder.add_integer_field("expire", fast=True, indexed=True)
    builder.add_bytes_field("stored", stored=True)
    for column in analysis.COLUMNS:
        builder.add_text_field(column, tokenizer_name="whitespace")
    return builder.build()


class TantivySearchBackend(BaseSearchBackend):
    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.root = Path(options["PATH"]) / "tantivy"
        self.schema = _schema()
        self._index: tantivy.Index | None = None
        self._generation: str | None = None

    # -------------------------------------------------------------- files

    def _current(self) -> tantivy.Index:
        pointer = self.root / "CURRENT"
        if not pointer.exists():
            self._swap_in(self._build([]))
        generation = pointer.read_text().strip()
        if generation != self._generation:
            self._index = tantivy.Index(self.schema, str(self.root / generation))
            self._generation = generation
        else:
            self._index.reload()
        return self._index

    def _swap_in(self, generation: str) -> None:
        old = (
            (self.root / "CURRENT").read_text().strip()
            if (self.root / "CURRENT").exists()
            else None
        )
        temp = self.root / f"CURRENT.{uuid.uuid4().hex}"
        temp.write_text(generation)
        temp.replace(self.root / "CURRENT")
        if old and old != generation:
            shutil.rmtree(self.root / old, ignore_errors=True)

    def _build(self, documents: Iterable[Document], progress: Progress | None = None) -> str:
        generation = f"g{time.time_ns()}"
        path = self.root / generation
        path.mkdir(parents=True)
        index = tantivy.Index(self.schema, str(path))
        writer = index.writer(HEAP, 1)
        written = 0
        for document in documents:
            writer.add_document(self._document(document))
            written += 1
            if progress is not None and written % 500 == 0:
                progress(written)
        writer.commit()
        writer.wait_merging_threads()
        if progress is not None:
            progress(written)
        self._written = written
        return generation

    def _document(self, document: Document) -> tantivy.Document:
        columns = analysis.document_columns(document)
        facets = [("type", document.type, ""), ("locale", document.locale, "")]
        facets += [(n, t.value, t.label) for n, terms in document.facets.items() for t in terms]
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
        return tantivy.Document(
            key=f"{document.type}:{document.id}",
            type=document.type,
            locale=document.locale,
            filter=[f"{n}{SEP}{v}" for n, v, _ in facets],
            facet=[f"{n}{SEP}{v}{SEP}{label}" for n, v, label in facets],
            date=timestamp(document.date) or 0.0,
            expire=int(timestamp(document.expire_at) or NEVER),
            stored=json.dumps(stored).encode(),
            **{column: columns[column] for column in analysis.COLUMNS},
        )

    # -------------------------------------------------------------- writing

    def index(self, documents: Iterable[Document]) -> int:
        index = self._current()
        writer = index.writer(HEAP, 1)
        written = 0
        for document in documents:
            writer.delete_documents_by_term("key", f"{document.type}:{document.id}")
            writer.add_document(self._document(document))
            written += 1
        writer.commit()
        writer.wait_merging_threads()
        return written

    def delete(self, type_name: str, ids: Iterable[str]) -> None:
        writer = self._current().writer(HEAP, 1)
        for doc_id in ids:
            writer.delete_documents_by_term("key", f"{type_name}:{doc_id}")
        writer.commit()
        writer.wait_merging_threads()

    def rebuild(self, documents: Iterable[Document], progress: Progress | None = None) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        generation = self._build(documents, progress)
        self._swap_in(generation)
        return self._written

    # -------------------------------------------------------------- reading

    def _clause(self, clause: Clause) -> tantivy.Query:
        parts = []
        for field in clause.fields:
            if clause.kind == "phrase":
                query = tantivy.Query.phrase_query(self.schema, field, list(clause.tokens))
            elif clause.kind == "prefix":
                pattern = re.escape(clause.tokens[0]) + ".*"
                query = tantivy.Query.regex_query(self.schema, field, pattern)
            else:
                query = tantivy.Query.term_query(self.schema, field, clause.tokens[0])
            parts.append(
                (tantivy.Occur.Should, tantivy.Query.boost_query(query, analysis.WEIGHTS[field]))
            )
        return tantivy.Query.boolean_query(parts)

    def _filters(self, query: SearchQuery) -> list[tuple[Any, tantivy.Query]]:
        must = [
            (
                tantivy.Occur.Must,
                tantivy.Query.range_query(
                    self.schema, "expire", tantivy.FieldType.Integer, int(time.time()), NEVER
                ),
            )
        ]

        def any_of(name: str, values: list[str]) -> tantivy.Query:
            return tantivy.Query.term_set_query(
                self.schema, "filter", [f"{name}{SEP}{value}" for value in values]
            )

        if query.locale:
            must.append((tantivy.Occur.Must, any_of("locale", [query.locale])))
        if query.types:
            must.append((tantivy.Occur.Must, any_of("type", query.types)))
        for name, values in query.filters.items():
            if values:
                must.append((tantivy.Occur.Must, any_of(name, [str(v) for v in values])))
        return must

    def _query(self, plan: Plan, query: SearchQuery) -> tantivy.Query:
        parts = self._filters(query)
        if plan.matches_all:
            parts.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        for group in plan.groups:
            inner = [(tantivy.Occur.Should, self._clause(clause)) for clause in group]
            parts.append((tantivy.Occur.Must, tantivy.Query.boolean_query(inner)))
        parts += [(tantivy.Occur.Should, self._clause(clause)) for clause in plan.boosts]
        return tantivy.Query.boolean_query(parts)

    def _run(self, searcher, plan: Plan, query: SearchQuery):
        compiled = self._query(plan, query)
        kwargs: dict[str, Any] = {"limit": query.limit, "offset": query.offset, "count": True}
        if query.sort != "relevance" or plan.matches_all:
            kwargs["order_by_field"] = "date"
            kwargs["order"] = tantivy.Order.Asc if query.sort == "-date" else tantivy.Order.Desc
        result = searcher.search(compiled, **kwargs)
        rows = []
        for score, address in result.hits:
            stored = json.loads(bytes(searcher.doc(address)["stored"][0]))
            rows.append((stored, float(score) if query.sort == "relevance" else 0.0))
        return result.count, rows, compiled

    def search(self, query: SearchQuery, parsed: ParsedQuery) -> SearchResults:
        searcher = self._current().searcher()
        plan = analysis.plan(parsed)
        relaxed = False
        total, rows, compiled = self._run(searcher, plan, query)
        if total == 0 and plan.relaxable:
            plan, relaxed = analysis.plan(parsed, relaxed=True), True
            total, rows, compiled = self._run(searcher, plan, query)
        facets: dict[str, list[FacetCount]] = {}
        if query.facets:
            names = list(dict.fromkeys(query.facets))
            facets = {name: [] for name in names}
            buckets = searcher.aggregate(
                compiled, {"f": {"terms": {"field": "facet", "size": 10_000}}}
            )["f"]["buckets"]
            for bucket in buckets:
                name, value, label = bucket["key"].split(SEP)
                if name in facets:
                    facets[name].append(FacetCount(value, label, bucket["doc_count"]))
            for counts in facets.values():
                counts.sort(key=lambda c: (-c.count, c.value))
        hits = [make_hit(row, score, parsed, query.highlight) for row, score in rows]
        return SearchResults(hits=hits, total=total, facets=facets, relaxed=relaxed)

    def suggest(self, parsed, locale, types, limit) -> list[Suggestion]:
        plan = analysis.plan(parsed, fields=("title",))
        if plan.matches_all:
            return []
        query = SearchQuery(locale=locale, types=types, limit=limit, highlight=False)
        _total, rows, _ = self._run(self._current().searcher(), plan, query)
        return [Suggestion(r["title"], r["type"], r["doc_id"], r["locale"]) for r, _s in rows]

    def count(self, type_name: str | None = None, locale: str | None = None) -> int:
        query = SearchQuery(locale=locale, types=[type_name] if type_name else [])
        return self._current().searcher().search(self._query(Plan(), query), limit=1).count

    def ids(self, type_name: str, locale: str | None = None) -> set[str]:
        searcher = self._current().searcher()
        query = SearchQuery(locale=locale, types=[type_name])
        compiled = self._query(Plan(), query)
        total = searcher.search(compiled, limit=1).count
        result = searcher.search(compiled, limit=max(total, 1))
        return {
            json.loads(bytes(searcher.doc(address)["stored"][0]))["doc_id"]
            for _score, address in result.hits
        }
