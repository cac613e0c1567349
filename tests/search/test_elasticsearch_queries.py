"""Elasticsearch request bodies, as elasticsearch-dsl builds them, against reviewed JSON
(tests/fixtures/es/expected_queries.json), plus the properties that matter spelt out."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search import analysis
from search.backends.elasticsearch import queries
from search.query import DateRange, SearchQuery, parse

EXPECTED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "es" / "expected_queries.json").read_text(
        encoding="utf-8"
    )
)

# name -> SearchQuery arguments; each body is in expected_queries.json under the name.
CASES = {
    "plain words": {"text": "dịch vụ công", "locale": "vi"},
    "no diacritics": {"text": "dich vu cong", "locale": "vi"},
    "d with stroke and final y": {"text": "đăng ký", "locale": "vi"},
    "phrase": {"text": '"chinh phu dien tu"', "locale": "vi"},
    "prefix of the last word": {"text": "dang ky kh", "locale": "vi"},
    "document number": {"text": "942/QD-TTg", "locale": "vi"},
    "procedure code": {"text": "1001193"},
    "filters types and ids": {
        "text": "dan so",
        "locale": "en",
        "types": ["dataset", "news"],
        "filters": {"agency": ["BTP", "BCA"], "theme": ["dan-so"], "tag": ["Dân số"]},
        "ids": ["7", "3"],
    },
    "facets": {"text": "dan so", "facets": ["type", "tag"], "facet_limit": 3},
    "empty query, count and facets only": {"limit": 0, "facets": ["format"]},
    "exclusions and date ranges": {
        "types": ["dataset"],
        "filters": {"agency": ["BTP", "BCA"]},
        "exclude": {"agency": ["BCA"], "tag": ["Dân số"]},
        "ranges": {
            "date": DateRange(start=datetime(2025, 1, 1, tzinfo=UTC)),
            "created": DateRange(
                start=datetime(2024, 1, 1, tzinfo=UTC),
                end=datetime(2024, 7, 1, 12, 30, 0, 250000, tzinfo=UTC),
                include_end=False,
            ),
        },
    },
    "a range open at both ends is the moment's presence": {
        "ranges": {"created": DateRange()},
    },
    "page 3 of 20, no highlight": {
        "text": "thu tuc",
        "offset": 40,
        "limit": 20,
        "highlight": False,
    },
}
SORTS = ["date", "-date", "created", "-created", "title", "-title", "name", "-name", "uid", "-uid"]


def body(relaxed: bool = False, **arguments) -> dict:
    query = SearchQuery(**arguments).validated()
    parsed = query.parsed()
    plan = analysis.plan(parsed, relaxed=relaxed)
    return queries.search_request(query, parsed, plan).to_dict()


@pytest.mark.parametrize("name", CASES)
def test_search_bodies(name):
    assert body(**CASES[name]) == EXPECTED["search"][name]


def test_the_relaxed_plan_asks_for_any_word():
    assert body(text="khai sinh ket hon", relaxed=True) == EXPECTED["relaxed"]


@pytest.mark.parametrize("sort", SORTS)
def test_sorts_put_missing_values_last_and_break_ties_by_type_then_id(sort):
    field, order = EXPECTED["sorts"][sort]
    assert body(text="x", sort=sort)["sort"] == [
        {field: {"order": order, "missing": "_last"}},
        {"type": "asc"},
        {"doc_id": "asc"},
    ]


def test_relevance_sorts_by_score_then_type_then_id_and_an_empty_query_by_date():
    assert body(text="x")["sort"] == ["_score", {"type": "asc"}, {"doc_id": "asc"}]
    assert body()["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


def test_a_document_number_written_either_way_is_the_same_keyword_clause():
    spelt = [body(text=typed)["query"]["bool"]["must"] for typed in ("942/QD-TTg", "942 qđ ttg")]
    ident = {"term": {"ident": {"value": "dn_942qdttg", "boost": 50.0}}}
    assert all(must[0]["bool"]["should"][0] == ident for must in spelt)


def test_an_expired_document_is_filtered_out_and_user_text_never_reaches_a_parser():
    request = json.dumps(body(text='title:"khai sinh AND ( *'))
    assert '{"range": {"expire_at": {"gt": "now"}}}' in request
    assert "query_string" not in request and "AND" not in request


def test_suggest_body():
    plan = analysis.plan(parse("dang ky kh"), fields=("title",))
    request = queries.suggest_request(plan, "vi", ["procedure"], 8).to_dict()
    assert request == EXPECTED["suggest"]


def test_count_and_ids_bodies_include_expired_documents():
    assert queries.all_documents("news", "vi").to_dict() == EXPECTED["count"]
    request = queries.ids_request("news", None, {"doc_id": "9"}, 10_000).to_dict()
    assert request == EXPECTED["ids"]
