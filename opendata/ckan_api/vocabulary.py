"""CKAN's names for the catalogue's facets and sorts, and the search service's names.

The one place where they meet: the CKAN Action API and the catalogue page (whose query
string speaks CKAN's names, so that a researcher can carry it over to package_search)
translate here; opendata.catalogue speaks only the service's names (the facets
opendata.search_documents declares, the sorts of search.query.SORTS).
"""

from collections.abc import Sequence

# CKAN's facet (and filter) fields and the service's facet (and filter) names.
FACETS = {
    "organization": "agency",
    "groups": "theme",
    "tags": "tag",
    "res_format": "format",
    "license_id": "licence",
}
# Solr's sort fields and the service's sort when ascending / descending. "score" is
# relevance either way (an empty query has none: the catalogue moves to the next sort).
SORTS = {
    "score": ("relevance", "relevance"),
    "name": ("name", "-name"),
    "title_string": ("title", "-title"),
    "metadata_modified": ("-date", "date"),
    "metadata_created": ("-created", "created"),
    "id": ("uid", "-uid"),
}
# Solr's date fields and the service's ranges (search.query.RANGES).
RANGES = {"metadata_modified": "date", "metadata_created": "created"}


def service_sorts(keys: Sequence[tuple[str, bool]]) -> list[str]:
    """[("score", True), ("metadata_modified", True)] -> ["relevance", "date"]."""
    return [SORTS[field][1 if descending else 0] for field, descending in keys]
