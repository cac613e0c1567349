"""Demo files built from the portal's own records, so that they always match its content."""

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook

from cms.models import Agency, LegalDocument, ProcedurePage, Sector, Topic
from cms.selectors import visible
from opendata.models import Province

FILES = Path(__file__).parent / "data" / "files"


def _csv(header: list[str], rows: Iterable[Iterable]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode()


def egdi_xlsx() -> bytes:
    with (FILES / "chi-so-egdi-viet-nam.csv").open(encoding="utf-8") as source:
        rows = list(csv.reader(source))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "EGDI"
    sheet.append(rows[0])
    for year, rank, countries, value in rows[1:]:
        sheet.append([int(year), int(rank), int(countries), float(value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def provinces_csv() -> bytes:
    return _csv(
        ["ma", "ten", "ten_en"],
        Province.objects.order_by("code").values_list("code", "name", "name_en"),
    )


def agencies_csv() -> bytes:
    return _csv(
        ["ma", "ten", "ten_en", "loai", "co_quan_cap_tren", "website"],
        Agency.objects.order_by("code").values_list(
            "code", "name", "name_en", "kind", "parent__code", "website"
        ),
    )


def _legal_documents() -> list[dict]:
    return [
        {
            "so_hieu": doc.number,
            "loai": doc.document_type,
            "trich_yeu": doc.title,
            "trich_yeu_en": doc.title_en,
            "co_quan_ban_hanh": doc.issuer.code if doc.issuer_id else "",
            "ngay_ky": doc.signed_on.isoformat() if doc.signed_on else "",
            "ngay_hieu_luc": doc.effective_on.isoformat() if doc.effective_on else "",
        }
        for doc in LegalDocument.objects.select_related("issuer").order_by("signed_on", "number")
    ]


def legal_documents_csv() -> bytes:
    documents = _legal_documents()
    header = list(documents[0]) if documents else ["so_hieu"]
    return _csv(header, ([doc[key] for key in header] for doc in documents))


def legal_documents_json() -> bytes:
    return json.dumps(_legal_documents(), ensure_ascii=False, indent=1).encode()


def _procedures():
    return visible(ProcedurePage.objects.filter(locale__language_code="vi")).select_related(
        "sector", "agency"
    )


def procedure_levels_csv() -> bytes:
    counts = Counter((page.sector.name, page.service_level) for page in _procedures())
    rows = []
    for sector in sorted({sector for sector, _level in counts}):
        per_level = [counts[sector, level] for level in range(1, 5)]
        rows.append([sector, *per_level, sum(per_level)])
    return _csv(["linh_vuc", "muc_do_1", "muc_do_2", "muc_do_3", "muc_do_4", "tong"], rows)


def procedure_fees_csv() -> bytes:
    rows = []
    for page in _procedures().order_by("code"):
        for fee in page.fees:
            rows.append([page.code, page.title, fee.value["description"], fee.value["amount_vnd"]])
    return _csv(["ma_thu_tuc", "ten_thu_tuc", "khoan_phi", "so_tien_dong"], rows)


def required_documents_csv() -> bytes:
    rows = []
    for page in _procedures().order_by("code"):
        for block in page.required_documents:
            value = block.value
            rows.append([page.code, page.title, value["name"], value["form"], value["copies"]])
    return _csv(["ma_thu_tuc", "ten_thu_tuc", "giay_to", "ban_chinh_hay_sao", "so_luong"], rows)


def terms_csv() -> bytes:
    rows = [("linh_vuc", s.slug, s.name, s.name_en) for s in Sector.objects.order_by("name")]
    rows += [("chu_de", t.slug, t.name, t.name_en) for t in Topic.objects.order_by("name")]
    return _csv(["loai", "ma", "ten", "ten_en"], rows)


GENERATORS: dict[str, Callable[[], bytes]] = {
    "egdi_xlsx": egdi_xlsx,
    "provinces_csv": provinces_csv,
    "agencies_csv": agencies_csv,
    "legal_documents_csv": legal_documents_csv,
    "legal_documents_json": legal_documents_json,
    "procedure_levels_csv": procedure_levels_csv,
    "procedure_fees_csv": procedure_fees_csv,
    "required_documents_csv": required_documents_csv,
    "terms_csv": terms_csv,
}
