"""Every example of docs/search-api.md runs on the demo content as the doc says.

A ```graphql or ```http example is followed by its ```json answer. Errors must be the
ones shown (codes and messages). Other answers must have the doc's shape (every field it
shows, items where it shows items) and, for the fields that name things (titles, codes,
types, URLs), the values it shows; ids, scores, dates and counts differ between
installations and are not compared.
"""

import itertools
import json
from pathlib import Path

import pytest
from django.test import Client

from tests.cms.graphql.conftest import GraphQLClient
from tests.cms.graphql.test_docs_examples import FENCE, assert_same_shape
from tests.doc_examples import assert_same_values

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "search-api.md"
BASE_URL = "https://minhbach.example.gov.vn"  # as the doc's URLs show it
EXACT = {"__typename", "type", "code", "title", "name", "text", "query", "page", "limit"}
EXACT |= {"url", "next", "relaxed", "locale"}


def examples() -> list[tuple[str, str, object]]:
    """(language, request, the answer shown right after it), in the order of the doc."""
    blocks = [(m.group(1), m.group(2)) for m in FENCE.finditer(DOC.read_text(encoding="utf-8"))]
    found = []
    for (language, body), (next_language, answer) in itertools.pairwise(blocks):
        if language in {"graphql", "http"}:
            assert next_language == "json", f"no JSON answer after {body!r}"
            found.append((language, body, json.loads(answer)))
    return found


EXAMPLES = examples()


@pytest.fixture
def documented(demo_index, settings):
    settings.SEARCH_INDEX_PATH = demo_index.options["PATH"]
    settings.BASE_URL = BASE_URL


def test_the_doc_has_examples_of_both_surfaces():
    languages = [language for language, _request, _answer in EXAMPLES]
    assert languages.count("graphql") >= 6
    assert languages.count("http") >= 5


@pytest.mark.parametrize(
    ("language", "request_text", "shown"),
    EXAMPLES,
    ids=[f"example-{n + 1}-{language}" for n, (language, _r, _a) in enumerate(EXAMPLES)],
)
def test_doc_example_answers_as_shown(documented, language, request_text, shown):
    if language == "graphql":
        answer = GraphQLClient().post(request_text)
        if "errors" in shown:
            simplified = [
                {key: error[key] for key in ("message", "path", "extensions")}
                for error in answer.get("errors", [])
            ]
            assert simplified == shown["errors"]
            assert answer["data"] == shown["data"]
            return
        assert "errors" not in answer, answer["errors"]
    else:
        method, path = request_text.strip().split(" ", 1)
        assert method == "GET"
        response = Client().get(path)
        answer = response.json()
        if "error" in shown:
            assert (response.status_code, answer) == (400, shown)
            return
        assert response.status_code == 200, answer
    assert_same_shape(shown, answer, "answer")
    assert_same_values(shown, answer, EXACT)
