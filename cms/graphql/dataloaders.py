"""The content app's batch loaders (see core.graphql.loaders for how batching works)."""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms.models import (
    Agency,
    NewsPageLegalDocument,
    NewsPageTopic,
    ProcedurePageLegalDocument,
    Sector,
)
from cms.selectors import restricted_paths, visible
from core.graphql.loaders import BatchLoader, Loaders, by_pk, flat, get_loaders, grouped, m2m_batch

CHOSEN_ORDER = ("sort_order", "pk")


def _announce_issuers(loaders: Loaders):
    return lambda groups: loaders.agency.want(doc.issuer_id for doc in flat(groups))


def _announce_relatives(loaders: Loaders, agencies) -> None:
    # Whoever reached these agencies (a page, a legal document, a parent) may ask for their
    # parents or children next: one query per generation, not one per agency.
    loaders.agency.want(agency.parent_id for agency in agencies)
    loaders.agency_children.want(agency.pk for agency in agencies)


def public(loaders: Loaders, queryset):
    """``cms.selectors.visible``, reading the view restrictions once per request."""
    return visible(queryset, loaders.restrictions.load("paths"))


def _visible_pages(loaders: Loaders):
    return lambda keys: by_pk(public(loaders, Page.objects.filter(pk__in=keys)).specific())


def _translations(loaders: Loaders):
    def batch(keys):
        pages = public(loaders, Page.objects.filter(translation_key__in=keys))
        return grouped((page.translation_key, page) for page in pages.specific())

    return batch


FACTORIES = {
    "agency": lambda loaders: BatchLoader(
        lambda keys: by_pk(Agency.objects.filter(pk__in=keys)),
        on_load=lambda found: _announce_relatives(loaders, found),
    ),
    "agency_children": lambda loaders: BatchLoader(
        lambda keys: grouped(
            (agency.parent_id, agency) for agency in Agency.objects.filter(parent_id__in=keys)
        ),
        default=list,
    ),
    "sector": lambda loaders: BatchLoader(lambda keys: by_pk(Sector.objects.filter(pk__in=keys))),
    # In the order the editor chose them.
    "news_topics": lambda loaders: BatchLoader(
        m2m_batch(NewsPageTopic, "page", "topic", CHOSEN_ORDER), default=list
    ),
    "news_legal_documents": lambda loaders: BatchLoader(
        m2m_batch(NewsPageLegalDocument, "page", "legal_document", CHOSEN_ORDER),
        default=list,
        on_load=_announce_issuers(loaders),
    ),
    "procedure_legal_basis": lambda loaders: BatchLoader(
        m2m_batch(ProcedurePageLegalDocument, "page", "legal_document", CHOSEN_ORDER),
        default=list,
        on_load=_announce_issuers(loaders),
    ),
    "image": lambda loaders: BatchLoader(
        lambda keys: by_pk(get_image_model().objects.filter(pk__in=keys).prefetch_renditions())
    ),
    "document": lambda loaders: BatchLoader(
        lambda keys: by_pk(get_document_model().objects.filter(pk__in=keys))
    ),
    "page": lambda loaders: BatchLoader(_visible_pages(loaders)),
    "translations": lambda loaders: BatchLoader(_translations(loaders), default=list),
    "restrictions": lambda loaders: BatchLoader(lambda keys: {"paths": restricted_paths()}),
    # A handful of rows: all of them at the first need.
    "locale": lambda loaders: BatchLoader(lambda keys: by_pk(Locale.objects.all())),
}


def loaders(info) -> Loaders:
    return get_loaders(info, FACTORIES, "cms")
