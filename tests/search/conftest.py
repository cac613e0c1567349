"""Search fixtures: every test gets its own index folder; the demo index is built once
per module, from the demo content, by the same rebuild that ``search_rebuild`` runs."""

import os
import uuid

import pytest

from search import service
from search.backends.base import BaseSearchBackend

# The backends the contract suite runs on. Elasticsearch joins when its backend exists and
# ELASTICSEARCH_URL names a cluster.
BACKENDS = ["embedded"]
if os.environ.get("ELASTICSEARCH_URL"):
    BACKENDS.append("elasticsearch")


def make_backend(name: str, path) -> BaseSearchBackend:
    from django.utils.module_loading import import_string

    cls = import_string(service.BACKENDS[name])
    options = {"PATH": path, "URL": os.environ.get("ELASTICSEARCH_URL", "")}
    if name == "elasticsearch":  # indices of its own, deleted by backend.drop()
        options["INDEX_PREFIX"] = f"minhbach-test-{uuid.uuid4().hex[:12]}"
    return cls(options)


@pytest.fixture(autouse=True)
def _search_index(settings, tmp_path):
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_INDEX_PATH = tmp_path / "search-index"


@pytest.fixture(scope="module")
def demo_index(demo_content, django_db_blocker, tmp_path_factory) -> BaseSearchBackend:
    """An embedded index of the demo content's visible pages."""
    backend = make_backend("embedded", tmp_path_factory.mktemp("demo-index"))
    with django_db_blocker.unblock():
        service.rebuild(backend=backend)
    return backend
