"""StreamField blocks as typed GraphQL objects, read from the stored (raw) block data.

Reading raw data keeps Wagtail from querying chooser blocks page by page; the ids they hold
are announced to the loaders for a whole page of results (``announce_news_body``).
"""

import graphene

from cms.graphql import enums, richtext
from cms.graphql.dataloaders import loaders
from cms.graphql.types import Document, Image


class BlockData(dict):
    """One stored block: its fields as dict items, which graphene's default resolver reads,
    with the block's ``id``; a block whose value is not a struct has it under ``value``."""

    def __init__(self, block: dict):
        value = block.get("value")
        super().__init__(value if isinstance(value, dict) else {"value": value})
        self["id"] = block.get("id") or ""
        self.block_type = block.get("type")


def stored_blocks(stream_value) -> list[BlockData]:
    return [BlockData(block) for block in stream_value.raw_data]


class BlockFields:
    id = graphene.ID(required=True)


class ParagraphBlock(BlockFields, graphene.ObjectType):
    html = graphene.String(required=True, description="HTML, internal links as public URLs.")
    text = graphene.String(required=True, description="Plain text.")

    def resolve_html(block, info):
        return richtext.to_html(info, block["value"])

    def resolve_text(block, info):
        return richtext.to_text(block["value"])


class HeadingBlock(BlockFields, graphene.ObjectType):
    text = graphene.String(required=True)
    level = graphene.Int(required=True, description="2, 3 or 4.")

    def resolve_level(block, info):
        return int(str(block.get("level") or "h2").lstrip("h"))


class QuoteBlock(BlockFields, graphene.ObjectType):
    quote = graphene.String(required=True)
    attribution = graphene.String(required=True)


class ImageBlock(BlockFields, graphene.ObjectType):
    image = graphene.Field(Image, description="Null if the image was deleted.")
    alt_text = graphene.String(required=True)
    caption = graphene.String(required=True)
    credit = graphene.String(required=True)

    def resolve_image(block, info):
        return loaders(info).image.load(block["image"])

    def resolve_alt_text(block, info):
        if block.get("alt_text"):
            return block["alt_text"]
        image = loaders(info).image.load(block["image"])
        return (image.description or image.title) if image else ""


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
        return block.get("caption") or ""

    def resolve_columns(block, info):
        return block["columns"]

    def resolve_rows(block, info):
        types = [column.get("type") for column in block["columns"]]
        rows = []
        for row in block["rows"]:
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


class DocumentBlock(BlockFields, graphene.ObjectType):
    document = graphene.Field(Document, description="Null if the document was deleted.")
    title = graphene.String(required=True)

    def resolve_document(block, info):
        return loaders(info).document.load(block["document"])

    def resolve_title(block, info):
        if block.get("title"):
            return block["title"]
        document = loaders(info).document.load(block["document"])
        return document.title if document else ""


class ProcedureLinkBlock(BlockFields, graphene.ObjectType):
    procedure = graphene.Field(
        "cms.graphql.pages.ProcedurePage",
        description="Null when the procedure is not published (or was deleted).",
    )
    label = graphene.String(required=True)

    def resolve_procedure(block, info):
        return loaders(info).page.load(block["procedure"])


class EmbedBlock(BlockFields, graphene.ObjectType):
    url = graphene.String(required=True)

    def resolve_url(block, info):
        return block["value"] or ""


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
        return NEWS_BODY_TYPES[instance.block_type]


def news_body(stream_value) -> list[BlockData]:
    return [block for block in stored_blocks(stream_value) if block.block_type in NEWS_BODY_TYPES]


def announce_news_body(info, pages) -> None:
    """Tell the loaders every image, document and page the bodies of ``pages`` refer to."""
    images, documents, linked_pages, rich_texts = set(), set(), set(), []
    for page in pages:
        for block in stored_blocks(page.body):
            if block.block_type == "image":
                images.add(block["image"])
            elif block.block_type == "document":
                documents.add(block["document"])
            elif block.block_type == "procedure":
                linked_pages.add(block["procedure"])
            elif block.block_type == "paragraph":
                rich_texts.append(block["value"])
            elif block.block_type == "table":
                rich_texts.extend(
                    cell
                    for row in block["rows"]
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

    def resolve_template(document, info):
        return loaders(info).document.load(document.get("template"))


class Fee(graphene.ObjectType):
    amount_vnd = graphene.Int(required=True, description="0 means free of charge.")
    description = graphene.String(required=True)
    note = graphene.String(required=True)
    is_free = graphene.Boolean(required=True)

    def resolve_is_free(fee, info):
        return fee["amount_vnd"] == 0


class ProcessingTime(graphene.ObjectType):
    value = graphene.Int(required=True)
    unit = graphene.Field(enums.ProcessingTimeUnit, required=True)
