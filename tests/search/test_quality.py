"""The labelled query set on the demo content: what users type finds what they mean."""

import pytest

from search import service
from search.query import SearchQuery
from tests.search import labelled

pytestmark = pytest.mark.django_db

MIN_RECALL = 0.95


def test_the_labelled_set_has_the_promised_kinds_of_query():
    queries = labelled.load()
    assert len(queries) >= 60
    assert sum(q.has_diacritics for q in queries) >= 20
    assert sum(not q.has_diacritics for q in queries) >= 20
    assert sum(q.locale == "en" for q in queries) >= 5
    assert sum('"' in q.q for q in queries) >= 3
    assert any("đ" in q.q.casefold() for q in queries)


def test_recall_at_10_on_the_labelled_set(demo_index):
    def run(q, locale):
        results = service.search(SearchQuery(text=q, locale=locale, highlight=False), demo_index)
        return [(hit.type, hit.id) for hit in results.hits]

    outcomes = labelled.evaluate(run)
    recall, _mrr, _n = labelled.summary(outcomes)["all"]
    failures = "\n".join(
        f"  {o.query.q!r} ({o.query.locale}): expected {list(o.query.expected)}, "
        f"got {list(o.found)}"
        for o in outcomes
        if o.recall < 1
    )
    assert recall >= MIN_RECALL, f"recall@10 {recall:.3f} < {MIN_RECALL}; misses:\n{failures}"
