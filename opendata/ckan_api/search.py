"""``package_search`` over the catalogue: Solr's parameters in, CKAN's result dict out.

Every search goes through opendata.catalogue.search_datasets, the one search function of the
project; this module only translates (CKAN's facet and sort names into the service's, through
opendata.ckan_api.vocabulary; names of organizations and ids into agency codes, facet values
back into names) and shapes the answer as CKAN does.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cms.models import Agency
from opendata.catalogue import CatalogueFilters, CatalogueQueryError, search_datasets
from opendata.ckan_api import params, query
from opendata.ckan_api.errors import SearchQueryError, ValidationError
from opendata.ckan_api.serializers import (
    organization_id,
    organization_name,
    package_dicts,
)
from opendata.ckan_api.vocabulary import FACETS, RANGES, service_sorts
from opendata.models import Licence, Theme
from search.query import MAX_TRUSTED_PAGE_SIZE, DateRange

DEFAULT_SORT = "score desc, metadata_modified desc"
# What CKAN's Solr query accepts (ckan/lib/search/query.py VALID_SOLR_PARAMETERS), plus
# the parameters package_search itself reads before the query.
SEARCH_PARAMETERS = {
    "q", "fl", "fq", "rows", "sort", "start", "wt", "qf", "bf", "boost", "facet",
    "facet.mincount", "facet.limit", "facet.field", "extras", "fq_list", "tie", "defType",
    "mm", "df", "include_private", "include_drafts", "include_deleted", "use_default_schema",
}  # fmt: skip


@dataclass(frozen=True)
class Search:
    """A validated package_search request."""

    spec: query.SearchSpec
    sort: str
    sort_keys: list[tuple[str, bool]]  # (Solr field, descending)
    start: int
    rows: int
    facet_fields: list[str]
    facet_limit: int
    facet_mincount: int
    fields: list[str]  # fl: the keys each result keeps; empty for whole package dicts


def read_search(data: dict[str, Any]) -> Search:
    unknown = sorted(
        key for key in data if key not in SEARCH_PARAMETERS and not key.startswith("ext_")
    )
    if unknown:
        raise SearchQueryError(f"Invalid search parameters: {unknown}")
    rows = params.natural_number(data, "rows", 10, cap=MAX_TRUSTED_PAGE_SIZE)
    start = params.natural_number(data, "start", 0)
    facet_limit = params.integer(data, "facet.limit")
    facet_mincount = params.natural_number(data, "facet.mincount", 1)
    facet_fields = params.string_list(data, "facet.field")
    sort = params.text(data, "sort") or ""
    if data.get("sort") in (None, "rank"):
        sort = DEFAULT_SORT
    sort_keys = params.search_sort(sort)
    if params.text(data, "facet", "true").lower() == "false":
        facet_fields = []
    for name in facet_fields:
        if name not in FACETS:
            raise ValidationError(
                {"facet.field": [f"Cannot facet on {name!r}; use {', '.join(FACETS)}"]}
            )
    # NOW in date math is this request's moment, the same for every parameter.
    moment = timezone.now()

    def now():
        return moment

    spec = query.parse(params.text(data, "q"), parameter="q", now=now)
    query.parse(params.text(data, "fq"), spec, parameter="fq", now=now)
    fq_list = data.get("fq_list") or []
    if isinstance(fq_list, str):
        fq_list = [fq_list]
    if not isinstance(fq_list, list) or not all(isinstance(item, str) for item in fq_list):
        raise ValidationError({"fq_list": ["Not a list of strings"]})
    for item in fq_list:
        query.parse(params.clean(item, "fq_list"), spec, parameter="fq_list", now=now)
    fields = data.get("fl") or []
    if isinstance(fields, str):
        fields = fields.replace(",", " ").split()
    if not isinstance(fields, list) or not all(isinstance(item, str) for item in fields):
        raise ValidationError({"fl": ["Not a list of strings"]})
    return Search(
        spec=spec,
        sort=sort,
        sort_keys=sort_keys,
        start=start,
        rows=rows,
        facet_fields=list(dict.fromkeys(facet_fields)),
        facet_limit=50 if facet_limit is None else facet_limit,
        facet_mincount=facet_mincount,
        fields=fields,
    )


def package_search(data: dict[str, Any]) -> dict[str, Any]:
    """Search public datasets: q, fq, fq_list, rows, start, sort, facet.field, facet.limit."""
    search = read_search(data)
    filters, possible = _catalogue_filters(search.spec)
    if not possible or search.spec.matches_nothing:
        count, datasets, facets = 0, [], {name: [] for name in search.facet_fields}
    else:
        try:
            result = search_datasets(
                " ".join(search.spec.words),
                filters,
                sort=service_sorts(search.sort_keys),
                offset=search.start,
                limit=search.rows,
                facet_fields=[FACETS[name] for name in search.facet_fields],
                facet_limit=search.facet_limit,
            )
        except CatalogueQueryError as error:
            raise SearchQueryError(str(error)) from error
        count, datasets = result.count, result.datasets
        facets = {name: result.facets[FACETS[name]] for name in search.facet_fields}
    results = package_dicts(datasets)
    if search.fields:
        results = [{key: item[key] for key in search.fields if key in item} for item in results]
    named = _facets_by_name(facets, search.facet_mincount)
    return {
        "count": count,
        "facets": {name: {value: n for value, _, n in items} for name, items in named.items()},
        "results": results,
        "sort": search.sort,
        "search_facets": {
            name: {
                "title": name,
                "items": sorted(
                    (
                        {"name": value, "display_name": display, "count": n}
                        for value, display, n in items
                    ),
                    key=lambda item: item["display_name"],
                    reverse=True,  # as CKAN orders them, after its plugins
                ),
            }
            for name, items in named.items()
        },
    }


def _agency_codes(values: dict[str, list[str]]) -> set[str] | None:
    """The agency codes that ``organization`` (names or codes) and ``owner_org`` (ids) name
    in ``values``; None when neither is there."""
    wanted_names = values.get("organization")
    wanted_ids = values.get("owner_org")
    if wanted_names is None and wanted_ids is None:
        return None
    agencies = list(Agency.objects.only("pk", "code"))
    codes: set[str] | None = None
    if wanted_names is not None:
        lowered = {value.lower() for value in wanted_names}
        codes = {a.code for a in agencies if organization_name(a) in lowered}
        codes |= {a.code for a in agencies if a.code.lower() in lowered}
    if wanted_ids is not None:
        by_id = {a.code for a in agencies if organization_id(a) in set(wanted_ids)}
        codes = by_id if codes is None else codes & by_id
    return codes


def _excluded_codes(values: dict[str, list[str]]) -> set[str]:
    """Excluded organizations: either of their spellings leaves the agency out."""
    codes = set()
    for name in ("organization", "owner_org"):
        if name in values:
            codes |= _agency_codes({name: values[name]}) or set()
    return codes


def _catalogue_filters(spec: query.SearchSpec) -> tuple[CatalogueFilters, bool]:
    """The catalogue's filters for ``spec``; False when no dataset can match."""
    codes = _agency_codes(spec.filters)
    if codes is not None and not codes:
        return CatalogueFilters(), False
    excluded = {
        FACETS[name]: values
        for name, values in spec.excluded.items()
        if name in FACETS and name != "organization"
    }
    excluded_codes = _excluded_codes(spec.excluded)
    if excluded_codes:
        excluded["agency"] = sorted(excluded_codes)
    ranges = {
        RANGES[name]: DateRange(wanted.start, wanted.end, wanted.include_start, wanted.include_end)
        for name, wanted in spec.ranges.items()
    }
    filters = CatalogueFilters(
        **{
            FACETS[name]: spec.filters.get(name, ())
            for name in FACETS
            if name != "organization"  # organization and owner_org: the codes above
        },
        agency=sorted(codes or ()),
        names=spec.filters.get("name", ()),
        ids=spec.filters.get("id", ()),
        name_patterns=spec.name_patterns,
        excluded=excluded,
        ranges=ranges,
    )
    return filters, True


def _facets_by_name(
    facets: dict[str, list[tuple[str, int]]], mincount: int
) -> dict[str, list[tuple[str, str, int]]]:
    """(CKAN name, display name, count) per facet: agency codes become organization names."""
    named: dict[str, list[tuple[str, str, int]]] = {}
    for field, items in facets.items():
        items = [(value, n) for value, n in items if n >= mincount]
        values = [value for value, _ in items]
        if field == "organization":
            agencies = {a.code: a for a in Agency.objects.filter(code__in=values)}
            named[field] = [
                (organization_name(agencies[code]), agencies[code].name, n)
                for code, n in items
                if code in agencies
            ]
        elif field == "groups":
            titles = dict(Theme.objects.filter(slug__in=values).values_list("slug", "name"))
            named[field] = [(slug, titles.get(slug) or slug, n) for slug, n in items]
        elif field == "license_id":
            titles = dict(Licence.objects.filter(pk__in=values).values_list("pk", "name"))
            named[field] = [(pk, titles.get(pk) or pk, n) for pk, n in items]
        else:
            named[field] = [(value, value, n) for value, n in items]
    return named
