"""Every ```graphql example of docs/graphql.md runs against the demo content as the doc says.

An example followed by a ```json response must give the same shape: each field the doc shows
is there, and where the doc shows items (a non-empty list or object), there are some. When
the doc's response shows errors, the query must fail with the same codes.
"""

import json
import re
from pathlib import Path

import pytest

from tests.cms.graphql.conftest import GraphQLClient

DOC = Path(__file__).resolve().parents[3] / "docs" / "graphql.md"
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, dict | None]]:
    """(query, the response shown after it or None), in the order of the doc."""
    blocks = [(match.group(1), match.group(2), match) for match in FENCE.finditer(DOC.read_text())]
    found = []
    for index, (language, text, match) in enumerate(blocks):
        if language != "graphql":
            continue
        response = None
        if index + 1 < len(blocks):
            next_language, next_text, next_match = blocks[index + 1]
            between = DOC.read_text()[match.end() : next_match.start()]
            # The response is the JSON block right after the query (a short line between).
            if next_language == "json" and between.count("\n") <= 3:
                response = json.loads(next_text)
        found.append((text, response))
    return found


EXAMPLES = examples()


@pytest.fixture
def demo_media(demo_content, settings):
    # Each test gets its own MEDIA_ROOT (tests/conftest.py); renditions are made from the
    # demo's original images, which are in the module's.
    settings.MEDIA_ROOT = str(demo_content.media)


def assert_same_shape(shown, actual, path="data"):
    if isinstance(shown, dict):
        assert isinstance(actual, dict), f"{path}: the doc shows an object, got {actual!r}"
        for key, value in shown.items():
            assert key in actual, f"{path}.{key} is in the doc but not in the response"
            assert_same_shape(value, actual[key], f"{path}.{key}")
    elif isinstance(shown, list) and shown:
        assert isinstance(actual, list) and actual, f"{path}: the doc shows items, got none"
        assert_same_shape(shown[0], actual[0], f"{path}[0]")
    elif shown is not None and not isinstance(shown, list):
        assert actual is not None, f"{path}: the doc shows {shown!r}, got null"


def test_the_doc_has_examples():
    assert len(EXAMPLES) >= 8
    assert all(response is not None for _query, response in EXAMPLES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown"), EXAMPLES, ids=[f"example-{n + 1}" for n in range(len(EXAMPLES))]
)
def test_doc_example_runs_on_the_demo_content(demo_media, query, shown):
    result = GraphQLClient().post(query)
    if shown and "errors" in shown:
        codes = [error["extensions"]["code"] for error in result.get("errors", [])]
        assert codes == [error["extensions"]["code"] for error in shown["errors"]]
        return
    assert "errors" not in result, result["errors"]
    assert result["data"] and all(value is not None for value in result["data"].values())
    if shown is not None:
        assert_same_shape(shown["data"], result["data"])
