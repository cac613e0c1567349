"""Documents uploaded in the admin (forms to download, reports): their content must be
what their name says. Wagtail checks only the extension, so a PNG renamed to .csv, or an
executable renamed to .pdf, would be served to citizens as a form."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from core.files import HEAD_BYTES, OLE_MAGIC, Kind, sniff_kind

# Extension (WAGTAILDOCS_EXTENSIONS) -> the family its content must belong to.
EXPECTED_KIND = {
    "csv": Kind.TEXT,
    "txt": Kind.TEXT,
    "json": Kind.TEXT,
    "pdf": Kind.PDF,
    "docx": Kind.ZIP,
    "xlsx": Kind.ZIP,
    "odt": Kind.ZIP,
    "zip": Kind.ZIP,
    "doc": "ole",
    "xls": "ole",
}


def content_problem(name: str, head: bytes) -> str | None:
    """Why a file named ``name`` starting with ``head`` is refused, or None."""
    expected = EXPECTED_KIND.get(PurePath(name).suffix.lower().lstrip("."))
    if expected is None:
        return None  # Wagtail refuses the extension itself
    kind, kind_name = sniff_kind(head)
    if head.startswith(OLE_MAGIC) if expected == "ole" else kind == expected:
        return None
    return _("The file is named as %(claim)s but contains %(found)s.") % {
        "claim": f".{PurePath(name).suffix.lower().lstrip('.')}",
        "found": kind_name,
    }


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read"):
            position = upload.tell() if hasattr(upload, "tell") else 0
            upload.seek(0)
            head = upload.read(HEAD_BYTES)
            upload.seek(position)
            problem = content_problem(upload.name or "", head)
            if problem:
                raise ValidationError(problem, code="content_mismatch")
        return upload
