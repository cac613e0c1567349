"""Whatever a user types, search answers with results or a SearchQueryError, never an
engine's exception (tantivy's panics, query-syntax errors)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import service
from search.documents import Document
from search.query import MAX_QUERY_LENGTH, SearchQuery, SearchQueryError, SearchResults
from tests.search.conftest import make_backend

NASTY = [
    "",
    "   ",
    "the of and",
    "và của các",
    "a" * 10_000,
    "dịch " * 2_000,
    "\x00\x01\x02\x1b[31m\x7f",
    "dich\u200bvu\ufeffcong",
    '"',
    '"dịch vụ',
    'dịch vụ"',
    '""""',
    "AND",
    "OR OR OR",
    "NOT dịch",
    "dịch NEAR vụ",
    "NEAR(dịch vụ, 2)",
    "title:dịch",
    "{title}: dịch",
    "*",
    "dịch*",
    "^dịch",
    "dịch~2",
    "\\",
    "dịch\\",
    "(",
    ")(",
    "((dịch) OR (vụ",
    "+dịch -vụ",
    "dịch:vụ:công",
    "'; DROP TABLE docs; --",
    "<script>alert(1)</script>",
    "%_%",
    "1.",
    "1.001193.",
    "942/",
    "/QĐ-TTg",
    "\U0001d521\U0001d526\U0001d520\U0001d525 \U0001f642"  # Fraktur "dich", an emoji,
    "ⅸ ǅ ß İ",
    "\u0301\u0323",
]


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    backend = make_backend("embedded", tmp_path_factory.mktemp("bad-input"))
    backend.index(
        [
            Document(type="news", id="1", locale="vi", title="Dịch vụ công trực tuyến"),
            Document(
                type="procedure",
                id="2",
                locale="vi",
                title="Đăng ký khai sinh",
                codes=["1.001193"],
                document_numbers=["942/QĐ-TTg"],
            ),
        ]
    )
    return backend


def answer(backend, text):
    try:
        return service.search(SearchQuery(text=text, locale="vi", facets=["type"]), backend)
    except SearchQueryError as error:
        assert str(error)  # a message the user can read
        return error


@pytest.mark.parametrize("text", NASTY)
def test_odd_input_gives_results_or_a_clear_error(small_index, text):
    outcome = answer(small_index, text)
    assert isinstance(outcome, SearchResults | SearchQueryError)
    try:
        assert isinstance(service.suggest(text, locale="vi", backend=small_index), list)
    except SearchQueryError as error:
        assert str(error)


def test_operators_are_ordinary_words(small_index):
    # "dịch NEAR vụ" finds the page with "dịch vụ": NEAR is not an operator here.
    results = answer(small_index, "dịch OR vụ")
    assert [hit.id for hit in results.hits] == ["1"]


def test_too_long_input_is_a_clear_error(small_index):
    outcome = answer(small_index, "a" * 10_000)
    assert isinstance(outcome, SearchQueryError)
    assert str(MAX_QUERY_LENGTH) in str(outcome)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.text(max_size=600) | st.text(alphabet='"*~\\^():-/.,đĐ AND OR NOT NEAR ', max_size=80)
)
def test_arbitrary_text_never_escapes_as_an_engine_error(small_index, text):
    outcome = answer(small_index, text)
    assert isinstance(outcome, SearchResults | SearchQueryError)
    if isinstance(outcome, SearchResults):
        for hit in outcome.hits:
            assert "<script" not in "".join(hit.highlights.values())
