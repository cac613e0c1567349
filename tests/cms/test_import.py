"""`manage.py import_content`: all or nothing, line-numbered errors, idempotent re-import."""

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page

from cms.models import Agency, LegalDocument, NewsPage, ProcedurePage, Sector, Topic

SAMPLE = Path(__file__).parent.parent / "fixtures" / "import_sample.jsonl"

pytestmark = pytest.mark.django_db


def run_import(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_content", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_jsonl(tmp_path: Path, *records: dict | str) -> Path:
    path = tmp_path / "records.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def procedure(**overrides) -> dict:
    record = {
        "type": "procedure",
        "code": "2.000001",
        "title": "Cấp phiếu lý lịch tư pháp",
        "agency": "Sở Tư pháp",
        "sector": "Lý lịch tư pháp",
        "applicant_types": ["citizen"],
        "service_level": 3,
        "channels": ["online", "in_person", "post"],
        "online_service_url": "https://dichvucong.gov.vn/",
        "steps": [{"title": "Nộp tờ khai"}, {"title": "Nhận phiếu"}],
        "required_documents": [{"name": "Tờ khai", "form": "original", "copies": 1}],
        "processing_time": {"value": 10, "unit": "working_days"},
        "fees": [{"amount_vnd": 200000, "description": "Phí cấp phiếu"}],
        "result": "Phiếu lý lịch tư pháp",
    }
    record.update(overrides)
    return record


def content_counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "agencies": Agency.objects.count(),
        "topics": Topic.objects.count(),
        "sectors": Sector.objects.count(),
        "legal_documents": LegalDocument.objects.count(),
    }


def test_sample_file_imports_news_procedures_and_translation():
    out, err = run_import(SAMPLE)

    assert err == ""
    assert "10 created, 0 updated" in out
    birth = ProcedurePage.objects.get(code="1.001193")
    assert birth.live and birth.slug == "dang-ky-khai-sinh"
    assert birth.agency.name == "Ủy ban nhân dân cấp xã"  # referenced by name: created
    assert birth.is_free
    assert [step.value["title"] for step in birth.steps] == ["Nộp hồ sơ", "Nhận kết quả"]
    assert list(birth.legal_basis.values_list("number", flat=True)) == ["60/2014/QH13"]

    news_vi = NewsPage.objects.get(locale__language_code="vi")
    news_en = NewsPage.objects.get(locale__language_code="en")
    assert news_en.translation_key == news_vi.translation_key
    assert news_en.slug.startswith("prime-minister-approves")
    # "942/qđ-ttg" in the file matches "942/QĐ-TTg", whatever the database's case folding.
    assert [d.number for d in news_vi.legal_documents.all()] == ["942/QĐ-TTg"]
    blocks = [block.block_type for block in news_vi.body]
    assert blocks == ["paragraph", "heading", "statistic", "table", "procedure"]
    assert news_vi.body[4].value["procedure"].specific == birth
    assert "<script>" not in news_vi.body[0].value.source


def test_reimport_updates_instead_of_duplicating(tmp_path):
    run_import(SAMPLE)
    before = content_counts()

    out, _err = run_import(SAMPLE)
    assert "0 created, 10 updated" in out
    assert content_counts() == before

    renamed = procedure(code="1.001193", title="Đăng ký khai sinh (sửa đổi)", sector="Hộ tịch")
    run_import(write_jsonl(tmp_path, renamed))
    assert ProcedurePage.objects.filter(code="1.001193").count() == 1
    assert ProcedurePage.objects.get(code="1.001193").title == "Đăng ký khai sinh (sửa đổi)"


def test_one_bad_record_writes_nothing_and_every_error_has_its_line(tmp_path):
    run_import(SAMPLE)
    before = content_counts()
    path = write_jsonl(
        tmp_path,
        {"type": "topic", "name": "Chủ đề mới"},
        procedure(code="2.000002", fees=[{"amount_vnd": -5000}]),
        "{not json",
        procedure(code="2.000003", service_level=5),
        {"type": "webpage", "title": "?"},
        procedure(code="2.000004", sumary="typo"),
        procedure(code="2.000005", legal_basis=["99/2099/NĐ-CP"]),
        procedure(code="1.001193"),  # valid, and an update of an existing page
    )

    err = StringIO()
    with pytest.raises(CommandError, match=r"6 error\(s\).*nothing was imported"):
        call_command("import_content", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "line 2: procedure 2.000002: fees[0].amount_vnd: "
        "A fee cannot be negative; enter 0 for a free procedure.",
        "line 3: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        "line 4: procedure 2.000003: service_level: The online service level must be 1, 2, 3 or 4.",
        "line 5: type: expected one of agency, legal_document, news, procedure, sector, "
        "topic, got 'webpage'",
        "line 6: procedure 2.000004: sumary: unknown field",
        "line 7: procedure 2.000005: legal_basis[0]: no legal document numbered "
        "'99/2099/NĐ-CP'; add a legal_document record before this line or give the "
        "document's fields inline",
    ]
    # Nothing written: not the valid topic on line 1, not the agency that line 2 created
    # by name before its fee failed, not the update on line 8.
    assert content_counts() == before
    assert not Topic.objects.filter(name="Chủ đề mới").exists()
    assert ProcedurePage.objects.get(code="1.001193").title == "Đăng ký khai sinh"


def test_skip_invalid_imports_the_good_records_and_reports_the_bad(tmp_path):
    path = write_jsonl(
        tmp_path,
        procedure(code="2.000010"),
        procedure(code="2.000011", service_level=0),
        procedure(code="2.000012", channels=["online", "fax"]),
    )

    out, err = run_import(path, "--skip-invalid")

    assert "1 created" in out and "2 invalid" in out
    assert "line 2: procedure 2.000011: service_level:" in err
    assert "line 3: procedure 2.000012: channels: Unknown value(s) fax" in err
    assert list(ProcedurePage.objects.values_list("code", flat=True)) == ["2.000010"]
    # The failed records left nothing behind, not even the agency they named.
    assert Agency.objects.filter(name="Sở Tư pháp").count() == 1


def test_dry_run_validates_and_writes_nothing(tmp_path):
    out, err = run_import(SAMPLE, "--dry-run")

    assert err == ""
    assert "dry run" in out
    assert not ProcedurePage.objects.exists() and not Agency.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "1.001193"}, None),
        ({"service_level": 4, "channels": ["in_person"]}, "channels: Level 3 and 4 services"),
        ({"service_level": 3, "online_service_url": ""}, "online_service_url: Level 3 and 4"),
        ({"applicant_types": []}, "applicant_types: this field is required"),
        ({"steps": []}, "steps: this field is required"),
        ({"fees": []}, "fees: this field is required"),
        ({"fees": [{"amount_vnd": "free"}]}, "fees[0].amount_vnd: Enter a whole number."),
        ({"required_documents": [{"name": "Tờ khai", "copies": 0}]}, "copies: Ensure"),
        ({"processing_time": {"value": -1}}, "processing_time_value: Ensure this value"),
        ({"agency": ""}, "agency: this field is required"),
    ],
)
def test_procedure_validation_messages(tmp_path, overrides, message):
    path = write_jsonl(tmp_path, procedure(**overrides))
    report = StringIO()
    if message is None:
        call_command("import_content", str(path), stdout=StringIO(), stderr=report)
        assert ProcedurePage.objects.filter(code=overrides["code"]).exists()
        return
    with pytest.raises(CommandError):
        call_command("import_content", str(path), stdout=StringIO(), stderr=report)
    assert message in report.getvalue()
    assert not ProcedurePage.objects.exists()


def test_duplicate_code_in_one_file_updates_the_first(tmp_path):
    path = write_jsonl(tmp_path, procedure(), procedure(title="Cấp phiếu lý lịch tư pháp số 2"))
    out, _err = run_import(path)
    assert "1 created, 1 updated" in out
    assert ProcedurePage.objects.get().title == "Cấp phiếu lý lịch tư pháp số 2"


def test_scheduled_and_draft_records(tmp_path):
    run_import(SAMPLE)
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    path = write_jsonl(
        tmp_path,
        procedure(code="3.000001", go_live_at=tomorrow),
        procedure(code="3.000002", title="Bản nháp thủ tục", live=False),
    )

    run_import(path)

    scheduled = ProcedurePage.objects.get(code="3.000001")
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at is not None
    draft = ProcedurePage.objects.get(code="3.000002")
    assert not draft.live and draft.has_unpublished_changes
    assert scheduled not in ProcedurePage.objects.live()


def test_references_are_matched_before_being_created(tmp_path):
    run_import(SAMPLE)
    path = write_jsonl(
        tmp_path,
        procedure(code="4.000001", agency="btp", sector="HỘ TỊCH", legal_basis=["942/qđ-ttg"]),
        procedure(code="4.000002", agency="Ministry of Justice", sector="Civil status"),
    )

    run_import(path)

    first, second = ProcedurePage.objects.filter(code__startswith="4.").order_by("code")
    assert first.agency.code == second.agency.code == "BTP"
    assert first.sector == second.sector == Sector.objects.get(name="Hộ tịch")
    assert Sector.objects.count() == 1
    assert first.legal_basis.get().number == "942/QĐ-TTg"


def test_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"type": "topic", "name": "Th\u1ee7 t\u1ee5c"}\n'.encode() + b"\xff\xfe")
    with pytest.raises(CommandError, match="cannot read"):
        run_import(path)
    with pytest.raises(CommandError, match="cannot read"):
        run_import(tmp_path / "missing.jsonl")


def test_legal_basis_keeps_the_order_of_the_file_and_each_document_once(tmp_path):
    run_import(SAMPLE)
    # Not the newest first, as the documents are listed elsewhere.
    order = ["60/2014/QH13", "942/QĐ-TTg", "942/qđ-ttg"]
    run_import(write_jsonl(tmp_path, procedure(code="5.000001", legal_basis=order)))

    page = ProcedurePage.objects.get(code="5.000001")
    assert [document.number for document in page.chosen_legal_basis()] == order[:2]
