"""The any-word retry is the service's decision, made once for every backend."""

from search import service
from search.backends.base import BaseSearchBackend
from search.query import SearchQuery, SearchResults


class Recording(BaseSearchBackend):
    """Answers each search with the next of ``totals`` and keeps the plans it was given."""

    def __init__(self, *totals: int) -> None:
        super().__init__({})
        self.totals = list(totals)
        self.plans = []

    def search(self, query, parsed, plan):
        self.plans.append(plan)
        return SearchResults(hits=[], total=self.totals.pop(0))

    def index(self, documents):
        raise NotImplementedError

    def delete(self, type_name, ids):
        raise NotImplementedError

    def suggest(self, parsed, locale, types, limit):
        raise NotImplementedError

    def count(self, type_name=None, locale=None):
        raise NotImplementedError

    def ids(self, type_name, locale=None):
        raise NotImplementedError

    def rebuild(self, documents, progress=None):
        raise NotImplementedError


def test_no_hit_with_every_word_asks_the_backend_again_for_any_word():
    backend = Recording(0, 2)
    results = service.search(SearchQuery(text="khai sinh ket hon"), backend)
    assert results.relaxed and results.total == 2
    strict, relaxed = backend.plans
    assert len(strict.groups) == 4 and len(relaxed.groups) == 1


def test_hits_with_every_word_or_a_query_that_cannot_relax_ask_once():
    backend = Recording(3)
    assert not service.search(SearchQuery(text="khai sinh ket hon"), backend).relaxed
    backend = Recording(0)
    assert service.search(SearchQuery(text="942/QĐ-TTg"), backend).total == 0
    assert len(backend.plans) == 1
