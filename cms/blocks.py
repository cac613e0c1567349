"""StreamField blocks for news bodies and the structured parts of procedure guides."""

from django.core.validators import MinValueValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class WholeNumberBlock(blocks.IntegerBlock):
    """An IntegerBlock whose value read from the form is a number, as stored.

    Wagtail compares the stored value with the form's before cleaning it; an IntegerBlock
    hands back the browser's text ("1" against 1), so every save of a page with one looked
    like a change, and an approval from the edit view restarted the review.
    """

    def value_from_form(self, value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return value  # not a number: clean() reports it

    def deconstruct(self):
        # Stored and migrated exactly as an IntegerBlock.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.IntegerBlock", args, kwargs


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_("Describe the image for screen readers; defaults to the image's title."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class StatisticValue(blocks.StructValue):
    def display_value(self) -> str:
        """The number as typed, localised: 42.5 -> "42,5", 1250000 -> "1.250.000" in Vietnamese.

        The block stores four decimal places; without this, templates would print 42.5000.
        """
        value = self.get("value")
        if value is None:
            return ""
        return number_format(value.normalize(), force_grouping=True)


class StatisticBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=255)
    value = blocks.DecimalBlock(label=_("Value"), decimal_places=4, max_digits=20)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=64)
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=255)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)

    class Meta:
        icon = "order"
        label = _("Statistic")
        value_class = StatisticValue
        template = "cms/blocks/statistic.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cms/blocks/document.html"


class ProcedureLinkBlock(blocks.StructBlock):
    procedure = blocks.PageChooserBlock(label=_("Procedure"), page_type="cms.ProcedurePage")
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=255)

    class Meta:
        icon = "link"
        label = _("Link to a procedure")
        template = "cms/blocks/procedure_link.html"


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("Text"))),
            ("number", blocks.DecimalBlock(label=_("Number"))),
            ("date", blocks.DateBlock(label=_("Date"))),
            ("rich_text", blocks.RichTextBlock(label=_("Rich text"), features=["bold", "link"])),
        ],
        label=_("Table"),
        template="cms/blocks/table.html",
    )
    statistic = StatisticBlock()
    document = DocumentBlock()
    procedure = ProcedureLinkBlock()
    embed = EmbedBlock(label=_("Embed"), max_width=960, template="cms/blocks/embed.html")


# Procedure guides: each part is structured so that GraphQL, search and the import
# format can address it field by field.


class ProcedureStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=500)
    description = blocks.TextBlock(label=_("Details"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


DOCUMENT_FORMS = [
    # A context: the admin's own "Copy" is the page action, not a photocopy.
    ("original", pgettext_lazy("document form", "Original")),
    ("copy", pgettext_lazy("document form", "Copy")),
    ("certified_copy", pgettext_lazy("document form", "Certified copy")),
]


class RequiredDocumentValue(blocks.StructValue):
    def form_label(self) -> str:
        """What readers see: "bản chính", not the stored "original"."""
        return str(dict(DOCUMENT_FORMS).get(self.get("form"), self.get("form") or ""))


class FeeValue(blocks.StructValue):
    def amount_text(self) -> str:
        """The amount with the reader's digit grouping: "50.000 đồng", "50,000 VND"."""
        amount = number_format(self.get("amount_vnd") or 0, force_grouping=True)
        return _("%(amount)s VND") % {"amount": amount}


class RequiredDocumentBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Document name"), max_length=500)
    form = blocks.ChoiceBlock(
        label=_("Original or copy"),
        choices=DOCUMENT_FORMS,
        default="original",
    )
    copies = WholeNumberBlock(label=_("Number of copies"), min_value=1, default=1)
    template = DocumentChooserBlock(label=_("Form to download"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Required document")
        value_class = RequiredDocumentValue


class FeeBlock(blocks.StructBlock):
    amount_vnd = WholeNumberBlock(
        label=_("Amount (VND)"),
        validators=[
            MinValueValidator(0, _("A fee cannot be negative; enter 0 for a free procedure."))
        ],
        help_text=_("0 means the procedure is free of charge."),
    )
    description = blocks.CharBlock(label=_("What the fee is for"), required=False, max_length=255)
    note = blocks.CharBlock(label=_("Note"), required=False, max_length=500)

    class Meta:
        icon = "tag"
        label = _("Fee")
        value_class = FeeValue
