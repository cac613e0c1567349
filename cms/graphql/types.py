"""GraphQL types of the content app: reference data, media, pages."""

from collections.abc import Callable, Mapping, Sequence

import graphene
from django.conf import settings
from graphene.types.utils import get_field_as
from wagtail.images.models import SourceImageIOError

from cms.graphql import enums
from cms.graphql.dataloaders import loaders
from core.graphql.enums import LocaleEnum
from core.graphql.errors import bad_user_input


def image_widths() -> list[int]:
    # An allow-list: every distinct width is a file generated and kept on disk.
    return settings.GRAPHQL_IMAGE_WIDTHS


class Agency(graphene.ObjectType):
    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True, description="Name in Vietnamese.")
    name_en = graphene.String(required=True, description="Name in English; may be empty.")
    kind = graphene.Field(enums.AgencyKind, required=True)
    website = graphene.String(required=True)
    parent = graphene.Field(lambda: Agency)
    children = graphene.List(graphene.NonNull(lambda: Agency), required=True)

    def resolve_parent(agency, info):
        return loaders(info).agency.load(agency.parent_id)

    def resolve_children(agency, info):
        children = loaders(info).agency_children.load(agency.pk)
        # Their own children, if asked for, come in one query for the whole generation.
        loaders(info).agency_children.want(child.pk for child in children)
        return children


class TermFields:
    """What topics and sectors have, as their models share cms.models.snippets.SluggedTerm."""

    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)


class Topic(TermFields, graphene.ObjectType):
    pass


class Sector(TermFields, graphene.ObjectType):
    pass


class LegalDocument(graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.String(required=True, description='As printed, e.g. "942/QĐ-TTg".')
    type = graphene.Field(enums.LegalDocumentType, required=True)
    title = graphene.String(required=True)
    title_en = graphene.String(required=True)
    issuer = graphene.Field(Agency, required=True)
    signed_on = graphene.Date(required=True)
    effective_on = graphene.Date()
    url = graphene.String(required=True)

    def resolve_type(document, info):
        return document.document_type

    def resolve_issuer(document, info):
        return loaders(info).agency.load(document.issuer_id)


class ImageRendition(graphene.ObjectType):
    url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)


class FocalPoint(graphene.ObjectType):
    x = graphene.Int(required=True)
    y = graphene.Int(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)


def _rendition(info, image, width: int) -> ImageRendition | None:
    if width not in image_widths():
        raise bad_user_input(
            f"width must be one of {', '.join(map(str, image_widths()))}, got {width}.",
            argument="width",
        )
    try:
        rendition = image.get_rendition(f"width-{width}")
    except SourceImageIOError:
        # The original file is gone from storage: no rendition, but no failed request.
        return None
    return ImageRendition(
        url=info.context.build_absolute_uri(rendition.url),
        width=rendition.width,
        height=rendition.height,
    )


class Image(graphene.ObjectType):
    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    alt_text = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    focal_point = graphene.Field(FocalPoint)
    rendition = graphene.Field(
        ImageRendition,
        width=graphene.Int(required=True, description="One of the allowed widths."),
        description="The image scaled down to a width (never up); null if its file is missing.",
    )
    src_set = graphene.String(
        required=True,
        widths=graphene.List(graphene.NonNull(graphene.Int), required=True),
        description='An HTML srcset value: "URL 320w, URL 640w".',
    )

    def resolve_alt_text(image, info):
        return image.description or image.title

    def resolve_focal_point(image, info):
        if image.focal_point_x is None:
            return None
        return FocalPoint(
            x=image.focal_point_x,
            y=image.focal_point_y,
            width=image.focal_point_width,
            height=image.focal_point_height,
        )

    def resolve_rendition(image, info, width):
        return _rendition(info, image, width)

    def resolve_src_set(image, info, widths):
        if not widths or len(widths) > len(image_widths()):
            raise bad_user_input("widths must list 1 to 8 allowed widths.", argument="widths")
        renditions = [_rendition(info, image, width) for width in widths]
        return ", ".join(f"{r.url} {r.width}w" for r in renditions if r is not None)


class Document(graphene.ObjectType):
    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    url = graphene.String(required=True)
    file_size = graphene.Int(description="Bytes.")
    file_extension = graphene.String(required=True)

    def resolve_url(document, info):
        return info.context.build_absolute_uri(document.url)


class PageInterface(graphene.Interface):
    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    slug = graphene.String(required=True)
    url_path = graphene.String(
        required=True, description='Path on the public site, e.g. "/en/policy-news/slug/".'
    )
    url = graphene.String(required=True, description="Absolute URL on the public site.")
    locale = graphene.Field(LocaleEnum, required=True)
    translations = graphene.List(
        graphene.NonNull(lambda: PageInterface),
        required=True,
        description="The same page in the other languages, where published.",
    )
    first_published_at = graphene.DateTime()
    last_published_at = graphene.DateTime()
    seo_title = graphene.String(required=True)
    search_description = graphene.String(required=True)

    class Meta:
        name = "Page"

    # Page model -> its GraphQL type; pages.py fills it in as it defines them (types.py
    # cannot import pages.py, which builds on it).
    types_by_model: dict[type, type[graphene.ObjectType]] = {}

    @classmethod
    def resolve_type(cls, instance, info):
        return cls.types_by_model.get(type(instance), BasicPage)

    def resolve_url_path(page, info):
        parts = page.get_url_parts(info.context)
        return parts[2] if parts else ""

    def resolve_url(page, info):
        return page.get_full_url(info.context)

    def resolve_locale(page, info):
        return loaders(info).locale.load(page.locale_id).language_code

    def resolve_translations(page, info):
        return [
            other
            for other in loaders(info).translations.load(page.translation_key)
            if other.pk != page.pk
        ]


# What apps built on content (opendata: datasets link to news and procedures) add to the page
# types. cms imports none of them: config.schema, which knows every app, registers their
# fields before it builds the schema (graphene reads a type's fields only then).
PageAnnouncer = Callable[[object, Sequence], None]
page_announcers: list[PageAnnouncer] = []


def extend_page_type(
    page_type: type[graphene.ObjectType],
    fields: Mapping[str, graphene.Field | graphene.types.unmountedtype.UnmountedType],
    announce: PageAnnouncer | None = None,
) -> None:
    """Add ``fields`` (with their resolvers) to ``page_type``, before the schema is built.

    ``announce(info, pages)`` is told each page of results of any page type, as the content
    loaders are, so that the new fields can batch their queries too.
    """
    for name, field in fields.items():
        page_type._meta.fields[name] = get_field_as(field, graphene.Field)
    if announce is not None and announce not in page_announcers:
        page_announcers.append(announce)


class BasicPage(graphene.ObjectType):
    """Any other page (home, index pages)."""

    class Meta:
        interfaces = (PageInterface,)
