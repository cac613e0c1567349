"""Elasticsearch request bodies, built with elasticsearch-dsl from the shared query plan.

:func:`search.analysis.plan` decides what must match and what only adds to the score, for
both backends; here each of its clauses becomes an Elasticsearch query on the fields of
:mod:`.mapping`, with the weights of :data:`search.analysis.WEIGHTS`. User text never
reaches a query parser (no ``query_string``): the plan holds analysed words only, sent in
``match``/``match_phrase``/``prefix``/``term`` queries, so engine syntax cannot break a
search.
"""

from __future__ import annotations

from typing import Any

from elasticsearch_dsl import Q, Search
from elasticsearch_dsl.query import Query

from search import analysis, registry
from search.analysis import Clause, Plan
from search.backends.elasticsearch.mapping import MAX_PREFIX
from search.query import ParsedQuery, SearchQuery

# The plan's column names (search.analysis.COLUMNS) as fields of the mapping.
FIELDS = {
    **{slot: slot for slot in analysis.SLOTS},
    **{f"{slot}_x": f"{slot}.exact" for slot in analysis.SLOTS},
    **{f"{slot}_b": f"{slot}.bigrams" for slot in analysis.SLOTS},
    "ident": "ident",
}
PREFIX_FIELDS = {"title": "title.prefix"}  # slots indexed with edge n-grams
HIT_SOURCE = ["type", "doc_id", "locale", "title", "summary", "url", "date"]
SUGGEST_SOURCE = ["type", "doc_id", "locale", "title"]
SNIPPET_CHARS = 240
# Sort name -> (field, descending). Ties break by type and id, so that pages are stable.
SORT_FIELDS = {
    "date": ("date", True),
    "-date": ("date", False),
    "created": ("created", True),
    "-created": ("created", False),
    "title": ("title_sort", False),
    "-title": ("title_sort", True),
    "name": ("name_sort", False),
    "-name": ("name_sort", True),
    "uid": ("uid_sort", False),
    "-uid": ("uid_sort", True),
}
TIE_BREAK = [{"type": "asc"}, {"doc_id": "asc"}]
BUILT_IN_FACETS = frozenset(facet.name for facet in registry.BUILT_IN)


def _weight(column: str) -> float:
    return analysis.WEIGHTS[column]


def clause_query(clause: Clause) -> Query:
    """One clause of the plan: any of its fields matching, scores summed across fields
    (as the embedded backend sums them)."""
    token = clause.tokens[0]
    if clause.fields == analysis.IDENT:
        return Q("term", ident={"value": token, "boost": _weight("ident")})
    if clause.kind == "term":
        fields = [f"{FIELDS[column]}^{_weight(column):g}" for column in clause.fields]
        return Q("multi_match", query=token, fields=fields, type="most_fields")
    should = []
    for column in clause.fields:
        field, boost = FIELDS[column], _weight(column)
        if clause.kind == "phrase":
            phrase = " ".join(clause.tokens)
            should.append(Q("match_phrase", **{field: {"query": phrase, "boost": boost}}))
        elif column in PREFIX_FIELDS and len(token) <= MAX_PREFIX:
            should.append(Q("match", **{PREFIX_FIELDS[column]: {"query": token, "boost": boost}}))
        else:
            should.append(Q("prefix", **{field: {"value": token, "boost": boost}}))
    return Q("bool", should=should)


def filters(query: SearchQuery, *, live_only: bool = True) -> list[Query]:
    """What restricts the documents without scoring them."""
    parts: list[Query] = []
    if live_only:
        # A document past its expiry is not found, even before the database says so.
        parts.append(
            Q(
                "bool",
                should=[
                    Q("bool", must_not=[Q("exists", field="expire_at")]),
                    Q("range", expire_at={"gt": "now"}),
                ],
                minimum_should_match=1,
            )
        )
    if query.locale:
        parts.append(Q("term", locale=query.locale))
    if query.types:
        parts.append(Q("terms", type=sorted(set(query.types))))
    if query.ids:
        parts.append(Q("terms", doc_id=sorted(set(query.ids))))
    for name, values in sorted(query.filters.items()):
        if values:
            parts.append(Q("terms", **{f"filters.{name}": sorted({str(v) for v in values})}))
    excluded = [
        Q("terms", **{f"filters.{name}": sorted({str(v) for v in values})})
        for name, values in sorted(query.exclude.items())
        if values
    ]
    if excluded:
        parts.append(Q("bool", must_not=excluded))
    for name, wanted in sorted(query.ranges.items()):
        bounds: dict[str, str] = {}
        if wanted.start is not None:
            bounds["gte" if wanted.include_start else "gt"] = wanted.start.isoformat()
        if wanted.end is not None:
            bounds["lte" if wanted.include_end else "lt"] = wanted.end.isoformat()
        # No bound at all ("[* TO *]"): every document that has the moment.
        parts.append(Q("range", **{name: bounds}) if bounds else Q("exists", field=name))
    return parts


def plan_query(plan: Plan, query: SearchQuery, *, live_only: bool = True) -> Query:
    """The plan under the query's filters: every group must match, boosts add."""
    must = [Q("bool", should=[clause_query(clause) for clause in group]) for group in plan.groups]
    should = [clause_query(clause) for clause in plan.boosts]
    return Q("bool", filter=filters(query, live_only=live_only), must=must, should=should)


def sort(query: SearchQuery, plan: Plan) -> list[Any]:
    if query.sort == "relevance" and not plan.matches_all:
        return ["_score", *TIE_BREAK]
    # Nothing to score (an empty query) lists the newest first, as "date" does.
    field, descending = SORT_FIELDS.get(query.sort, SORT_FIELDS["date"])
    order = {"order": "desc" if descending else "asc", "missing": "_last"}
    return [{field: order}, *TIE_BREAK]


def _facet_field(name: str) -> str:
    # search's own facets are fields of the document; the declared ones are under facets.
    return name if name in BUILT_IN_FACETS else f"facets.{name}"


def _highlight_query(field: str, parsed: ParsedQuery) -> dict[str, Any] | None:
    terms = list(dict.fromkeys(analysis.highlight_terms(parsed)))
    should = []
    if terms:
        should.append(Q("match", **{field: " ".join(terms)}))
    if parsed.prefix:
        should.append(Q("prefix", **{field: analysis.key(parsed.prefix)}))
    return Q("bool", should=should).to_dict() if should else None


def _highlight(search: Search, parsed: ParsedQuery) -> Search:
    """<mark> around the words that matched, the rest HTML-escaped by Elasticsearch.

    Each field is highlighted for the query's folded words and the prefix being typed, on
    that field: what the embedded backend marks (search.highlight)."""
    title_query = _highlight_query("title", parsed)
    if title_query is None:
        return search
    search = search.highlight_options(
        type="unified", encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"]
    )
    search = search.highlight("title", number_of_fragments=0, highlight_query=title_query)
    for field in ("summary", "body"):
        search = search.highlight(
            field,
            fragment_size=SNIPPET_CHARS,
            number_of_fragments=1,
            highlight_query=_highlight_query(field, parsed),
        )
    return search


def search_request(query: SearchQuery, parsed: ParsedQuery, plan: Plan) -> Search:
    """The search request for one page of ``query`` under ``plan``."""
    search = Search().query(plan_query(plan, query)).extra(track_total_hits=True)
    search = search.sort(*sort(query, plan))[query.offset : query.offset + query.limit]
    search = search.source(HIT_SOURCE)
    for name in dict.fromkeys(query.facets):
        search.aggs.bucket(
            name,
            "terms",
            field=_facet_field(name),
            size=query.facet_limit,
            order=[{"_count": "desc"}, {"_key": "asc"}],
        )
    if query.highlight and query.limit:
        search = _highlight(search, parsed)
    return search


def suggest_request(plan: Plan, locale: str | None, types: list[str], limit: int) -> Search:
    """Titles for what is being typed: the plan over titles (its last word an n-gram
    prefix), best first."""
    query = SearchQuery(locale=locale, types=types, limit=limit, highlight=False)
    search = Search().query(plan_query(plan, query)).sort(*sort(query, plan))
    return search.source(SUGGEST_SOURCE)[:limit]


def all_documents(type_name: str | None, locale: str | None) -> Query:
    """Every indexed document of a type and locale, expired ones included: what a check
    of the index against the database must see."""
    query = SearchQuery(locale=locale, types=[type_name] if type_name else [])
    return Q("bool", filter=filters(query, live_only=False))


def ids_request(type_name: str, locale: str | None, after: dict | None, size: int) -> Search:
    """One page of the ids of a type, by a composite aggregation (no 10,000 limit)."""
    search = Search().query(all_documents(type_name, locale)).extra(size=0)
    composite: dict[str, Any] = {
        "size": size,
        "sources": [{"doc_id": {"terms": {"field": "doc_id"}}}],
    }
    if after:
        composite["after"] = after
    search.aggs.bucket("ids", "composite", **composite)
    return search
