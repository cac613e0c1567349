"""Finding (or creating) the agencies, topics, sectors, legal documents and media that
records refer to by code, name, number or title."""

from typing import Any

from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.importing.errors import RecordError
from cms.models import Agency, LegalDocument, Sector, Topic
from core.text import vietnamese_slugify


def find_agency(reference: str) -> Agency | None:
    reference = str(reference).strip()
    return (
        Agency.objects.filter(code=reference.upper()).first()
        or Agency.objects.filter(Q(name__iexact=reference) | Q(name_en__iexact=reference)).first()
    )


def agency(reference: Any, field: str) -> Agency:
    """An agency by code or name, created as a unit when nothing matches."""
    if not isinstance(reference, str) or not reference.strip():
        raise RecordError(f"{field}: expected the code or name of an agency")
    found = find_agency(reference)
    if found is not None:
        return found
    code = vietnamese_slugify(reference).upper()[:32] or "AGENCY"
    if Agency.objects.filter(code=code).exists():
        raise RecordError(f"{field}: no agency named {reference!r}, and code {code} is taken")
    created = Agency(code=code, name=reference.strip(), kind=Agency.Kind.UNIT)
    created.full_clean()
    created.save()
    return created


def term(model: type[Topic] | type[Sector], reference: Any, field: str) -> Topic | Sector:
    """A topic or sector by name (either language) or slug, created when nothing matches."""
    if not isinstance(reference, str) or not reference.strip():
        raise RecordError(f"{field}: expected a name")
    reference = reference.strip()
    # The slug also matches names that differ only in case: SQLite folds ASCII case only.
    found = model.objects.filter(
        Q(name__iexact=reference)
        | Q(name_en__iexact=reference)
        | Q(slug__in={reference, vietnamese_slugify(reference)})
    ).first()
    if found is not None:
        return found
    created = model(name=reference)
    created.full_clean()
    created.save()
    return created


def legal_document(reference: Any, field: str, create) -> LegalDocument:
    """A legal document by number, or given inline as an object and then created or updated."""
    if isinstance(reference, dict):
        return create(reference, field)
    if not isinstance(reference, str) or not reference.strip():
        raise RecordError(f"{field}: expected a document number or an object")
    found = LegalDocument.objects.filter(number_key=LegalDocument.key_for(reference)).first()
    if found is None:
        raise RecordError(
            f"{field}: no legal document numbered {reference!r}; add a legal_document record "
            "before this line or give the document's fields inline"
        )
    return found


def image_id(title: Any, field: str) -> int:
    found = get_image_model().objects.filter(title=title).values_list("pk", flat=True).first()
    if found is None:
        raise RecordError(f"{field}: no image titled {title!r} in the media library")
    return found


def document_id(title: Any, field: str) -> int:
    found = get_document_model().objects.filter(title=title).values_list("pk", flat=True).first()
    if found is None:
        raise RecordError(f"{field}: no document titled {title!r} in the document library")
    return found
