"""The open-data root fields: the catalogue's datasets, and one dataset by name or id."""

import uuid

import graphene

from core.graphql.enums import value_of
from core.graphql.errors import bad_user_input, not_found, require_exactly_one
from core.graphql.pagination import CountableConnection, connection_args, paginate
from opendata.catalogue import CatalogueFilters, CatalogueQueryError, search_datasets
from opendata.graphql import enums
from opendata.graphql.dataloaders import announce_datasets
from opendata.graphql.types import Dataset
from opendata.models import Dataset as DatasetModel
from opendata.selectors import public_datasets
from search.query import MAX_QUERY_LENGTH, MAX_TERMS


class DatasetConnection(CountableConnection):
    class Meta:
        node = Dataset


class CatalogueSearch:
    """One search of the catalogue, sliced by ``paginate`` as it slices a queryset.

    Lists go through opendata.catalogue.search_datasets, the function the CKAN API and the
    pages call, so that GraphQL finds what they find (and follows when the search service
    takes it over). Its count comes with the page; the count alone is a search with a limit of 0.
    """

    def __init__(self, query: str, filters: CatalogueFilters, sort: list[str]):
        self.query, self.filters, self.sort = query, filters, sort
        self._count: int | None = None

    def _search(self, offset: int, limit: int):
        try:
            result = search_datasets(
                self.query, self.filters, sort=self.sort, offset=offset, limit=limit
            )
        except CatalogueQueryError as error:
            raise bad_user_input(str(error)) from error
        self._count = result.count
        return result.datasets

    def __getitem__(self, window: slice) -> list[DatasetModel]:
        return self._search(window.start, window.stop - window.start)

    def count(self) -> int:
        if self._count is None:
            self._search(0, 0)
        return self._count


# The search service's bounds (search.query): it refuses text longer than MAX_QUERY_LENGTH
# and drops the words past MAX_TERMS; a client learns of a bound here rather than have
# words dropped (it was a copy, 20, that disagreed with the service's 32). Codes, slugs
# and licence ids are short.
MAX_QUERY_CHARACTERS = MAX_QUERY_LENGTH
MAX_QUERY_WORDS = MAX_TERMS
MAX_FILTER_CHARACTERS = 100


def _checked(value: str | None, argument: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise bad_user_input(f"{argument} is longer than {limit} characters.", argument=argument)
    if "\x00" in value:
        # PostgreSQL refuses NUL in text: a client error, whatever the database.
        raise bad_user_input(f"{argument} contains a NUL character.", argument=argument)
    return value


def _one(value: str | None, argument: str) -> list[str]:
    value = _checked(value, argument, MAX_FILTER_CHARACTERS)
    return [value] if value else []


def _search_words(query: str | None) -> str:
    query = _checked(query, "query", MAX_QUERY_CHARACTERS)
    if len(query.split()) > MAX_QUERY_WORDS:
        raise bad_user_input(f"query has more than {MAX_QUERY_WORDS} words.", argument="query")
    return query


class Query(graphene.ObjectType):
    datasets = graphene.Field(
        DatasetConnection,
        required=True,
        query=graphene.String(
            description="Words to find in titles, descriptions, tags and the publisher, "
            'with or without diacritics ("dich vu cong" finds "Dịch vụ công").'
        ),
        agency=graphene.String(description='Code of the publishing agency, e.g. "BTTTT".'),
        theme=graphene.String(description="Slug of a theme."),
        format=graphene.String(description='Format of a resource, e.g. "CSV" (any case).'),
        licence=graphene.String(description='Id of the licence, e.g. "CC-BY-4.0".'),
        order_by=enums.DatasetOrder(),
        description=(
            "The open-data catalogue: public datasets, best match first with `query`, "
            "else last modified first."
        ),
        **connection_args(),
    )
    dataset = graphene.Field(
        Dataset,
        name=graphene.String(description="The dataset's name, as in its URL."),
        id=graphene.ID(description="The dataset's id (a UUID), as in the CKAN API."),
        description="One public dataset, by name or by id.",
    )

    def resolve_datasets(
        root, info, order_by=None, query=None, first=None, after=None, **filters
    ) -> DatasetConnection:
        search = CatalogueSearch(
            _search_words(query),
            CatalogueFilters(
                # Agency codes are upper case; licence ids and theme slugs are exact.
                agency=[code.upper() for code in _one(filters.get("agency"), "agency")],
                theme=_one(filters.get("theme"), "theme"),
                format=_one(filters.get("format"), "format"),
                licence=_one(filters.get("licence"), "licence"),
            ),
            [value_of(order_by) or ("relevance" if query else "date")],
        )
        return paginate(
            search,
            DatasetConnection,
            first=first,
            after=after,
            on_page=lambda nodes: announce_datasets(info, nodes),
        )

    def resolve_dataset(root, info, name=None, id=None) -> DatasetModel:
        require_exactly_one("a dataset", name=name, id=id)
        datasets = public_datasets().select_related("licence")
        if name:
            dataset = datasets.filter(name=_checked(name, "name", MAX_FILTER_CHARACTERS)).first()
        else:
            try:
                key = uuid.UUID(str(id).strip())
            except ValueError:
                raise bad_user_input("id must be a dataset id (a UUID).", argument="id") from None
            dataset = datasets.filter(uuid=key).first()
        if dataset is None:
            raise not_found("No public dataset matches.")
        announce_datasets(info, [dataset])
        return dataset
