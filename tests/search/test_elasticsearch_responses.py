"""The Elasticsearch backend against recorded Elasticsearch 8 responses, replayed by a real
HTTP server on 127.0.0.1 to the real ``elasticsearch`` client (tests/search/es_replay.py;
how the recordings were made: tests/fixtures/recorded/elasticsearch/README.md)."""

import socket
from datetime import UTC, datetime

import pytest

from search import service
from search.backends.elasticsearch import (
    ElasticsearchSearchBackend,
    SearchBackendError,
    SearchUnavailable,
)
from search.documents import Document
from search.query import FacetCount, SearchQuery, SearchQueryError
from tests.search.es_replay import ReplayServer, load


def backend_for(url: str) -> ElasticsearchSearchBackend:
    return ElasticsearchSearchBackend({"URL": url, "INDEX_PREFIX": "minhbach", "MAX_RETRIES": 0})


@pytest.fixture
def replay(request):
    """``replay("search_hits")`` -> (backend, server), checked afterwards: every recorded
    request was made, and nothing else."""
    servers = []

    def start(name):
        server = ReplayServer(load(name)).__enter__()
        servers.append(server)
        return backend_for(server.url), server

    yield start
    for server in servers:
        server.__exit__(None, None, None)
        server.assert_all_replayed()


def test_hits_highlights_and_facets(replay):
    backend, server = replay("search_hits")
    query = SearchQuery(text="dang ky", locale="vi", facets=["type", "agency"])
    results = service.search(query, backend)
    assert results.total == 2 and not results.relaxed
    first, second = results.hits
    assert (first.type, first.id, first.locale, first.score) == ("procedure", "1", "vi", 31.428198)
    assert first.url == "/vi/thu-tuc/dang-ky-khai-sinh/"
    assert first.date == datetime(2024, 5, 2, 8, tzinfo=UTC)
    assert first.highlights["title"] == "<mark>Đăng</mark> <mark>ký</mark> khai sinh"
    # No fragment for the summary: its start, escaped, as the embedded backend shows it.
    assert first.highlights["summary"] == (
        "Giấy khai sinh và số định danh cá nhân của trẻ &lt;dưới 6 tuổi&gt;"
    )
    assert "body" not in first.highlights
    assert second.highlights["body"].startswith("Người dân có thể <mark>đăng</mark>")
    assert second.date is None and second.highlights["summary"] == ""
    assert results.facets == {
        "type": [FacetCount("news", "", 1), FacetCount("procedure", "", 1)],
        "agency": [FacetCount("UBND-CAP-XA", "UBND cấp xã", 1)],
    }
    sent = server.received[-1].body
    assert sent["track_total_hits"] is True and set(sent["aggs"]) == {"type", "agency"}


def test_zero_hits_then_the_any_word_request(replay):
    backend, server = replay("search_relaxed")
    results = service.search(SearchQuery(text="khai sinh ket hon", facets=["type"]), backend)
    assert results.relaxed and results.total == 2
    assert [hit.id for hit in results.hits] == ["1", "7"]
    assert results.hits[0].highlights["title"] == "Đăng ký <mark>khai</mark> <mark>sinh</mark>"
    strict, relaxed = (request.body["query"]["bool"]["must"] for request in server.received[1:])
    assert len(strict) == 4 and len(relaxed) == 1  # four words required, then any of them


def test_sorted_by_date_hits_have_no_score(replay):
    backend, server = replay("search_by_date")
    results = service.search(SearchQuery(highlight=False), backend)
    assert [(hit.id, hit.score, hit.highlights) for hit in results.hits] == [
        ("1", 0.0, {}),
        ("7", 0.0, {}),
    ]
    assert server.received[-1].body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


def test_suggestions(replay):
    backend, _server = replay("suggest")
    suggestions = service.suggest("dang ky kh", locale="vi", backend=backend)
    assert [(s.text, s.type, s.id, s.locale) for s in suggestions] == [
        ("Đăng ký khai sinh", "procedure", "1", "vi")
    ]


def test_count_and_ids(replay):
    backend, server = replay("count")
    assert backend.count("news", "vi") == 3
    assert server.received[-1].body == {
        "query": {"bool": {"filter": [{"term": {"locale": "vi"}}, {"terms": {"type": ["news"]}}]}}
    }
    backend, server = replay("ids_composite")
    assert backend.ids("news") == {"1", "2", "3"}
    afters = [
        request.body["aggs"]["ids"]["composite"].get("after") for request in server.received[1:]
    ]
    assert afters == [None, {"doc_id": "2"}, {"doc_id": "3"}]


def test_bulk_index_then_delete_with_an_absent_id(replay):
    backend, server = replay("bulk_index_and_delete")
    written = backend.index(
        [
            Document(type="news", id="1", locale="vi", title="Đăng ký"),
            Document(type="news", id="2", locale="vi", title="Tin"),
        ]
    )
    assert written == 2
    backend.delete("news", ["2", "404"])
    index_request, delete_request = server.received[1:]
    assert index_request.query == delete_request.query == "refresh=wait_for"
    assert index_request.body[0] == {"index": {"_index": "minhbach-search", "_id": "news:1"}}
    assert index_request.body[1]["title"] == "Đăng ký"
    assert delete_request.body == [
        {"delete": {"_index": "minhbach-search", "_id": "news:2"}},
        {"delete": {"_index": "minhbach-search", "_id": "news:404"}},
    ]


def test_bulk_item_errors_become_one_clear_error(replay):
    backend, _server = replay("bulk_item_errors")
    documents = [Document(type="news", id=str(n), locale="vi", title="Tin") for n in (1, 2)]
    with pytest.raises(SearchBackendError, match=r"1 document\(s\).*news:2.*failed to parse"):
        backend.index(documents)


def test_a_rebuild_fills_a_new_index_then_moves_the_alias_in_one_call(replay):
    backend, server = replay("rebuild")
    progress = []
    documents = [Document(type="news", id=str(n), locale="vi", title="Bản mới") for n in (2, 3)]
    assert backend.rebuild(iter(documents), progress.append) == 2
    assert progress == [2]
    create, bulk_request, _refresh, _get_alias, aliases, delete = server.received
    new_index = create.path.lstrip("/")
    assert set(create.body) == {"settings", "mappings"}
    assert all(line["index"]["_index"] == new_index for line in bulk_request.body[::2])
    assert aliases.body == {
        "actions": [
            {
                "remove": {
                    "index": "minhbach-search-20250301080000123456",
                    "alias": "minhbach-search",
                }
            },
            {"add": {"index": new_index, "alias": "minhbach-search"}},
        ]
    }
    assert delete.path == "/minhbach-search-20250301080000123456"


def test_first_use_creates_the_first_index_behind_the_alias(replay):
    backend, server = replay("first_use")
    assert service.search(SearchQuery(text="x"), backend).total == 0
    create = server.received[1]
    assert create.body["aliases"] == {"minhbach-search": {}}
    backend, _server = replay("first_use_race")
    assert backend.count() == 0


def test_a_refused_search_is_a_search_query_error(replay):
    backend, _server = replay("error_400")
    with pytest.raises(SearchQueryError, match="maxClauseCount"):
        service.search(SearchQuery(text="dich vu"), backend)


@pytest.mark.parametrize(("recording", "status"), [("error_429", 429), ("error_503", 503)])
def test_a_busy_or_unavailable_cluster_is_search_unavailable(replay, recording, status):
    backend, _server = replay(recording)
    with pytest.raises(SearchUnavailable, match=f"HTTP {status}") as error:
        service.search(SearchQuery(text="dich vu"), backend)
    assert "127.0.0.1" in str(error.value)


def test_connection_refused_is_search_unavailable():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = backend_for(f"http://user:secret@127.0.0.1:{port}")
    with pytest.raises(SearchUnavailable, match="cannot be reached") as error:
        service.search(SearchQuery(text="dich vu"), backend)
    assert "secret" not in str(error.value)
