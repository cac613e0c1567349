"""The public datasets DCAT shows, fetched with everything their graph needs.

A fixed number of queries whatever the number of datasets: the catalogue pages through
hundreds of them per request.
"""

import contextlib
import datetime
import math
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Max, Min, Prefetch, Q, QuerySet

from opendata.models import Dataset, DatasetTag
from opendata.selectors import public_datasets, public_resources

# ckanext-dcat's ``ckanext.dcat.datasets_per_page`` default.
DEFAULT_PAGE_SIZE = 100


def page_size() -> int:
    return max(1, int(settings.DCAT_DATASETS_PER_PAGE))


def with_graph_relations(queryset: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """``queryset`` with the relations the graph reads; public resources in ``dcat_resources``."""
    return queryset.select_related("publisher", "licence").prefetch_related(
        "themes",
        "provinces",
        Prefetch("tagged_items", queryset=DatasetTag.objects.select_related("tag")),
        Prefetch(
            "resources",
            queryset=public_resources().select_related("data_file").order_by("sort_order", "pk"),
            to_attr="dcat_resources",
        ),
    )


def public_dataset(id_or_name: str) -> Dataset:
    """A public dataset by CKAN id (its UUID) or name; ``Dataset.DoesNotExist`` otherwise."""
    condition = Q(name=id_or_name)
    with contextlib.suppress(ValueError):
        condition |= Q(uuid=uuid.UUID(id_or_name))
    return with_graph_relations(public_datasets().filter(condition)).get()


@dataclass(frozen=True)
class CataloguePage:
    number: int
    size: int
    count: int
    datasets: list[Dataset]
    # Of the whole public catalogue, not of this page.
    issued: datetime.datetime | None
    modified: datetime.datetime | None

    @property
    def last(self) -> int:
        return max(1, math.ceil(self.count / self.size))


class PageOutOfRange(ValueError):
    def __init__(self, number: int, last: int) -> None:
        super().__init__(f"page {number} is out of range: the last page is {last}")
        self.last = last


def catalogue_page(
    number: int, *, size: int | None = None, modified_since: datetime.datetime | None = None
) -> CataloguePage:
    """Page ``number`` (1-based) of the public datasets, last modified first, as
    ckanext-dcat orders them. Raises PageOutOfRange past the last page."""
    size = size or page_size()
    matching = public_datasets()
    if modified_since is not None:
        matching = matching.filter(last_published_at__gte=modified_since)
    count = matching.count()
    if number < 1 or (number - 1) * size >= max(count, 1):
        raise PageOutOfRange(number, max(1, math.ceil(count / size)))
    start = (number - 1) * size
    datasets = list(
        with_graph_relations(matching).order_by(
            # Same order on PostgreSQL, which puts NULLs first when descending.
            F("last_published_at").desc(nulls_last=True),
            "-pk",
        )[start : start + size]
    )
    dates = public_datasets().aggregate(
        issued=Min("first_published_at"), modified=Max("last_published_at")
    )
    return CataloguePage(number, size, count, datasets, dates["issued"], dates["modified"])
