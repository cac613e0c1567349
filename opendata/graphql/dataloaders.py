"""The open-data batch loaders (see core.graphql.loaders for how batching works).

Every loader reads through opendata.selectors: a dataset or resource that is not public is
never found, whichever way a query reaches it (a list, a news item, a procedure).
"""

from collections.abc import Sequence

from django.db.models import F

from cms.graphql import content_loaders
from core.graphql.loaders import BatchLoader, Loaders, get_loaders, grouped, m2m_batch
from opendata.models import Dataset, DatasetTag, Resource
from opendata.selectors import public_datasets, public_resources


def _tags(keys):
    rows = (
        DatasetTag.objects.filter(content_object_id__in=keys)
        .select_related("tag")
        .order_by("tag__name")
    )
    return grouped((row.content_object_id, row.tag.name) for row in rows)


def _resources(keys):
    # The dataset comes along: a file's download URL has the dataset's name in it.
    rows = (
        public_resources(Resource.objects.filter(dataset_id__in=keys))
        .select_related("data_file", "dataset")
        .order_by(F("sort_order").asc(nulls_last=True), "pk")
    )
    return grouped((row.dataset_id, row) for row in rows)


def _related_datasets(relation, page_field: str):
    """Public datasets related to many pages (news or procedures), in one query."""

    def batch(keys):
        rows = (
            relation.through.objects.filter(
                **{f"{page_field}__in": keys}, dataset__in=public_datasets()
            )
            .select_related("dataset__licence")
            .order_by("dataset__title", "dataset__pk")
        )
        return grouped((getattr(row, f"{page_field}_id"), row.dataset) for row in rows)

    return batch


def announce_datasets(info, datasets: Sequence[Dataset]) -> None:
    """Whoever produced these datasets (a page of results, pages' related datasets) tells
    the loaders, so that each relation is read once for all of them."""
    keys = [dataset.pk for dataset in datasets]
    for name in ("resources", "themes", "tags", "provinces"):
        getattr(loaders(info), name).want(keys)
    content_loaders(info).agency.want(dataset.publisher_id for dataset in datasets)


def _factories(info) -> dict:
    def announcing(groups):
        announce_datasets(info, [dataset for group in groups for dataset in group])

    return {
        "resources": lambda _loaders: BatchLoader(_resources, default=list),
        "themes": lambda _loaders: BatchLoader(
            m2m_batch(Dataset.themes.through, "dataset", "theme", order_by=("theme__name", "pk")),
            default=list,
        ),
        "tags": lambda _loaders: BatchLoader(_tags, default=list),
        "provinces": lambda _loaders: BatchLoader(
            m2m_batch(
                Dataset.provinces.through, "dataset", "province", order_by=("province__name", "pk")
            ),
            default=list,
        ),
        "news_datasets": lambda _loaders: BatchLoader(
            _related_datasets(Dataset.related_news, "newspage"),
            default=list,
            on_load=announcing,
        ),
        "procedure_datasets": lambda _loaders: BatchLoader(
            _related_datasets(Dataset.related_procedures, "procedurepage"),
            default=list,
            on_load=announcing,
        ),
    }


def loaders(info) -> Loaders:
    # The factories are bound to the request's info: a batch of related datasets announces
    # their publishers to the content app's agency loader, which lives in the same request.
    return get_loaders(info, _factories(info), "opendata")
