"""Whatever changes public content makes every cached GraphQL response stale.

Each handler is one cache increment (``bump_content_version``); nothing slow runs here.
Image renditions are left out on purpose: GraphQL itself creates them while answering.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from cms.models import Agency, LegalDocument, Sector, Topic
from core.graphql.cache import bump_content_version
from opendata.models import DataFile, Dataset, Licence, Province, Theme


def content_changed(sender, **kwargs) -> None:
    bump_content_version()


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        bump_content_version()


def connect() -> None:
    uid = "core.graphql.cache"
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"{uid}:{id(signal)}")
    # Datasets are snippets with draft state: Wagtail sends published and unpublished for
    # them; saving covers a change of the live row made otherwise (is_private, a script).
    for signal in (published, unpublished):
        signal.connect(content_changed, sender=Dataset, dispatch_uid=f"{uid}:dataset:{id(signal)}")
    # Deleting a page sends post_delete for its specific model and for each parent model.
    post_delete.connect(page_deleted, dispatch_uid=f"{uid}:page-delete")
    models = [
        Agency,
        Topic,
        Sector,
        LegalDocument,
        get_image_model(),
        get_document_model(),
        PageViewRestriction,
        CollectionViewRestriction,
        Site,
        Dataset,
        # A file that passes ingestion makes its resource public; reference lists show in
        # every dataset that uses them.
        DataFile,
        Licence,
        Theme,
        Province,
    ]
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed,
                sender=model,
                dispatch_uid=f"{uid}:{model._meta.label}:{id(signal)}",
            )
