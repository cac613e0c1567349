"""Whatever changes public content makes every cached GraphQL response stale.

What GraphQL shows is, for the most part, what search indexes: the document types the apps
declare (search_documents.py) and the models each says it depends on. Those declarations
are read here instead of being listed again; the few models GraphQL shows and no search
document does are listed below. Each handler is one cache increment
(``bump_content_version``); nothing slow runs here. Image renditions are left out on
purpose: GraphQL itself creates them while answering.
"""

from django.db import models
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core.graphql.cache import bump_content_version
from opendata.models import Dataset, Province
from search import registry

UID = "core.graphql.cache"


def content_changed(sender, **kwargs) -> None:
    bump_content_version()


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        bump_content_version()


def shown_beside_search() -> list[type[models.Model]]:
    """Models GraphQL shows that no search document holds."""
    return [
        get_image_model(),
        get_document_model(),
        PageViewRestriction,
        CollectionViewRestriction,
        Site,
        Province,  # a dataset's spatial coverage
    ]


def models_to_follow() -> list[type[models.Model]]:
    """Every non-page model whose save or delete can change a GraphQL answer, once each."""
    indexed = [t.model for t in registry.all_types() if not issubclass(t.model, Page)]
    found = [*indexed, *registry.dependency_models(), *shown_beside_search()]
    return list(dict.fromkeys(found))


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"{UID}:{id(signal)}")
    # Datasets are snippets with draft state: Wagtail sends published and unpublished for
    # them; saving covers a change of the live row made otherwise (is_private, a script).
    for signal in (published, unpublished):
        signal.connect(content_changed, sender=Dataset, dispatch_uid=f"{UID}:dataset:{id(signal)}")
    # Deleting a page sends post_delete for its specific model and for each parent model.
    post_delete.connect(page_deleted, dispatch_uid=f"{UID}:page-delete")
    for model in models_to_follow():
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed,
                sender=model,
                dispatch_uid=f"{UID}:{model._meta.label}:{id(signal)}",
            )
