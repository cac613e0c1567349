"""Import of agency, topic, sector and legal_document records."""

from typing import Any

from django.utils.dateparse import parse_date

from cms.importing import references
from cms.importing.errors import RecordError
from cms.models import Agency, LegalDocument, Sector, Topic

AGENCY_FIELDS = {"code", "name", "name_en", "kind", "parent", "website"}
TERM_FIELDS = {"name", "name_en", "slug"}
LEGAL_DOCUMENT_FIELDS = {
    "number",
    "document_type",
    "title",
    "title_en",
    "issuer",
    "signed_on",
    "effective_on",
    "url",
}


def check_fields(data: dict, allowed: set[str], required: set[str], path: str = "") -> None:
    prefix = f"{path}." if path else ""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise RecordError(f"{prefix}{unknown[0]}: unknown field")
    missing = sorted(name for name in required if data.get(name) in (None, "", []))
    if missing:
        raise RecordError(f"{prefix}{missing[0]}: this field is required")


def _date(value: Any, field: str):
    if value in (None, ""):
        return None
    parsed = parse_date(str(value)) if isinstance(value, str) else None
    if parsed is None:
        raise RecordError(f"{field}: expected a date as YYYY-MM-DD, got {value!r}")
    return parsed


def import_agency(data: dict, on_existing: str) -> tuple[Agency, str]:
    check_fields(data, AGENCY_FIELDS, {"code", "name", "kind"})
    code = str(data["code"]).strip()
    agency = Agency.objects.filter(code=code).first()
    if agency is not None and on_existing == "skip":
        return agency, "skipped"
    action = "updated" if agency else "created"
    agency = agency or Agency(code=code)
    agency.name = data["name"]
    agency.name_en = data.get("name_en", "")
    agency.kind = data["kind"]
    agency.website = data.get("website", "")
    agency.parent = None
    if data.get("parent"):
        agency.parent = references.find_agency(data["parent"])
        if agency.parent is None:
            raise RecordError(f"parent: no agency {data['parent']!r}")
    agency.full_clean()
    agency.save()
    return agency, action


def import_term(model: type[Topic] | type[Sector], data: dict, on_existing: str):
    check_fields(data, TERM_FIELDS, {"name"})
    term = model.objects.filter(name__iexact=data["name"].strip()).first()
    if term is None and data.get("slug"):
        term = model.objects.filter(slug=data["slug"]).first()
    if term is not None and on_existing == "skip":
        return term, "skipped"
    action = "updated" if term else "created"
    term = term or model()
    term.name = data["name"].strip()
    term.name_en = data.get("name_en", "")
    term.slug = data.get("slug") or term.slug
    term.full_clean()
    term.save()
    return term, action


def import_legal_document(
    data: dict, on_existing: str, path: str = ""
) -> tuple[LegalDocument, str]:
    check_fields(
        data,
        LEGAL_DOCUMENT_FIELDS,
        {"number", "document_type", "title", "issuer", "signed_on"},
        path,
    )
    prefix = f"{path}." if path else ""
    number = " ".join(str(data["number"]).split())
    document = LegalDocument.objects.filter(number_key=LegalDocument.key_for(number)).first()
    if document is not None and on_existing == "skip":
        return document, "skipped"
    action = "updated" if document else "created"
    document = document or LegalDocument()
    document.number = number
    document.document_type = data["document_type"]
    document.title = data["title"]
    document.title_en = data.get("title_en", "")
    document.issuer = references.agency(data["issuer"], f"{prefix}issuer")
    document.signed_on = _date(data["signed_on"], f"{prefix}signed_on")
    document.effective_on = _date(data.get("effective_on"), f"{prefix}effective_on")
    document.url = data.get("url", "")
    document.full_clean()
    document.save()
    return document, action
