"""What every search backend promises, on small documents made for each behaviour.

Parametrised over backends: "embedded" always runs; the Elasticsearch backend joins the
list in conftest.BACKENDS and runs against a real cluster when ELASTICSEARCH_URL is set.
"""

import os
from datetime import UTC, datetime, timedelta

import pytest

from search import service
from search.documents import Document, FacetTerm
from search.query import (
    MAX_IDS,
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    DateRange,
    SearchQuery,
    SearchQueryError,
)
from tests.search.conftest import BACKENDS, make_backend


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    if request.param == "elasticsearch" and not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("ELASTICSEARCH_URL names no Elasticsearch cluster")
    backend = make_backend(request.param, tmp_path / request.param)
    yield backend
    if request.param == "elasticsearch":
        backend.drop()  # this test's indices, on a cluster that outlives the test


def doc(doc_id, title, summary="", body="", **fields) -> Document:
    fields.setdefault("type", "news")
    fields.setdefault("locale", "vi")
    return Document(id=str(doc_id), title=title, summary=summary, body=body, **fields)


def ids(backend, text="", **options) -> list[str]:
    options.setdefault("locale", "vi")
    results = service.search(SearchQuery(text=text, highlight=False, **options), backend)
    return [hit.id for hit in results.hits]


def test_a_query_without_diacritics_finds_the_vietnamese_text(backend):
    backend.index([doc(1, "Dịch vụ công trực tuyến"), doc(2, "Thời tiết hôm nay")])
    assert ids(backend, "dich vu cong") == ["1"]
    assert ids(backend, "DỊCH VỤ CÔNG") == ["1"]
    # NFD input (decomposed marks) is the same text.
    assert ids(backend, "di\u0323ch vu\u0323 co\u0302ng") == ["1"]


def test_d_with_stroke_folds_to_d(backend):
    backend.index([doc(1, "Đăng ký đất đai"), doc(2, "Dang ky dat dai")])
    assert sorted(ids(backend, "dang ky dat dai")) == ["1", "2"]
    assert sorted(ids(backend, "đăng ký đất đai")) == ["1", "2"]


def test_title_ranks_above_summary_above_body(backend):
    backend.index(
        [
            doc(1, "Tin tức", body="hướng dẫn hộ chiếu cho người dân"),
            doc(2, "Tin tức", summary="hướng dẫn hộ chiếu"),
            doc(3, "Hộ chiếu phổ thông"),
        ]
    )
    assert ids(backend, "ho chieu") == ["3", "2", "1"]


def test_exact_diacritics_rank_above_folded_matches(backend):
    backend.index([doc(1, "Mục tiêu năm nay"), doc(2, "Mức tiêu năm nay")])
    assert ids(backend, "mức") == ["2", "1"]
    assert ids(backend, "mục") == ["1", "2"]


def test_words_written_together_rank_above_scattered_syllables(backend):
    backend.index(
        [
            doc(1, "Bảng giá", body="vụ mùa năm nay, dịch bệnh giảm"),
            doc(2, "Bảng giá", body="bảng giá dịch vụ năm nay"),
        ]
    )
    assert ids(backend, "dịch vụ") == ["2", "1"]


def test_a_quoted_phrase_requires_the_words_together(backend):
    backend.index(
        [
            doc(1, "Chính phủ số và điện tử"),
            doc(2, "Phát triển Chính phủ điện tử"),
        ]
    )
    assert ids(backend, '"chinh phu dien tu"') == ["2"]
    assert sorted(ids(backend, "chinh phu dien tu")) == ["1", "2"]


@pytest.mark.parametrize(
    "typed", ["942/QĐ-TTg", "942/QD-TTg", "942 qđ ttg", "942 qd ttg", "942-qd/ttg", "942QĐTTg"]
)
def test_a_document_number_matches_with_any_separator_and_with_or_without_d_stroke(backend, typed):
    backend.index(
        [
            doc(1, "Chiến lược Chính phủ số", document_numbers=["942/QĐ-TTg"]),
            doc(2, "Chiến lược khác", document_numbers=["749/QĐ-TTg"]),
        ]
    )
    assert ids(backend, typed) == ["1"]


@pytest.mark.parametrize("typed", ["1.001193", "1001193", "1,001193"])
def test_a_procedure_code_matches_exactly(backend, typed):
    backend.index(
        [
            doc(1, "Đăng ký khai sinh", type="procedure", codes=["1.001193"]),
            doc(2, "Đăng ký khai tử", type="procedure", codes=["1.001194"]),
            doc(3, "Tin 1.001193", body="mã 1.001193"),
        ]
    )
    assert ids(backend, typed) == ["1"]


def test_all_words_by_default_then_any_word_when_nothing_has_all(backend):
    backend.index([doc(1, "Đăng ký khai sinh"), doc(2, "Đăng ký kết hôn")])
    results = service.search(SearchQuery(text="dang ky khai sinh", locale="vi"), backend)
    assert [hit.id for hit in results.hits] == ["1"] and not results.relaxed
    results = service.search(SearchQuery(text="khai sinh ket hon", locale="vi"), backend)
    assert sorted(hit.id for hit in results.hits) == ["1", "2"] and results.relaxed


def test_the_last_word_is_matched_as_a_prefix_while_typing(backend):
    backend.index([doc(1, "Đăng ký khai sinh"), doc(2, "Đăng ký kết hôn")])
    assert ids(backend, "dang ky khai s") == ["1"]
    assert ids(backend, "đăng ký kh") == ["1"]


def test_misspelt_tone_marks_and_i_for_y_still_match(backend):
    backend.index([doc(1, "Đăng ký khai sinh"), doc(2, "Lý lịch tư pháp")])
    assert ids(backend, "dang kí khai sinh") == ["1"]
    assert ids(backend, "đang kỳ khai sính") == ["1"]
    assert ids(backend, "li lich tu phap") == ["2"]


def facet_docs():
    return [
        doc(
            1, "Hộ tịch một", type="procedure", facets={"agency": [FacetTerm("BTP", "Bộ Tư pháp")]}
        ),
        doc(
            2, "Hộ tịch hai", type="procedure", facets={"agency": [FacetTerm("BCA", "Bộ Công an")]}
        ),
        doc(3, "Hộ tịch ba", facets={"agency": [FacetTerm("BTP", "Bộ Tư pháp")]}),
        doc(4, "Hộ tịch bốn", locale="en", facets={"agency": [FacetTerm("BTP", "Ministry")]}),
    ]


def test_filters_combine_names_and_alternatives(backend):
    backend.index(facet_docs())
    assert sorted(ids(backend, "ho tich", filters={"agency": ["BTP"]})) == ["1", "3"]
    assert sorted(ids(backend, "ho tich", filters={"agency": ["BTP", "BCA"]})) == ["1", "2", "3"]
    assert ids(backend, "ho tich", types=["procedure"], filters={"agency": ["BTP"]}) == ["1"]
    assert ids(backend, "ho tich", locale="en") == ["4"]
    assert sorted(ids(backend, "ho tich", locale=None)) == ["1", "2", "3", "4"]


def test_facet_counts_follow_the_query_and_carry_labels(backend):
    backend.index(facet_docs())
    query = SearchQuery(text="ho tich", locale="vi", facets=["type", "agency"])
    facets = service.search(query, backend).facets
    assert [(f.value, f.count) for f in facets["type"]] == [("procedure", 2), ("news", 1)]
    assert [(f.value, f.label, f.count) for f in facets["agency"]] == [
        ("BTP", "Bộ Tư pháp", 2),
        ("BCA", "Bộ Công an", 1),
    ]


def test_sort_by_date_either_way(backend):
    day = datetime(2024, 1, 1, tzinfo=UTC)
    backend.index([doc(n, f"Thông báo {n}", date=day + timedelta(days=n)) for n in (2, 1, 3)])
    assert ids(backend, "thong bao", sort="date") == ["3", "2", "1"]
    assert ids(backend, "thong bao", sort="-date") == ["1", "2", "3"]


def test_an_empty_query_lists_everything_newest_first(backend):
    day = datetime(2024, 1, 1, tzinfo=UTC)
    backend.index([doc(n, f"Tin {n}", date=day + timedelta(days=n)) for n in (1, 2)])
    assert ids(backend, "") == ["2", "1"]
    assert ids(backend, "   ") == ["2", "1"]


def test_highlights_mark_the_matched_words_and_escape_the_rest(backend):
    backend.index([doc(1, "Dịch vụ <công> & mức độ 4", summary="Dịch vụ công mức độ 4.")])
    hit = service.search(SearchQuery(text="dich vu", locale="vi"), backend).hits[0]
    assert (
        hit.highlights["title"] == "<mark>Dịch</mark> <mark>vụ</mark> &lt;công&gt; &amp; mức độ 4"
    )
    assert hit.highlights["summary"].startswith("<mark>Dịch</mark> <mark>vụ</mark> công")


def test_pagination_is_bounded(backend):
    backend.index([doc(n, f"Thủ tục {n}") for n in range(25)])
    first = service.search(SearchQuery(text="thu tuc", locale="vi", limit=10), backend)
    third = service.search(SearchQuery(text="thu tuc", locale="vi", limit=10, offset=20), backend)
    assert first.total == third.total == 25
    assert len(first.hits) == 10 and len(third.hits) == 5
    assert not {h.id for h in first.hits} & {h.id for h in third.hits}
    with pytest.raises(SearchQueryError):
        service.search(SearchQuery(text="x", limit=MAX_PAGE_SIZE + 1), backend)
    with pytest.raises(SearchQueryError):
        service.search(SearchQuery(text="x", offset=MAX_OFFSET + 1), backend)


def test_suggestions_complete_titles(backend):
    backend.index([doc(1, "Đăng ký khai sinh"), doc(2, "Đăng ký kết hôn"), doc(3, "Khai thuế")])
    titles = [s.text for s in service.suggest("dang ky kh", locale="vi", backend=backend)]
    assert titles == ["Đăng ký khai sinh"]
    assert service.suggest("", locale="vi", backend=backend) == []


def test_index_replaces_delete_removes_and_counts_follow(backend):
    backend.index([doc(1, "Bản cũ"), doc(2, "Tin khác")])
    backend.index([doc(1, "Bản mới")])
    assert ids(backend, "bản mới") == ["1"] and ids(backend, "cũ") == []
    assert backend.count() == 2 and backend.ids("news") == {"1", "2"}
    backend.delete("news", ["2", "404"])
    assert backend.count("news", "vi") == 1 and backend.ids("news", "vi") == {"1"}


def test_an_expired_document_is_not_found_even_before_it_is_removed(backend):
    past = datetime.now(tz=UTC) - timedelta(minutes=1)
    backend.index([doc(1, "Thông báo cũ", expire_at=past), doc(2, "Thông báo mới")])
    assert ids(backend, "thong bao") == ["2"]


def test_a_rebuild_keeps_answering_from_the_old_index_until_it_is_complete(backend):
    backend.index([doc(1, "Bản cũ")])
    seen_during_rebuild = []

    def documents():
        yield doc(2, "Bản mới")
        seen_during_rebuild.append(ids(backend, "ban"))
        yield doc(3, "Bản mới nữa")

    assert backend.rebuild(documents()) == 2
    assert seen_during_rebuild == [["1"]]
    assert sorted(ids(backend, "ban")) == ["2", "3"]


def test_unknown_types_filters_and_sorts_are_errors(backend):
    for query in (
        SearchQuery(text="x", types=["nope"]),
        SearchQuery(text="x", filters={"colour": ["red"]}),
        SearchQuery(text="x", facets=["colour"]),
        SearchQuery(text="x", sort="popularity"),
    ):
        with pytest.raises(SearchQueryError):
            service.search(query, backend)


def test_new_filters_theme_and_tag_filter_and_count(backend):
    backend.index(
        [
            doc(
                1,
                "Dân số tỉnh",
                type="news",
                facets={"theme": [FacetTerm("dan-so", "Dân số")], "tag": [FacetTerm("Dân số")]},
            ),
            doc(2, "Dân số huyện", facets={"theme": [FacetTerm("y-te", "Y tế")]}),
            doc(3, "Dân số xã", facets={"tag": [FacetTerm("dân số")]}),
        ]
    )
    assert ids(backend, "dan so", filters={"theme": ["dan-so"]}) == ["1"]
    # Tags match exactly as written.
    assert ids(backend, "dan so", filters={"tag": ["Dân số"]}) == ["1"]
    query = SearchQuery(text="dan so", locale="vi", facets=["theme", "tag"])
    facets = service.search(query, backend).facets
    assert [(f.value, f.label, f.count) for f in facets["theme"]] == [
        ("dan-so", "Dân số", 1),
        ("y-te", "Y tế", 1),
    ]
    assert sorted(f.value for f in facets["tag"]) == ["Dân số", "dân số"]


def test_ids_restrict_the_hits_within_the_types(backend):
    backend.index(
        [doc(1, "Bộ dữ liệu"), doc(2, "Bộ dữ liệu"), doc(2, "Bộ dữ liệu", type="procedure")]
    )
    assert sorted(ids(backend, "", ids=["1", "2"])) == ["1", "2", "2"]
    assert ids(backend, "du lieu", ids=["2"], types=["news"]) == ["2"]
    assert ids(backend, "du lieu", ids=["404"]) == []
    with pytest.raises(SearchQueryError):
        service.search(SearchQuery(ids=[str(n) for n in range(MAX_IDS + 1)]), backend)


def sortable_docs():
    day = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        doc(1, "Bảng b", date=day, created=day + timedelta(days=3), name="zeta"),
        doc(2, "Ảnh a", date=day + timedelta(days=2), created=None, name=""),
        doc(3, "đất c", date=None, created=day + timedelta(days=1), name="alpha"),
        doc(4, "bảng B", date=day, created=day, name="beta"),
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # Missing values last either way; equal values by (type, id).
        ("date", ["2", "1", "4", "3"]),
        ("-date", ["1", "4", "2", "3"]),
        ("created", ["1", "3", "4", "2"]),
        ("-created", ["4", "3", "1", "2"]),
        # Folded and lower-cased: "anh a" < "bang b" (1, 4 tie) < "dat c".
        ("title", ["2", "1", "4", "3"]),
        ("-title", ["3", "1", "4", "2"]),
        # An empty name sorts by the folded title ("anh a").
        ("name", ["3", "2", "4", "1"]),
        ("-name", ["1", "4", "2", "3"]),
    ],
)
def test_sorts_put_missing_values_last_and_break_ties_by_type_and_id(backend, sort, expected):
    backend.index(sortable_docs())
    assert ids(backend, "", sort=sort) == expected
    # Paging one by one gives the same order.
    assert [ids(backend, "", sort=sort, offset=n, limit=1)[0] for n in range(4)] == expected


def test_a_limit_of_zero_counts_and_facets_without_hits(backend):
    backend.index(facet_docs())
    results = service.search(
        SearchQuery(text="ho tich", locale="vi", limit=0, facets=["agency"]), backend
    )
    assert results.hits == [] and results.total == 3
    assert [(f.value, f.count) for f in results.facets["agency"]] == [("BTP", 2), ("BCA", 1)]


def test_a_trusted_caller_may_raise_the_page_size_up_to_a_thousand(backend):
    backend.index([doc(n, f"Bộ dữ liệu {n}") for n in range(MAX_PAGE_SIZE + 5)])
    results = service.search(
        SearchQuery(text="du lieu", locale="vi", limit=MAX_PAGE_SIZE + 5, max_limit=1000),
        backend,
    )
    assert len(results.hits) == MAX_PAGE_SIZE + 5
    for query in (
        SearchQuery(text="x", limit=MAX_PAGE_SIZE + 1),
        SearchQuery(text="x", limit=1001, max_limit=1001),
        SearchQuery(text="x", limit=-1),
    ):
        with pytest.raises(SearchQueryError):
            service.search(query, backend)


def test_facet_limit_keeps_the_most_frequent_values_ties_by_value(backend):
    terms = {1: ["c", "a"], 2: ["c", "b"], 3: ["c", "d"], 4: ["a", "b"]}
    backend.index(
        [
            doc(n, f"Bộ dữ liệu {n}", facets={"tag": [FacetTerm(value) for value in values]})
            for n, values in terms.items()
        ]
    )
    query = SearchQuery(locale="vi", facets=["tag"], facet_limit=3)
    counts = service.search(query, backend).facets["tag"]
    assert [(f.value, f.count) for f in counts] == [("c", 3), ("a", 2), ("b", 2)]
    for limit in (0, 1001):
        with pytest.raises(SearchQueryError):
            service.search(SearchQuery(facets=["tag"], facet_limit=limit), backend)


def _dated(doc_id, moment, agency, **fields) -> Document:
    return doc(
        doc_id,
        f"Bộ dữ liệu {doc_id}",
        date=moment,
        created=moment - timedelta(days=30) if moment else None,
        facets={"agency": [FacetTerm(agency)]},
        **fields,
    )


def test_exclusions_leave_out_documents_with_any_of_the_values(backend):
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    backend.index([_dated(1, moment, "BTP"), _dated(2, moment, "BCA"), _dated(3, moment, "BYT")])
    assert sorted(ids(backend, exclude={"agency": ["BCA"]})) == ["1", "3"]
    assert ids(backend, exclude={"agency": ["BCA", "BTP"]}) == ["3"]
    assert ids(backend, filters={"agency": ["BTP", "BCA"]}, exclude={"agency": ["BTP"]}) == ["2"]
    with pytest.raises(SearchQueryError, match="Unknown filter"):
        ids(backend, exclude={"colour": ["blue"]})


def test_date_ranges_with_open_and_exclusive_ends(backend):
    first = datetime(2025, 1, 1, tzinfo=UTC)
    backend.index(
        [
            _dated(1, first, "BTP"),
            _dated(2, first + timedelta(microseconds=1), "BTP"),
            _dated(3, first + timedelta(days=1), "BTP"),
            _dated(4, None, "BTP"),
        ]
    )

    def within(**ranges):
        return sorted(ids(backend, ranges=ranges, sort="date"))

    assert within(date=DateRange(start=first)) == ["1", "2", "3"]
    assert within(date=DateRange(start=first, include_start=False)) == ["2", "3"]
    assert within(date=DateRange(end=first + timedelta(days=1), include_end=False)) == ["1", "2"]
    assert within(date=DateRange(first, first)) == ["1"]
    assert within(date=DateRange()) == ["1", "2", "3"]
    assert within(created=DateRange(end=first - timedelta(days=30))) == ["1"]
    with pytest.raises(SearchQueryError, match="time zone"):
        within(date=DateRange(start=datetime(2025, 1, 1)))
    with pytest.raises(SearchQueryError, match="Unknown range"):
        within(expire_at=DateRange(start=first))


def test_uid_sorts_by_the_public_identifier_else_the_id(backend):
    backend.index([doc(1, "A", uid="c0ffee"), doc(2, "B", uid="0abc"), doc(3, "C")])
    assert ids(backend, sort="uid") == ["2", "3", "1"]
    assert ids(backend, sort="-uid") == ["1", "3", "2"]
