"""The catalogue page's query: what the visitor asked for, one page of results, facets.

Searching goes through opendata.catalogue.search_datasets (the search service): with
words, best match first; without, by title. The query string speaks the CKAN API's
names (``q``, ``organization``, ``groups``, ``res_format``, ``license_id``), so that a
researcher can carry a filtered page over to ``package_search``. A facet given several
values matches any of them; different facets must all match.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch, prefetch_related_objects
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from opendata.catalogue import CatalogueFilters, search_datasets
from opendata.ckan_api.vocabulary import FACETS as SERVICE_FACETS
from opendata.models import Dataset, Licence, Theme
from opendata.selectors import public_resources
from search.query import MAX_OFFSET

PAGE_SIZE = 20
# As deep as the search service pages (a catalogue this long is narrowed with facets).
MAX_PAGE = MAX_OFFSET // PAGE_SIZE + 1
MAX_QUERY_LENGTH = 200
FACET_LIMIT = 20
# The facets shown, by their names in the query string (CKAN's: SERVICE_FACETS maps them
# to the catalogue's).
FACETS = {
    "organization": _("Agency"),
    "groups": _("Theme"),
    "res_format": _("Format"),
    "license_id": _("Licence"),
}


class BadQuery(ValueError):
    """The query string cannot be answered; the message is for the visitor."""


@dataclass(frozen=True)
class CatalogueQuery:
    q: str = ""
    selected: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1

    @property
    def filters(self) -> CatalogueFilters:
        return CatalogueFilters(
            **{SERVICE_FACETS[name]: tuple(v) for name, v in self.selected.items()}
        )

    def url(self, **changes) -> str:
        """This query's query string with ``changes`` (``page``, or a facet's new list)."""
        params: list[tuple[str, str]] = []
        q = changes.get("q", self.q)
        if q:
            params.append(("q", q))
        for name in FACETS:
            for value in changes.get(name, self.selected.get(name, [])):
                params.append((name, value))
        page = changes.get("page", 1 if changes else self.page)
        if page > 1:
            params.append(("page", str(page)))
        return "?" + urlencode(params)


def parse_query(params: QueryDict) -> CatalogueQuery:
    q = " ".join(params.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise BadQuery(
            _("The search text is too long (at most %(n)d characters).") % {"n": MAX_QUERY_LENGTH}
        )
    raw_page = params.get("page", "1").strip() or "1"
    # isdecimal(), ASCII: '²' is a digit to str.isdigit() but not a number to int().
    if not (raw_page.isascii() and raw_page.isdecimal()) or not 1 <= int(raw_page) <= MAX_PAGE:
        raise BadQuery(
            _("The page number must be a whole number from 1 to %(n)d.") % {"n": MAX_PAGE}
        )
    selected = {}
    for name in FACETS:
        values = list(dict.fromkeys(v.strip() for v in params.getlist(name) if v.strip()))
        if len(values) > FACET_LIMIT:
            raise BadQuery(_("Too many filters on one facet."))
        if values:
            selected[name] = values
    return CatalogueQuery(q=q, selected=selected, page=int(raw_page))


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    options: list[FacetOption]


@dataclass(frozen=True)
class ActiveFilter:
    title: str
    label: str
    remove_url: str


@dataclass(frozen=True)
class CataloguePage:
    query: CatalogueQuery
    count: int
    datasets: list[Dataset]
    facets: list[Facet]
    active_filters: list[ActiveFilter]
    pages: int

    @property
    def previous_url(self) -> str | None:
        return self.query.url(page=self.query.page - 1) if self.query.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.query.url(page=self.query.page + 1) if self.query.page < self.pages else None

    @property
    def first_number(self) -> int:
        return (self.query.page - 1) * PAGE_SIZE + 1


def catalogue_page(query: CatalogueQuery, language: str) -> CataloguePage:
    """One page of public datasets for ``query``; ``page`` past the last one is empty."""
    result = search_datasets(
        query.q,
        query.filters,
        sort=["relevance"] if query.q else ["title"],
        offset=(query.page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        facet_fields=[SERVICE_FACETS[name] for name in FACETS],
        facet_limit=FACET_LIMIT,
    )
    # The formats shown beside each result: one query for the page, whatever its size.
    prefetch_related_objects(
        result.datasets,
        Prefetch(
            "resources",
            queryset=public_resources().select_related("data_file").order_by("sort_order"),
            to_attr="public_resources",
        ),
    )
    for dataset in result.datasets:
        formats = (resource.get_format() for resource in dataset.public_resources)
        dataset.formats = list(dict.fromkeys(fmt for fmt in formats if fmt))
    counts = {name: result.facets.get(SERVICE_FACETS[name], []) for name in FACETS}
    labels = _labels(counts, query.selected, language)
    facets = [
        Facet(
            name,
            str(FACETS[name]),
            [
                FacetOption(
                    value,
                    labels[name].get(value, value),
                    count,
                    value in query.selected.get(name, []),
                )
                for value, count in counts[name]
            ],
        )
        for name in FACETS
    ]
    active = [
        ActiveFilter(
            str(FACETS[name]),
            labels[name].get(value, value),
            query.url(**{name: [v for v in values if v != value]}),
        )
        for name, values in query.selected.items()
        for value in values
    ]
    pages = max(1, -(-result.count // PAGE_SIZE))
    return CataloguePage(query, result.count, result.datasets, facets, active, pages)


def _labels(
    facets: dict[str, list[tuple[str, int]]], selected: dict[str, list[str]], language: str
) -> dict[str, dict[str, str]]:
    """Readable names of the facets' values (agency and theme names, licence titles)."""

    def wanted(name: str) -> set[str]:
        return {value for value, _ in facets.get(name, [])} | set(selected.get(name, []))

    agency_model = Dataset._meta.get_field("publisher").related_model
    return {
        "organization": {
            agency.code: agency.localized_name(language)
            for agency in agency_model.objects.filter(code__in=wanted("organization"))
        },
        "groups": {
            theme.slug: theme.localized_name(language)
            for theme in Theme.objects.filter(slug__in=wanted("groups"))
        },
        "license_id": {
            licence.pk: licence.localized_name(language)
            for licence in Licence.objects.filter(pk__in=wanted("license_id"))
        },
        "res_format": {},
    }
