"""What datasets add to the content app's page types: news and procedures list them."""

import graphene

from cms.graphql import NewsPage, ProcedurePage, extend_page_type
from cms.models import NewsPage as NewsPageModel
from cms.models import ProcedurePage as ProcedurePageModel
from opendata.graphql.dataloaders import loaders
from opendata.graphql.types import Dataset


def _announce_pages(info, pages) -> None:
    # The relation is the datasets' own (Dataset.related_news): a page opened by a preview
    # token has the same related datasets as the published page.
    loaders(info).news_datasets.want(p.pk for p in pages if isinstance(p, NewsPageModel))
    loaders(info).procedure_datasets.want(p.pk for p in pages if isinstance(p, ProcedurePageModel))


def _news_datasets(page, info):
    return loaders(info).news_datasets.load(page.pk)


def _procedure_datasets(page, info):
    return loaders(info).procedure_datasets.load(page.pk)


def _datasets_field(resolver, what: str) -> graphene.Field:
    return graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(Dataset))),
        resolver=resolver,
        description=f"Public datasets related to this {what}.",
    )


def extend_content_types() -> None:
    """Give NewsPage and ProcedurePage their ``datasets``; call it before building the schema."""
    extend_page_type(
        NewsPage,
        {"datasets": _datasets_field(_news_datasets, "news item")},
        announce=_announce_pages,
    )
    extend_page_type(
        ProcedurePage,
        {"datasets": _datasets_field(_procedure_datasets, "procedure")},
        announce=_announce_pages,
    )
