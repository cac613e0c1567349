"""The Elasticsearch index definition, and documents as they are sent to it."""

import json
from datetime import UTC, datetime
from pathlib import Path

from search import analysis
from search.backends.elasticsearch.mapping import SEP, index_action, index_body
from search.documents import Document, FacetTerm

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "es" / "expected_mapping.json"


def test_the_index_body_is_the_reviewed_one():
    assert index_body() == json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_the_analyzers_spell_final_y_as_the_shared_analysis_does():
    filters = index_body()["settings"]["analysis"]["filter"]
    assert filters["vi_final_y"]["pattern"] == analysis._FINAL_Y_RE.pattern
    assert filters["vi_final_y"]["replacement"] == "$1i"
    # Window for the deepest page of the largest page size a trusted caller may ask for.
    assert index_body()["settings"]["max_result_window"] == 10_000 + 1_000


def test_a_document_as_sent():
    document = Document(
        type="procedure",
        id="1",
        locale="vi",
        title="Đăng  Ký khai sinh",
        summary="Gia\u0301y khai sinh",  # decomposed: sent composed (no ICU plugin)
        document_numbers=["942/QĐ-TTg"],
        codes=["1.001193"],
        facets={"agency": [FacetTerm("BTP", "Bộ Tư pháp")], "tag": [FacetTerm("hộ tịch")]},
        date=datetime(2024, 5, 2, 8, tzinfo=UTC),
        url="/vi/thu-tuc/1/",
    )
    assert index_action("minhbach-search", document) == {
        "_op_type": "index",
        "_index": "minhbach-search",
        "_id": "procedure:1",
        "_source": {
            "type": "procedure",
            "doc_id": "1",
            "locale": "vi",
            "title": "Đăng  Ký khai sinh",
            "summary": "Giáy khai sinh",
            "ident": ["dn_942qdttg", "pc_1_001193"],
            "filters": {"agency": ["BTP"], "tag": ["hộ tịch"]},
            "facets": {"agency": [f"BTP{SEP}Bộ Tư pháp"], "tag": [f"hộ tịch{SEP}"]},
            "date": "2024-05-02T08:00:00+00:00",
            "title_sort": "dang ky khai sinh",
            "name_sort": "dang ky khai sinh",
            "uid_sort": "1",
            "url": "/vi/thu-tuc/1/",
        },
    }


def test_a_document_number_is_one_keyword_however_it_is_written():
    def ident(number):
        document = Document(type="news", id="1", locale="vi", title="t", document_numbers=[number])
        return index_action("a", document)["_source"]["ident"]

    assert ident("942/QĐ-TTg") == ident("942 qđ ttg") == ident("942-QD/ttg") == ["dn_942qdttg"]
