"""StreamField blocks as typed GraphQL objects, read from the stored (raw) block data.

Reading raw data keeps Wagtail from querying chooser blocks page by page; the ids they hold
are announced to the loaders for a whole page of results (``announce_news_body``).
"""

from dataclasses import dataclass
from typing import Any

import graphene

from cms.graphql import enums, richtext
from cms.graphql.dataloaders import loaders
from cms.graphql.types import Document, Image


@dataclass(frozen=True)
class RawBlock:
    id: str
    type: str
    value: Any


def raw_blocks(stream_value) -> list[RawBlock]:
    return [
        RawBlock(block.get("id") or "", block.get("type"), block.get("value"))
        for block in stream_value.raw_data
    ]


class BlockFields:
    id = graphene.ID(required=True)


class ParagraphBlock(BlockFields, graphene.ObjectType):
    html = graphene.String(required=True, description="HTML, internal links as public URLs.")
    text = graphene.String(required=True, description="Plain text.")

    def resolve_html(block, info):
        return richtext.to_html(info, block.value)

    def resolve_text(block, info):
        return richtext.to_text(block.value)


class HeadingBlock(BlockFields, graphene.ObjectType):
    text = graphene.String(required=True)
    level = graphene.Int(required=True, description="2, 3 or 4.")

    def resolve_text(block, info):
        return block.value.get("text", "")

    def resolve_level(block, info):
        return int(str(block.value.get("level", "h2")).lstrip("h") or 2)


class QuoteBlock(BlockFields, graphene.ObjectType):
    quote = graphene.String(required=True)
    attribution = graphene.String(required=True)

    def resolve_quote(block, info):
        return block.value.get("quote", "")

    def resolve_attribution(block, info):
        return block.value.get("attribution", "")


class ImageBlock(BlockFields, graphene.ObjectType):
    image = graphene.Field(Image, description="Null if the image was deleted.")
    alt_text = graphene.String(required=True)
    caption = graphene.String(required=True)
    credit = graphene.String(required=True)

    def resolve_image(block, info):
        return loaders(info).image.load(block.value.get("image"))

    def resolve_alt_text(block, info):
        if block.value.get("alt_text"):
            return block.value["alt_text"]
        image = loaders(info).image.load(block.value.get("image"))
        return (image.description or image.title) if image else ""

    def resolve_caption(block, info):
        return block.value.get("caption", "")

    def resolve_credit(block, info):
        return block.value.get("credit", "")


class TableColumn(graphene.ObjectType):
    type = graphene.Field(enums.TableColumnType, required=True)
    heading = graphene.String(required=True)


class TableBlock(BlockFields, graphene.ObjectType):
    caption = graphene.String(required=True)
    columns = graphene.List(graphene.NonNull(TableColumn), required=True)
    rows = graphene.List(
        graphene.NonNull(graphene.List(graphene.String, required=True)),
        required=True,
        description="Cells as text: numbers as decimals, dates as YYYY-MM-DD, rich text as HTML.",
    )

    def resolve_caption(block, info):
        return block.value.get("caption", "")

    def resolve_columns(block, info):
        return [
            TableColumn(type=column.get("type"), heading=column.get("heading", ""))
            for column in block.value.get("columns", [])
        ]

    def resolve_rows(block, info):
        types = [column.get("type") for column in block.value.get("columns", [])]
        rows = []
        for row in block.value.get("rows", []):
            cells = []
            for column_type, cell in zip(types, row.get("values", []), strict=False):
                if cell is None:
                    cells.append(None)
                elif column_type == "rich_text":
                    cells.append(richtext.to_html(info, cell))
                else:
                    cells.append(str(cell))
            rows.append(cells)
        return rows


class StatisticBlock(BlockFields, graphene.ObjectType):
    label = graphene.String(required=True)
    value = graphene.Decimal(required=True)
    unit = graphene.String(required=True)
    source = graphene.String(required=True)
    source_url = graphene.String(required=True)

    def resolve_label(block, info):
        return block.value.get("label", "")

    def resolve_value(block, info):
        return block.value.get("value")

    def resolve_unit(block, info):
        return block.value.get("unit", "")

    def resolve_source(block, info):
        return block.value.get("source", "")

    def resolve_source_url(block, info):
        return block.value.get("source_url", "")


class DocumentBlock(BlockFields, graphene.ObjectType):
    document = graphene.Field(Document, description="Null if the document was deleted.")
    title = graphene.String(required=True)

    def resolve_document(block, info):
        return loaders(info).document.load(block.value.get("document"))

    def resolve_title(block, info):
        if block.value.get("title"):
            return block.value["title"]
        document = loaders(info).document.load(block.value.get("document"))
        return document.title if document else ""


class ProcedureLinkBlock(BlockFields, graphene.ObjectType):
    procedure = graphene.Field(
        "cms.graphql.pages.ProcedurePage",
        description="Null when the procedure is not published (or was deleted).",
    )
    label = graphene.String(required=True)

    def resolve_procedure(block, info):
        return loaders(info).page.load(block.value.get("procedure"))

    def resolve_label(block, info):
        return block.value.get("label", "")


class EmbedBlock(BlockFields, graphene.ObjectType):
    url = graphene.String(required=True)

    def resolve_url(block, info):
        return block.value or ""


NEWS_BODY_TYPES = {
    "paragraph": ParagraphBlock,
    "heading": HeadingBlock,
    "quote": QuoteBlock,
    "image": ImageBlock,
    "table": TableBlock,
    "statistic": StatisticBlock,
    "document": DocumentBlock,
    "procedure": ProcedureLinkBlock,
    "embed": EmbedBlock,
}


class NewsBodyBlock(graphene.Union):
    class Meta:
        types = tuple(NEWS_BODY_TYPES.values())

    @classmethod
    def resolve_type(cls, instance, info):
        return NEWS_BODY_TYPES[instance.type]


def news_body(stream_value) -> list[RawBlock]:
    return [block for block in raw_blocks(stream_value) if block.type in NEWS_BODY_TYPES]


def announce_news_body(info, pages) -> None:
    """Tell the loaders every image, document and page the bodies of ``pages`` refer to."""
    images, documents, linked_pages, rich_texts = set(), set(), set(), []
    for page in pages:
        for block in raw_blocks(page.body):
            value = block.value
            if block.type == "image":
                images.add(value.get("image"))
            elif block.type == "document":
                documents.add(value.get("document"))
            elif block.type == "procedure":
                linked_pages.add(value.get("procedure"))
            elif block.type == "paragraph":
                rich_texts.append(value)
            elif block.type == "table":
                rich_texts.extend(
                    cell
                    for row in value.get("rows", [])
                    for cell in row.get("values", [])
                    if isinstance(cell, str) and "linktype=" in cell
                )
    loaders(info).image.want(images)
    loaders(info).document.want(documents)
    loaders(info).page.want(linked_pages)
    richtext.announce(info, rich_texts)


# Procedure guides: the structured parts.


class ProcedureStep(graphene.ObjectType):
    title = graphene.String(required=True)
    description = graphene.String(required=True)


class RequiredDocument(graphene.ObjectType):
    name = graphene.String(required=True)
    form = graphene.Field(enums.DocumentForm, required=True)
    copies = graphene.Int(required=True)
    template = graphene.Field(Document, description="The form to download, if any.")

    def resolve_template(value, info):
        return loaders(info).document.load(value.get("template"))


class Fee(graphene.ObjectType):
    amount_vnd = graphene.Int(required=True, description="0 means free of charge.")
    description = graphene.String(required=True)
    note = graphene.String(required=True)
    is_free = graphene.Boolean(required=True)

    def resolve_is_free(fee, info):
        return fee.amount_vnd == 0


class ProcessingTime(graphene.ObjectType):
    value = graphene.Int(required=True)
    unit = graphene.Field(enums.ProcessingTimeUnit, required=True)
