"""Elasticsearch responses turned into the backend-neutral answers of search.query."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from search.backends.elasticsearch.mapping import SEP
from search.highlight import highlight
from search.query import FacetCount, Hit, SearchResults, Suggestion


def total(response: Mapping[str, Any]) -> int:
    value = response["hits"]["total"]
    return value["value"] if isinstance(value, Mapping) else int(value)


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _highlights(hit: Mapping[str, Any]) -> dict[str, str]:
    """Elasticsearch's fragments; where a field had no match, the same defaults as the
    embedded backend: the whole title and the start of the summary, escaped."""
    source = hit["_source"]
    fragments = {field: texts[0] for field, texts in (hit.get("highlight") or {}).items() if texts}
    title = fragments.get("title") or highlight(
        source.get("title", ""), [], max_chars=None, always=True
    )
    summary = fragments.get("summary") or highlight(source.get("summary", ""), [], always=True)
    highlights = {"title": title or "", "summary": summary or ""}
    if fragments.get("body"):
        highlights["body"] = fragments["body"]
    return highlights


def hit(raw: Mapping[str, Any], with_highlights: bool) -> Hit:
    source = raw["_source"]
    return Hit(
        type=source["type"],
        id=source["doc_id"],
        locale=source["locale"],
        score=float(raw.get("_score") or 0.0),  # null when sorted by a field
        title=source.get("title", ""),
        url=source.get("url", ""),
        date=_date(source.get("date")),
        highlights=_highlights(raw) if with_highlights else {},
    )


def facets(response: Mapping[str, Any], names: list[str]) -> dict[str, list[FacetCount]]:
    aggregations = response.get("aggregations") or {}
    counts: dict[str, list[FacetCount]] = {}
    for name in names:
        buckets = (aggregations.get(name) or {}).get("buckets", [])
        counts[name] = []
        for bucket in buckets:
            value, _, label = str(bucket["key"]).partition(SEP)
            counts[name].append(FacetCount(value, label, bucket["doc_count"]))
        counts[name].sort(key=lambda count: (-count.count, count.value))
    return counts


def results(
    response: Mapping[str, Any], facet_names: list[str], with_highlights: bool
) -> SearchResults:
    return SearchResults(
        hits=[hit(raw, with_highlights) for raw in response["hits"]["hits"]],
        total=total(response),
        facets=facets(response, facet_names) if facet_names else {},
    )


def suggestions(response: Mapping[str, Any]) -> list[Suggestion]:
    return [
        Suggestion(
            raw["_source"]["title"],
            raw["_source"]["type"],
            raw["_source"]["doc_id"],
            raw["_source"]["locale"],
        )
        for raw in response["hits"]["hits"]
    ]
