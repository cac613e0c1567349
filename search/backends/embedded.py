"""The embedded backend: SQLite FTS5 in a file of its own, next to no server at all.

The index is one SQLite file under ``SEARCH_INDEX_PATH``, separate from the main
database (which may be PostgreSQL). Text arrives analysed (:mod:`search.analysis`) as
space-separated terms of letters, digits and "_", and every term of a query is written
into the FTS5 expression as a quoted string: no user input ever reaches FTS5's query
syntax, so its syntax errors cannot happen.

The file uses a rollback journal, not WAL: a rebuild writes a new file and renames it
over the old one, and a WAL file left beside the old one would be replayed into the new.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from search import analysis
from search.analysis import Clause, Plan
from search.backends.base import BaseSearchBackend, Progress
from search.backends.results import make_hit, timestamp
from search.documents import Document
from search.query import (
    FacetCount,
    ParsedQuery,
    SearchQuery,
    SearchQueryError,
    SearchResults,
    Suggestion,
)

FILE_NAME = "embedded.sqlite3"
SCHEMA_VERSION = 1
BATCH = 500

_SCHEMA = f"""
CREATE TABLE docs (
    rowid INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    date REAL,
    expire_at REAL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT NOT NULL,
    UNIQUE (type, doc_id)
);
CREATE TABLE facets (doc INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
                     label TEXT NOT NULL);
CREATE INDEX facets_by_value ON facets (name, value, doc);
CREATE INDEX facets_by_doc ON facets (doc, name);
CREATE INDEX docs_by_date ON docs (date);
CREATE VIRTUAL TABLE fts USING fts5 (
    {", ".join(analysis.COLUMNS)},
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    prefix = '2 3'
);
PRAGMA user_version = {SCHEMA_VERSION};
"""

_WEIGHTS = ", ".join(str(analysis.WEIGHTS[column]) for column in analysis.COLUMNS)
_DOC_FIELDS = "d.rowid, d.type, d.doc_id, d.locale, d.date, d.title, d.summary, d.body, d.url"


def _quote(token: str) -> str:
    # Tokens are letters, digits and "_" (search.analysis); quoting anyway keeps words
    # such as AND, OR, NOT and NEAR from being read as operators.
    return '"' + token.replace('"', '""') + '"'


def _clause(clause: Clause) -> str:
    columns = "{" + " ".join(clause.fields) + "}"
    if clause.kind == "prefix":
        return f"{columns} : {_quote(clause.tokens[0])}*"
    if clause.kind == "phrase":
        return f"{columns} : ({' + '.join(_quote(token) for token in clause.tokens)})"
    return f"{columns} : {_quote(clause.tokens[0])}"


def match_expression(plan: Plan) -> str:
    """The FTS5 expression of a plan. Boosts ride on an OR beside a required clause: FTS5
    scores every phrase of the expression, but the OR adds nothing to what must match."""
    required = " AND ".join(
        "(" + " OR ".join(_clause(clause) for clause in group) + ")" for group in plan.groups
    )
    if plan.boosts:
        optional = " OR ".join(_clause(clause) for clause in [plan.groups[0][0], *plan.boosts])
        required = f"{required} AND ({optional})"
    return required


class EmbeddedSearchBackend(BaseSearchBackend):
    """Options: ``PATH`` (a folder; the index is ``PATH/embedded.sqlite3``)."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.directory = Path(options["PATH"])
        self.path = self.directory / FILE_NAME

    # ------------------------------------------------------------------ connections

    def _open(self, path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode = DELETE")
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            connection.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} COMMIT;")
        return connection

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # One connection per call: after a rebuild renamed a new file into place, the
        # next call reads it; and no connection is ever shared between threads.
        self.directory.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            # Created under another name and renamed: two processes starting at once
            # must not both run the schema script on one half-made file.
            self._swap_in(self._new_file([]))
        with closing(self._open(self.path)) as connection:
            yield connection

    # ------------------------------------------------------------------ writing

    def _write(self, connection: sqlite3.Connection, documents: Iterable[Document]) -> int:
        written = 0
        for document in documents:
            self._remove(connection, document.type, [document.id])
            cursor = connection.execute(
                "INSERT INTO docs (type, doc_id, locale, date, expire_at, title, summary, body,"
                " url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.type,
                    document.id,
                    document.locale,
                    timestamp(document.date),
                    timestamp(document.expire_at),
                    document.title,
                    document.summary,
                    document.body,
                    document.url,
                ),
            )
            rowid = cursor.lastrowid
            columns = analysis.document_columns(document)
            connection.execute(
                f"INSERT INTO fts (rowid, {', '.join(analysis.COLUMNS)}) VALUES "
                f"(?, {', '.join('?' for _ in analysis.COLUMNS)})",
                (rowid, *(columns[column] for column in analysis.COLUMNS)),
            )
            facets = {
                ("type", document.type, ""),
                ("locale", document.locale, ""),
                *(
                    (name, term.value, term.label)
                    for name, terms in document.facets.items()
                    for term in terms
                ),
            }
            connection.executemany(
                "INSERT INTO facets (doc, name, value, label) VALUES (?, ?, ?, ?)",
                [(rowid, *facet) for facet in facets],
            )
            written += 1
        return written

    def _remove(self, connection: sqlite3.Connection, type_name: str, ids: list[str]) -> None:
        for doc_id in ids:
            row = connection.execute(
                "SELECT rowid FROM docs WHERE type = ? AND doc_id = ?", (type_name, doc_id)
            ).fetchone()
            if row is None:
                continue
            connection.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            connection.execute("DELETE FROM facets WHERE doc = ?", (row[0],))
            connection.execute("DELETE FROM docs WHERE rowid = ?", (row[0],))

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                written = self._write(connection, documents)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        return written

    def delete(self, type_name: str, ids: Iterable[str]) -> None:
        ids = [str(doc_id) for doc_id in ids]
        if not ids:
            return
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                self._remove(connection, type_name, ids)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _new_file(self, documents: Iterable[Document], progress: Progress | None = None) -> Path:
        path = self.directory / f"{FILE_NAME}.new-{os.getpid()}-{time.monotonic_ns()}"
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            # Nobody reads this file before it is complete: no journal, no fsync per batch.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.executescript(_SCHEMA)
            written, batch = 0, []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    written += self._write_batch(connection, batch, progress, written)
                    batch = []
            written += self._write_batch(connection, batch, progress, written)
            connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")
            connection.execute("ANALYZE")
        except BaseException:
            connection.close()
            path.unlink(missing_ok=True)
            raise
        connection.close()
        with open(path, "rb") as file:
            os.fsync(file.fileno())
        return path

    def _write_batch(self, connection, batch, progress, before: int) -> int:
        connection.execute("BEGIN")
        written = self._write(connection, batch)
        connection.execute("COMMIT")
        if progress is not None and written:
            progress(before + written)
        return written

    def _swap_in(self, path: Path) -> None:
        os.replace(path, self.path)  # atomic: readers see the old file or the new one

    def rebuild(self, documents: Iterable[Document], progress: Progress | None = None) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        counted: list[int] = [0]

        def track(written: int) -> None:
            counted[0] = written
            if progress is not None:
                progress(written)

        new = self._new_file(documents, track)
        self._swap_in(new)
        return counted[0]

    # ------------------------------------------------------------------ reading

    def _where(self, query: SearchQuery) -> tuple[str, list[Any]]:
        clauses = ["(d.expire_at IS NULL OR d.expire_at > ?)"]
        params: list[Any] = [time.time()]
        if query.locale:
            clauses.append("d.locale = ?")
            params.append(query.locale)
        if query.types:
            clauses.append(f"d.type IN ({', '.join('?' for _ in query.types)})")
            params += query.types
        for name, values in sorted(query.filters.items()):
            if not values:
                continue
            clauses.append(
                "d.rowid IN (SELECT doc FROM facets WHERE name = ? AND value IN "
                f"({', '.join('?' for _ in values)}))"
            )
            params += [name, *map(str, values)]
        return " AND ".join(clauses), params

    def _matching(self, plan: Plan, query: SearchQuery) -> tuple[str, list[Any]]:
        """SQL for (rowid, score) of every match, and its parameters."""
        where, params = self._where(query)
        if plan.matches_all:
            return f"SELECT d.rowid AS rowid, 0.0 AS score FROM docs d WHERE {where}", params
        return (
            f"SELECT fts.rowid AS rowid, bm25(fts, {_WEIGHTS}) AS score FROM fts "
            f"JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ? AND {where}",
            [match_expression(plan), *params],
        )

    def _run(self, connection, plan: Plan, query: SearchQuery, parsed: ParsedQuery):
        matching, params = self._matching(plan, query)
        order = {
            "relevance": "m.score, d.date DESC, d.rowid",
            "date": "d.date DESC, m.score, d.rowid",
            "-date": "d.date, m.score, d.rowid",
        }[query.sort]
        if plan.matches_all and query.sort == "relevance":
            order = "d.date DESC, d.rowid"
        total = connection.execute(f"SELECT count(*) FROM ({matching})", params).fetchone()[0]
        if total == 0:
            return 0, []
        rows = connection.execute(
            f"WITH m AS ({matching}) SELECT {_DOC_FIELDS}, m.score AS score FROM m "
            f"JOIN docs d ON d.rowid = m.rowid ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        return total, rows

    def search(self, query: SearchQuery, parsed: ParsedQuery) -> SearchResults:
        plan = analysis.plan(parsed)
        relaxed = False
        try:
            with self._connection() as connection:
                total, rows = self._run(connection, plan, query, parsed)
                if total == 0 and plan.relaxable:
                    plan, relaxed = analysis.plan(parsed, relaxed=True), True
                    total, rows = self._run(connection, plan, query, parsed)
                facets = self._facets(connection, plan, query) if query.facets else {}
        except sqlite3.OperationalError as error:
            # Only an engine limit can get here (input never reaches FTS5's syntax).
            raise SearchQueryError(f"This search cannot be run: {error}.") from error
        hits = [make_hit(dict(row), -row["score"], parsed, query.highlight) for row in rows]
        return SearchResults(hits=hits, total=total, facets=facets, relaxed=relaxed)

    def _facets(self, connection, plan: Plan, query: SearchQuery) -> dict[str, list[FacetCount]]:
        matching, params = self._matching(plan, query)
        names = list(dict.fromkeys(query.facets))
        rows = connection.execute(
            f"SELECT f.name, f.value, max(f.label) AS label, count(*) AS n FROM facets f "
            f"WHERE f.name IN ({', '.join('?' for _ in names)}) "
            f"AND f.doc IN (SELECT rowid FROM ({matching})) "
            "GROUP BY f.name, f.value ORDER BY n DESC, f.value",
            [*names, *params],
        ).fetchall()
        facets: dict[str, list[FacetCount]] = {name: [] for name in names}
        for row in rows:
            facets[row["name"]].append(FacetCount(row["value"], row["label"], row["n"]))
        return facets

    def suggest(
        self, parsed: ParsedQuery, locale: str | None, types: list[str], limit: int
    ) -> list[Suggestion]:
        plan = analysis.plan(parsed, fields=("title",))
        if plan.matches_all:
            return []
        query = SearchQuery(locale=locale, types=types, limit=limit, highlight=False)
        try:
            with self._connection() as connection:
                _total, rows = self._run(connection, plan, query, parsed)
        except sqlite3.OperationalError as error:
            raise SearchQueryError(f"This search cannot be run: {error}.") from error
        return [Suggestion(row["title"], row["type"], row["doc_id"], row["locale"]) for row in rows]

    # ------------------------------------------------------------------ checks

    def count(self, type_name: str | None = None, locale: str | None = None) -> int:
        clauses, params = ["1"], []
        if type_name:
            clauses.append("type = ?")
            params.append(type_name)
        if locale:
            clauses.append("locale = ?")
            params.append(locale)
        with self._connection() as connection:
            sql = f"SELECT count(*) FROM docs WHERE {' AND '.join(clauses)}"
            return connection.execute(sql, params).fetchone()[0]

    def ids(self, type_name: str, locale: str | None = None) -> set[str]:
        sql, params = "SELECT doc_id FROM docs WHERE type = ?", [type_name]
        if locale:
            sql += " AND locale = ?"
            params.append(locale)
        with self._connection() as connection:
            return {row[0] for row in connection.execute(sql, params)}
