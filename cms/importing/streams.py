"""Turning the import format's blocks into StreamField values, validated like the editor's."""

from typing import Any

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.blocks import StreamBlock, StreamValue
from wagtail.models import Locale

from cms.blocks import RICH_TEXT_FEATURES
from cms.importing import references
from cms.importing.errors import RecordError
from cms.models import ProcedurePage


def _expect_dict(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise RecordError(f"{path}: expected an object")
    return value


def _rich_text(html: Any, path: str) -> str:
    if not isinstance(html, str):
        raise RecordError(f"{path}: expected HTML text")
    # The same whitelist the editor applies: unknown tags, scripts and attributes go.
    return EditorHTMLConverter(features=RICH_TEXT_FEATURES).to_database_format(html)


def _table(value: dict, path: str) -> dict:
    columns = value.get("columns")
    rows = value.get("rows")
    if not isinstance(columns, list) or not isinstance(rows, list):
        raise RecordError(f"{path}: a table needs 'columns' and 'rows' lists")
    for index, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(columns):
            raise RecordError(f"{path}.rows[{index}]: expected {len(columns)} cells")
    return {
        "caption": value.get("caption", ""),
        "columns": columns,
        "rows": [{"values": row} for row in rows],
    }


def news_body_block(block: Any, path: str, locale: Locale) -> dict:
    """One news body block in the import format -> Wagtail's stored (raw) form."""
    block = _expect_dict(block, path)
    block_type, value = block.get("type"), block.get("value")
    if block_type == "paragraph":
        return {"type": "paragraph", "value": _rich_text(value, f"{path}.value")}
    if block_type == "embed":
        value = _expect_dict(value, f"{path}.value")
        return {"type": "embed", "value": value.get("url", "")}
    if block_type in {"heading", "quote", "statistic"}:
        return {"type": block_type, "value": _expect_dict(value, f"{path}.value")}
    value = dict(_expect_dict(value, f"{path}.value"))
    if block_type == "image":
        value["image"] = references.image_id(value.get("image"), f"{path}.image")
    elif block_type == "document":
        value["document"] = references.document_id(value.get("document"), f"{path}.document")
    elif block_type == "procedure":
        code = value.get("procedure")
        page_id = (
            ProcedurePage.objects.filter(code=code, locale=locale)
            .values_list("pk", flat=True)
            .first()
        )
        if page_id is None:
            raise RecordError(f"{path}.procedure: no procedure with code {code!r} in {locale}")
        value["procedure"] = page_id
    elif block_type == "table":
        value = _table(value, path)
    else:
        raise RecordError(f"{path}.type: unknown block type {block_type!r}")
    return {"type": block_type, "value": value}


def build_stream(stream_block: StreamBlock, raw: list[dict], field: str) -> StreamValue:
    """Raw blocks -> a StreamValue; the page's full_clean() validates it, block by block."""
    try:
        return stream_block.to_python(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise RecordError(f"{field}: malformed block ({error})") from error
