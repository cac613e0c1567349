"""The Elasticsearch backend: the shared search interface on an Elasticsearch 8 cluster.

Indices are versioned, ``<ELASTICSEARCH_INDEX_PREFIX>-search-<UTC time>``, and searched
through the alias ``<prefix>-search``. A rebuild fills a new index, refreshes it, then
moves the alias in one ``_aliases`` call (remove and add together: no moment without an
index) and deletes the old index, so searches are answered from the old index until the
new one is complete. Single documents are written through the alias with
``refresh=wait_for``: a search right after ``index()`` or ``delete()`` sees the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.helpers import BulkIndexError, bulk, streaming_bulk

from search import analysis
from search.analysis import Plan
from search.backends.base import BaseSearchBackend, Progress
from search.backends.elasticsearch import queries, responses
from search.backends.elasticsearch.errors import (
    SearchBackendError,
    safe_address,
    translated,
)
from search.backends.elasticsearch.mapping import document_id, index_action, index_body
from search.documents import Document
from search.query import ParsedQuery, SearchQuery, SearchResults, Suggestion

CHUNK = 500  # documents per bulk request
PROGRESS_EVERY = 200
IDS_PAGE = 10_000  # buckets per composite-aggregation page when listing ids


def _bulk_failure(error: BulkIndexError) -> SearchBackendError:
    first = error.errors[0] if error.errors else {}
    (operation, item), *_ = first.items() if first else [("?", {})]
    cause = item.get("error", {})
    detail = cause.get("reason", cause) if isinstance(cause, dict) else cause
    return SearchBackendError(
        f"Elasticsearch refused {len(error.errors)} document(s); the first, "
        f"{operation} {item.get('_id')}: {detail}"
    )


class ElasticsearchSearchBackend(BaseSearchBackend):
    """Options: ``URL`` (default ``settings.ELASTICSEARCH_URL``), ``INDEX_PREFIX`` (default
    ``settings.ELASTICSEARCH_INDEX_PREFIX``), ``TIMEOUT`` (seconds per request, 10) and
    ``MAX_RETRIES`` (on connection errors and 429/502/503/504, 2)."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        url = options.get("URL") or settings.ELASTICSEARCH_URL
        if not url:
            raise ImproperlyConfigured(
                "SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL (the cluster's address)."
            )
        prefix = options.get("INDEX_PREFIX") or settings.ELASTICSEARCH_INDEX_PREFIX
        self.alias = f"{prefix}-search"
        self.address = safe_address(url)
        self.client = Elasticsearch(
            url,
            request_timeout=options.get("TIMEOUT", 10),
            max_retries=options.get("MAX_RETRIES", 2),
            retry_on_timeout=True,
        )
        self._alias_ready = False

    # ------------------------------------------------------------------ indices

    def new_index_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def _create_index(self, name: str, *, with_alias: bool = False) -> None:
        body = index_body()
        if with_alias:
            body["aliases"] = {self.alias: {}}
        self.client.indices.create(index=name, **body)

    def _ensure_alias(self) -> None:
        """Create an empty first index behind the alias on first use. Its fixed name makes
        two processes starting at once create it only once."""
        if self._alias_ready:
            return
        with translated(self.address):
            if not self.client.indices.exists_alias(name=self.alias):
                first = f"{self.alias}-initial"
                try:
                    self._create_index(first, with_alias=True)
                except BadRequestError as error:
                    if error.error != "resource_already_exists_exception":
                        raise  # else another process created it meanwhile
        self._alias_ready = True

    def _aliased_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def drop(self) -> None:
        """Delete the alias and every index of this prefix (tests; decommissioning).

        By name: Elasticsearch 8 refuses wildcard deletes (action.destructive_requires_name).
        """
        with translated(self.address):
            names = sorted(self.client.indices.get(index=f"{self.alias}-*").body)
            if names:
                self.client.indices.delete(index=",".join(names), ignore_unavailable=True)
        self._alias_ready = False

    # ------------------------------------------------------------------ writing

    def index(self, documents: Iterable[Document]) -> int:
        actions = [index_action(self.alias, document) for document in documents]
        if not actions:
            return 0
        self._ensure_alias()
        try:
            with translated(self.address):
                written, _ = bulk(self.client, actions, chunk_size=CHUNK, refresh="wait_for")
        except BulkIndexError as error:
            raise _bulk_failure(error) from error
        return written

    def delete(self, type_name: str, ids: Iterable[str]) -> None:
        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": document_id(type_name, doc_id)}
            for doc_id in ids
        ]
        if not actions:
            return
        self._ensure_alias()
        try:
            with translated(self.address):
                # 404: not in the index, which is what deleting asks for.
                bulk(self.client, actions, chunk_size=CHUNK, refresh="wait_for", ignore_status=404)
        except BulkIndexError as error:
            raise _bulk_failure(error) from error

    def _fill(self, name: str, documents: Iterable[Document], progress: Progress | None) -> int:
        written = 0
        actions: Iterator[dict] = (index_action(name, document) for document in documents)
        for _ok, _item in streaming_bulk(self.client, actions, chunk_size=CHUNK):
            written += 1
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written)
        return written

    def rebuild(self, documents: Iterable[Document], progress: Progress | None = None) -> int:
        name = self.new_index_name()
        with translated(self.address):
            self._create_index(name)
            try:
                written = self._fill(name, documents, progress)
                self.client.indices.refresh(index=name)
                old = self._aliased_indices()
                actions: list[dict] = [
                    {"remove": {"index": index, "alias": self.alias}} for index in old
                ]
                actions.append({"add": {"index": name, "alias": self.alias}})
                self.client.indices.update_aliases(actions=actions)
            except BulkIndexError as error:
                self.client.indices.delete(index=name, ignore_unavailable=True)
                raise _bulk_failure(error) from error
            except BaseException:
                # The alias still names the old index: nothing half-built is searched.
                self.client.indices.delete(index=name, ignore_unavailable=True)
                raise
            if old:
                self.client.indices.delete(index=",".join(old), ignore_unavailable=True)
        self._alias_ready = True
        if progress is not None:
            progress(written)
        return written

    # ------------------------------------------------------------------ queries

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        self._ensure_alias()
        with translated(self.address, query=True):
            return self.client.search(index=self.alias, body=body).body

    def search(self, query: SearchQuery, parsed: ParsedQuery, plan: Plan) -> SearchResults:
        response = self._search(queries.search_request(query, parsed, plan).to_dict())
        facet_names = list(dict.fromkeys(query.facets))
        return responses.results(response, facet_names, query.highlight)

    def suggest(
        self, parsed: ParsedQuery, locale: str | None, types: list[str], limit: int
    ) -> list[Suggestion]:
        plan = analysis.plan(parsed, fields=("title",))
        if plan.matches_all:
            return []
        request = queries.suggest_request(plan, locale, types, limit)
        return responses.suggestions(self._search(request.to_dict()))

    # ------------------------------------------------------------------ checks

    def count(self, type_name: str | None = None, locale: str | None = None) -> int:
        self._ensure_alias()
        query = queries.all_documents(type_name, locale).to_dict()
        with translated(self.address):
            return self.client.count(index=self.alias, query=query)["count"]

    def ids(self, type_name: str, locale: str | None = None) -> set[str]:
        found: set[str] = set()
        after = None
        while True:
            body = queries.ids_request(type_name, locale, after, IDS_PAGE).to_dict()
            page = self._search(body)["aggregations"]["ids"]
            found.update(bucket["key"]["doc_id"] for bucket in page["buckets"])
            after = page.get("after_key")
            if not page["buckets"] or after is None:
                return found
