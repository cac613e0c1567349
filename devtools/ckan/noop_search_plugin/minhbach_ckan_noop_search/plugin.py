"""Run CKAN without Solr: index nothing, find nothing, everything else stays real CKAN.

CKAN indexes a package synchronously on every write and reads Solr for package_search,
for the dataset counts of organization_show/organization_list and for tag_show. Solr cannot
be installed on the machines that run minhbach's tests, so this plugin swaps in CKAN's own
NoopSearchIndex for packages and a package query that answers "no results" (after the same
parameter check CKAN makes, so bad parameters still give CKAN's Search Query Error).
Validation, authorisation, the database, API tokens and uploads are untouched.
"""

from __future__ import annotations

from typing import Any

import ckan.lib.search as search
import ckan.plugins as plugins
from ckan.lib.search.index import NoopSearchIndex, PackageSearchIndex
from ckan.lib.search.query import VALID_SOLR_PARAMETERS, PackageSearchQuery


class EmptyPackageSearchQuery(PackageSearchQuery):
    """A package query on an index that is always empty."""

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        return []

    def get_index(self, reference: str) -> dict[str, Any]:
        raise search.SearchError(f"Dataset not found in the search index: {reference}")

    def run(
        self,
        query: dict[str, Any],
        permission_labels: list[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        invalid = set(query.keys()) - VALID_SOLR_PARAMETERS
        if invalid:
            raise search.SearchQueryError(f"Invalid search parameters: {sorted(invalid)}")
        fields = query.get("facet.field") or []
        if isinstance(fields, str):
            fields = [fields]
        self.count = 0
        self.results = []
        # Solr answers an empty facet for each requested field; callers index into them.
        self.facets = {field: {} for field in fields}
        return {"results": self.results, "count": self.count}


def _index_nothing(self: PackageSearchIndex, *args: Any, **kwargs: Any) -> None:
    return None


def _solr_schema_not_checked(schema_file: str | None = None) -> bool:
    # CKAN checks the Solr schema at every config update; with no Solr that check only
    # logs a connection traceback, so report "not checked" the way CKAN does when Solr is down.
    return False


class NoopSearchPlugin(plugins.SingletonPlugin):
    plugins.implements(plugins.IConfigurer)

    def update_config(self, config: Any) -> None:
        search._INDICES["package"] = NoopSearchIndex
        search._QUERIES["package"] = EmptyPackageSearchQuery
        # ckan.lib.dictization.model_dictize builds search.PackageSearchQuery() directly
        # (dataset counts of organizations and groups, tag_show) instead of query_for().
        search.PackageSearchQuery = EmptyPackageSearchQuery
        search.check_solr_schema_version = _solr_schema_not_checked
        # ckanext-harvest reindexes its sources through PackageSearchIndex itself
        # (harvest_source_reindex), not through the swapped-in index: its writes go nowhere.
        for method in ("index_package", "delete_package", "commit", "clear"):
            setattr(PackageSearchIndex, method, _index_nothing)
