"""Fragments spread many times are analysed once: the work of the depth and cost rules grows
with the query's text, not with the number of paths through its fragments.

The work is counted (selections visited), not timed: a fan-out of 40 levels visits each
fragment's selections once instead of 2**40 times.
"""

import pytest
from graphql import parse
from hypothesis import given, settings
from hypothesis import strategies as st

from config.schema import schema
from core.graphql.validation import CostCounter, DepthCounter
from tests.core.helpers import codes


def fan_out(levels: int, width: int, leaf: str = "__typename") -> str:
    """``F0 { leaf }``, then each ``Fi`` spreads ``F(i-1)`` ``width`` times; ``{ ...F(n-1) }``."""
    fragments = [f"fragment F0 on Query {{ {leaf} }}"]
    for i in range(1, levels):
        spreads = " ".join([f"...F{i - 1}"] * width)
        fragments.append(f"fragment F{i} on Query {{ {spreads} }}")
    return "\n".join(fragments) + f"\n{{ ...F{levels - 1} }}"


def analysed(query: str) -> tuple[DepthCounter, CostCounter, int, int]:
    document = parse(query)
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    operation = next(d for d in document.definitions if d.kind == "operation_definition")
    depth_counter = DepthCounter(fragments)
    cost_counter = CostCounter(schema.graphql_schema, fragments, None)
    depth = depth_counter.depth(operation.selection_set)
    cost = cost_counter.operation(operation)
    return depth_counter, cost_counter, depth, cost


def selections_in(query: str) -> int:
    return query.count("...") + query.count("__typename") + query.count("{")


@settings(max_examples=60, deadline=None)
@given(levels=st.integers(1, 80), width=st.integers(1, 6))
def test_the_work_is_linear_in_the_query_text(levels, width):
    query = fan_out(levels, width)
    depth_counter, cost_counter, depth, cost = analysed(query)

    assert depth == 1 and cost == 0
    assert depth_counter.visits <= 2 * selections_in(query)
    assert cost_counter.visits <= 2 * selections_in(query)


@pytest.mark.django_db
def test_the_forty_level_fan_out_of_the_report_is_answered(api):
    # 1.6 KB that used to keep a worker busy for ever.
    response = api.post(fan_out(40, 2))

    assert response.status_code == 200, response.json()
    assert response.json()["data"] == {"__typename": "Query"}


@pytest.mark.django_db
def test_a_fan_out_of_lists_is_refused_with_its_cost(api):
    leaf = "news(first: 10) { edges { node { title } } }"
    response = api.post(fan_out(40, 2, leaf))

    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    assert response.json()["errors"][0]["extensions"]["cost"] > 2**39
