"""The labelled query set (queries.jsonl) and its measures, for the test and the bench.

Each line: a query, its locale, and the hits a user expects in the first ten, named as
``news:<slug>``, ``procedure:<code>`` or ``dataset:<name>`` (stable across databases,
unlike ids).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cms.models import NewsPage, ProcedurePage
from opendata.models import Dataset

QUERIES = Path(__file__).with_name("queries.jsonl")
K = 10


@dataclass(frozen=True)
class Labelled:
    q: str
    locale: str
    expected: tuple[str, ...]

    @property
    def has_diacritics(self) -> bool:
        return not self.q.isascii()


@dataclass(frozen=True)
class Outcome:
    query: Labelled
    found: tuple[str, ...]  # the first K hits, as keys

    @property
    def recall(self) -> float:
        return sum(key in self.found for key in self.query.expected) / len(self.query.expected)

    @property
    def reciprocal_rank(self) -> float:
        for rank, key in enumerate(self.found, start=1):
            if key in self.query.expected:
                return 1 / rank
        return 0.0


def load() -> list[Labelled]:
    rows = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line]
    return [Labelled(row["q"], row["locale"], tuple(row["expected"])) for row in rows]


def page_keys() -> dict[tuple[str, str], str]:
    """{("news", "42"): "news:<slug>", ("procedure", "7"): "procedure:<code>",
    ("dataset", "3"): "dataset:<name>"}."""
    keys = {
        ("news", str(pk)): f"news:{slug}" for pk, slug in NewsPage.objects.values_list("pk", "slug")
    }
    keys.update(
        {
            ("procedure", str(pk)): f"procedure:{code}"
            for pk, code in ProcedurePage.objects.values_list("pk", "code")
        }
    )
    keys.update(
        {
            ("dataset", str(pk)): f"dataset:{name}"
            for pk, name in Dataset.objects.values_list("pk", "name")
        }
    )
    return keys


def evaluate(run: Callable[[str, str], list[tuple[str, str]]]) -> list[Outcome]:
    """Run every labelled query; ``run(q, locale)`` returns (type, id) pairs, best first."""
    keys = page_keys()
    outcomes = []
    for query in load():
        hits = run(query.q, query.locale)[:K]
        outcomes.append(Outcome(query, tuple(keys.get(hit, f"{hit[0]}:?{hit[1]}") for hit in hits)))
    return outcomes


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def summary(outcomes: list[Outcome]) -> dict[str, tuple[float, float, int]]:
    """{"all"/"with diacritics"/"without diacritics": (recall@10, MRR@10, queries)}."""
    groups = {
        "all": outcomes,
        "with diacritics": [o for o in outcomes if o.query.has_diacritics],
        "without diacritics": [o for o in outcomes if not o.query.has_diacritics],
    }
    return {
        name: (
            mean([o.recall for o in group]),
            mean([o.reciprocal_rank for o in group]),
            len(group),
        )
        for name, group in groups.items()
    }
