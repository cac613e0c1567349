"""NewsPage and ProcedurePage types, and what a page of them announces to the loaders."""

from collections.abc import Sequence

import graphene

from cms.graphql import blocks, enums
from cms.graphql.dataloaders import loaders
from cms.graphql.types import (
    Agency,
    Image,
    LegalDocument,
    PageInterface,
    Sector,
    Topic,
    page_announcers,
)
from cms.models import NewsPage as NewsPageModel
from cms.models import ProcedurePage as ProcedurePageModel


def is_preview(page) -> bool:
    """A revision opened by a preview token: its relations live in the revision, not in the
    database tables the loaders read."""
    return getattr(page, "is_preview", False)


def announce_pages(info, pages: Sequence) -> None:
    loaders(info).translations.want(page.translation_key for page in pages)
    loaders(info).agency.want(page.agency_id for page in pages)
    for announce in page_announcers:
        announce(info, pages)


class NewsPage(graphene.ObjectType):
    summary = graphene.String(required=True)
    body = graphene.List(graphene.NonNull(blocks.NewsBodyBlock), required=True)
    publication_date = graphene.DateTime(required=True)
    agency = graphene.Field(Agency, required=True, description="The issuing agency.")
    topics = graphene.List(graphene.NonNull(Topic), required=True)
    legal_documents = graphene.List(graphene.NonNull(LegalDocument), required=True)
    hero_image = graphene.Field(Image)

    class Meta:
        interfaces = (PageInterface,)
        description = "A policy news item (tin chính sách)."

    @staticmethod
    def announce(info, pages: Sequence) -> None:
        announce_pages(info, pages)
        keys = [page.pk for page in pages]
        loaders(info).news_topics.want(keys)
        loaders(info).news_legal_documents.want(keys)
        loaders(info).image.want(page.hero_image_id for page in pages)
        blocks.announce_news_body(info, pages)

    def resolve_body(page, info):
        return blocks.news_body(page.body)

    def resolve_agency(page, info):
        return loaders(info).agency.load(page.agency_id)

    def resolve_topics(page, info):
        if is_preview(page):
            return page.chosen_topics()
        return loaders(info).news_topics.load(page.pk)

    def resolve_legal_documents(page, info):
        if is_preview(page):
            return page.chosen_legal_documents()
        return loaders(info).news_legal_documents.load(page.pk)

    def resolve_hero_image(page, info):
        return loaders(info).image.load(page.hero_image_id)


class ProcedurePage(graphene.ObjectType):
    code = graphene.String(required=True, description="Code in the national procedure database.")
    agency = graphene.Field(Agency, required=True, description="The agency that handles it.")
    sector = graphene.Field(Sector, required=True)
    applicant_types = graphene.List(graphene.NonNull(enums.ApplicantType), required=True)
    service_level = graphene.Field(enums.ServiceLevel, required=True)
    channels = graphene.List(graphene.NonNull(enums.Channel), required=True)
    online_service_url = graphene.String(required=True)
    steps = graphene.List(graphene.NonNull(blocks.ProcedureStep), required=True)
    required_documents = graphene.List(graphene.NonNull(blocks.RequiredDocument), required=True)
    processing_time = graphene.Field(blocks.ProcessingTime, required=True)
    fees = graphene.List(graphene.NonNull(blocks.Fee), required=True)
    is_free = graphene.Boolean(required=True)
    result = graphene.String(required=True, description="What the applicant receives.")
    legal_basis = graphene.List(graphene.NonNull(LegalDocument), required=True)

    class Meta:
        interfaces = (PageInterface,)
        description = "A guide to an administrative procedure (thủ tục hành chính)."

    @staticmethod
    def announce(info, pages: Sequence) -> None:
        announce_pages(info, pages)
        loaders(info).sector.want(page.sector_id for page in pages)
        loaders(info).procedure_legal_basis.want(page.pk for page in pages)
        loaders(info).document.want(
            block.get("template")
            for page in pages
            for block in blocks.stored_blocks(page.required_documents)
        )

    def resolve_agency(page, info):
        return loaders(info).agency.load(page.agency_id)

    def resolve_sector(page, info):
        return loaders(info).sector.load(page.sector_id)

    def resolve_steps(page, info):
        return blocks.stored_blocks(page.steps)

    def resolve_required_documents(page, info):
        return blocks.stored_blocks(page.required_documents)

    def resolve_processing_time(page, info):
        return blocks.ProcessingTime(
            value=page.processing_time_value, unit=page.processing_time_unit
        )

    def resolve_fees(page, info):
        return blocks.stored_blocks(page.fees)

    def resolve_is_free(page, info):
        return all(fee["amount_vnd"] == 0 for fee in blocks.stored_blocks(page.fees))

    def resolve_legal_basis(page, info):
        if is_preview(page):
            return page.chosen_legal_basis()
        return loaders(info).procedure_legal_basis.load(page.pk)


PageInterface.types_by_model.update({NewsPageModel: NewsPage, ProcedurePageModel: ProcedurePage})
