"""The Elasticsearch search backend (elasticsearch-dsl): ``SEARCH_BACKEND=elasticsearch``.

* :mod:`.mapping`: analyzers, the index's document class and settings, documents as sent;
* :mod:`.queries`: request bodies, from the plan shared with the embedded backend;
* :mod:`.responses`: responses as hits, facet counts and suggestions;
* :mod:`.errors`: the client's errors as ours;
* :mod:`.backend`: the backend (alias, versioned indices, bulk writes, rebuild).
"""

from search.backends.elasticsearch.backend import ElasticsearchSearchBackend
from search.backends.elasticsearch.errors import SearchBackendError, SearchUnavailable

__all__ = ["ElasticsearchSearchBackend", "SearchBackendError", "SearchUnavailable"]
