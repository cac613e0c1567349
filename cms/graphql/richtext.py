"""Rich text for API clients: HTML with internal links resolved, and plain text.

Wagtail stores internal links as ``<a linktype="page" id="3">``; its own expansion queries
once per HTML fragment. Here the ids of every fragment on a page of results are announced
to the loaders first, so that all links resolve from one query.
"""

import html
import re

from django.utils.html import strip_tags
from wagtail.rich_text.rewriters import extract_attrs

from cms.graphql.dataloaders import loaders

LINK_OPENING = re.compile(r"<a(\b[^>]*)>")
LINKTYPE_ID = re.compile(
    r'\blinktype="(page|document)"[^>]*\bid="(\d+)"|\bid="(\d+)"[^>]*\blinktype="(page|document)"'
)


def linked_ids(source: str) -> tuple[set[int], set[int]]:
    """Page and document ids that a stored rich text fragment links to."""
    pages, documents = set(), set()
    for match in LINKTYPE_ID.finditer(source or ""):
        kind = match.group(1) or match.group(4)
        key = int(match.group(2) or match.group(3))
        (pages if kind == "page" else documents).add(key)
    return pages, documents


def announce(info, sources) -> None:
    pages, documents = set(), set()
    for source in sources:
        found_pages, found_documents = linked_ids(source)
        pages |= found_pages
        documents |= found_documents
    loaders(info).page.want(pages)
    loaders(info).document.want(documents)


def to_html(info, source: str) -> str:
    request = info.context

    def rewrite(match: re.Match) -> str:
        attrs = extract_attrs(match.group(1))
        linktype = attrs.get("linktype")
        if linktype not in {"page", "document"}:
            return match.group(0)
        try:
            key = int(attrs.get("id", ""))
        except ValueError:
            return "<a>"
        if linktype == "page":
            page = loaders(info).page.load(key)
            url = page.get_full_url(request) if page is not None else None
        else:
            document = loaders(info).document.load(key)
            url = request.build_absolute_uri(document.url) if document is not None else None
        # A link to something not public (a draft, a deleted page) keeps its text only.
        return f'<a href="{html.escape(url)}">' if url else "<a>"

    return LINK_OPENING.sub(rewrite, source or "")


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def to_text(source: str) -> str:
    """Plain text, one line per paragraph, heading or list item."""
    # A line break in the HTML source is only a space; lines come from the block ends.
    source = " ".join((source or "").split())
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", source)))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
