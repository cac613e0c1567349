"""Ingestion's analysis of real bytes: formats, encodings, dictionary, preview, refusals.

These go through ``opendata.ingest.service.analyse``, the function the task runs on the
stored file; tests/opendata/ingest/test_task.py covers the task and the stored records.
"""

import hashlib
import io
import json

import pytest
from django.utils import translation

from opendata.ingest.checksum import digest
from opendata.ingest.errors import RejectedFile
from opendata.ingest.service import analyse
from tests.fixtures.opendata import samples


@pytest.fixture(autouse=True)
def _english():
    # Messages are checked by their English source text; the admin shows them translated
    # (tests/opendata/test_admin_upload.py checks the Vietnamese ones).
    with translation.override("en"):
        yield


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run(data: bytes, name: str):
    return analyse(io.BytesIO(data), name)


def refused(data: bytes, name: str) -> str:
    with pytest.raises(RejectedFile) as rejection:
        run(data, name)
    return rejection.value.message


@pytest.mark.parametrize(
    ("data", "name", "format", "media_type", "encoding", "delimiter"),
    [
        (samples.csv_utf8(), "so-lieu.csv", "CSV", "text/csv", "utf-8", ","),
        (samples.csv_utf8_bom(), "so-lieu.csv", "CSV", "text/csv", "utf-8-sig", ","),
        (samples.csv_cp1258(), "so-lieu.csv", "CSV", "text/csv", "cp1258", ","),
        (samples.csv_utf8(";"), "so-lieu.csv", "CSV", "text/csv", "utf-8", ";"),
        (samples.csv_utf8("\t"), "so-lieu.tsv", "CSV", "text/csv", "utf-8", "\t"),
        (samples.csv_utf8("|"), "so-lieu.txt", "CSV", "text/csv", "utf-8", "|"),
        (samples.xlsx(), "bang.xlsx", "XLSX", XLSX_TYPE, "", ""),
        (samples.json_document(), "ho-so.json", "JSON", "application/json", "utf-8", ""),
        (
            samples.geojson_document(),
            "diem.geojson",
            "GeoJSON",
            "application/geo+json",
            "utf-8",
            "",
        ),
        (samples.pdf_document(), "bao-cao.pdf", "PDF", "application/pdf", "", ""),
        (samples.zip_archive(), "goi.zip", "ZIP", "application/zip", "", ""),
        # Wrong or missing extensions: the content decides.
        (samples.csv_utf8(";"), "so-lieu.dat", "CSV", "text/csv", "utf-8", ";"),
        (samples.xlsx(), "bang-tinh", "XLSX", XLSX_TYPE, "", ""),
        (samples.xlsx(), "bang.zip", "XLSX", XLSX_TYPE, "", ""),
        (samples.geojson_document(), "diem.json", "GeoJSON", "application/geo+json", "utf-8", ""),
        (samples.json_document(), "ho-so.txt", "JSON", "application/json", "utf-8", ""),
        (samples.pdf_document(), "bao-cao", "PDF", "application/pdf", "", ""),
    ],
)
def test_format_and_encoding_are_sniffed_from_the_bytes(
    data, name, format, media_type, encoding, delimiter
):
    analysis = run(data, name)
    assert analysis.format == format
    assert analysis.media_type == media_type
    assert analysis.encoding == encoding
    assert analysis.delimiter == delimiter
    assert analysis.size == len(data)
    assert analysis.sha256 == hashlib.sha256(data).hexdigest()


EXPECTED_FIELDS = [
    {"name": "mã tỉnh", "type": "string"},  # "01": a code, not the number 1
    {"name": "tỉnh", "type": "string"},
    {"name": "số hồ sơ trực tuyến", "type": "integer"},
    {"name": "tỷ lệ (%)", "type": "number"},
    {"name": "ngày cập nhật", "type": "date"},
]
EXPECTED_ROWS = [
    ["01", "Hà Nội", 1250000, 42.5, "2024-06-30"],
    ["66", "Đắk Lắk", 310200, None, "2024-06-30"],
    ["79", "Thành phố Hồ Chí Minh", 2310000, 51.25, "2024-07-01"],
]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (samples.csv_utf8(), "so-lieu.csv"),
        (samples.csv_utf8_bom(), "so-lieu.csv"),
        (samples.csv_cp1258(), "so-lieu-cu.csv"),
        (samples.csv_utf8(";"), "so-lieu.csv"),
        (samples.csv_utf8("\t"), "so-lieu.tsv"),
    ],
)
def test_csv_dictionary_and_preview_in_every_encoding_and_delimiter(data, name):
    analysis = run(data, name)

    assert analysis.inferred_schema == {"fields": EXPECTED_FIELDS}
    assert analysis.preview == {
        "header": [field["name"] for field in EXPECTED_FIELDS],
        "rows": EXPECTED_ROWS,
    }
    assert analysis.row_count == 3
    json.dumps(analysis.preview)  # stored in a JSONField: must serialise as is


def test_windows_1258_text_is_composed_as_utf_8_would_have_it():
    data = samples.csv_cp1258()
    assert "Hà Nội".encode() not in data  # really the legacy code page
    assert b"\xf2" in data  # the combining dot below of "ộ"

    analysis = run(data, "so-lieu.csv")

    assert analysis.preview["rows"][0][1] == "Hà Nội"
    assert analysis.preview["rows"][1][1] == "Đắk Lắk"
    assert analysis.inferred_schema["fields"][1]["name"] == "tỉnh"


def test_a_legacy_character_far_down_the_file_is_still_decoded():
    # The first 64 KB are ASCII, so the head looks like UTF-8; the first Vietnamese letter
    # comes later, in Windows-1258, and decoding starts over in that code page.
    rows = [[f"{n:02d}", f"Tinh {n}", str(n * 1000), "1.5", "2024-06-30"] for n in range(3000)]
    rows.append(["99", "Đắk Lắk", "5", "2.5", "2024-07-01"])
    data = samples.encode_cp1258(samples.csv_text(rows=rows))
    assert len(data) > 70_000

    analysis = run(data, "so-lieu.csv")

    assert analysis.encoding == "cp1258"
    assert analysis.row_count == 3001
    assert analysis.sha256 == hashlib.sha256(data).hexdigest()
    assert analysis.size == len(data)


def test_preview_stops_at_the_setting_but_every_row_is_counted(settings):
    settings.OPENDATA_PREVIEW_ROWS = 5
    rows = [[f"{n:02d}", f"Tỉnh {n}", str(n), "1.0", "2024-01-01"] for n in range(1, 21)]
    data = samples.csv_text(rows=rows).encode()

    analysis = run(data, "so-lieu.csv")

    assert len(analysis.preview["rows"]) == 5
    assert analysis.row_count == 20


def test_quoted_cells_with_delimiters_and_newlines_are_one_row_each():
    data = 'tỉnh;ghi chú\n"Hà Nội";"gồm 30 quận; huyện\nvà thị xã"\nHuế;""\n'.encode()

    analysis = run(data, "ghi-chu.csv")

    assert analysis.delimiter == ";"
    assert analysis.row_count == 2
    assert analysis.preview["rows"][0] == ["Hà Nội", "gồm 30 quận; huyện\nvà thị xã"]


def test_day_first_dates_are_dates_with_their_format():
    data = "ngày,số\n30/06/2024,1\n01/07/2024,2\n".encode()

    fields = run(data, "ngay.csv").inferred_schema["fields"]

    assert fields[0] == {"name": "ngày", "type": "date", "format": "%d/%m/%Y"}


def test_xlsx_dictionary_and_preview_come_from_the_first_sheet():
    analysis = run(samples.xlsx(), "bang.xlsx")

    assert analysis.inferred_schema == {
        "fields": [
            {"name": "tỉnh", "type": "string"},
            {"name": "năm", "type": "integer"},
            {"name": "số hồ sơ", "type": "integer"},
            {"name": "tỷ lệ", "type": "number"},
            {"name": "cập nhật", "type": "datetime"},
        ]
    }
    assert analysis.preview["rows"] == [
        ["Hà Nội", 2023, 1250000, 42.5, "2024-06-30T08:00:00"],
        ["Đắk Lắk", 2024, 310200, 12.75, "2024-07-01T08:00:00"],
        ["Cần Thơ", 2024, 98000, 30.0, "2024-07-02T08:00:00"],
    ]
    assert analysis.row_count == 3
    json.dumps(analysis.preview)


# --- Refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.png_image(), "so-lieu.csv", "named as a CSV table but contains PNG image"),
        (samples.elf_binary(), "so-lieu.csv", "contains ELF executable"),
        (samples.random_binary(), "so-lieu.csv", "contains binary data"),
        (samples.png_image(), "anh", "PNG image, which is not accepted"),
        (samples.csv_utf8(), "bang.xlsx", "named as an Excel workbook (.xlsx) but contains"),
        (samples.zip_archive(), "bang.xlsx", "not an Excel workbook"),
        (samples.csv_utf8(), "bao-cao.pdf", "named as a PDF document but contains"),
        (samples.pdf_document()[:-7], "bao-cao.pdf", "PDF file is incomplete"),
        (samples.zip_archive(), "so-lieu.csv", "named as a CSV table but contains ZIP"),
        (samples.zip_archive()[:-30], "goi.zip", "damaged or incomplete"),
        (samples.csv_utf8(), "ho-so.json", "does not start like JSON"),
        (b'[{"a": 1}, {"a": 2]', "ho-so.json", "The JSON is not valid at line 1, column 19"),
        (samples.json_document(), "diem.geojson", "not GeoJSON"),
        (b"a,b\n\x81\x8d,x\n", "so-lieu.csv", "neither UTF-8 nor Windows-1258"),
        ("<!DOCTYPE html><title>Lỗi</title>".encode(), "so-lieu.csv", "web page (HTML)"),
        (b"", "so-lieu.csv", "The file is empty."),
        (b"\n\n\n", "so-lieu.csv", "no header row"),
        ("tỉnh\nHà Nội\n".encode("utf-16"), "so-lieu.csv", "binary data"),
    ],
)
def test_content_that_contradicts_the_name_or_cannot_be_read_is_refused(data, name, message):
    assert message in refused(data, name)


def test_a_binary_tail_under_a_text_head_is_refused_in_the_full_pass():
    data = samples.csv_utf8() * 3000 + samples.elf_binary()
    assert "binary data" in refused(data, "so-lieu.csv")


def test_a_zip_bomb_is_refused_from_its_central_directory():
    data = samples.zip_bomb()
    assert len(data) < 1024 * 1024  # 64 MB of zeros, deflated

    message = refused(data, "goi.zip")

    assert "bom.csv" in message
    assert "possible archive bomb" in message


def test_an_xlsx_bomb_is_refused():
    assert "possible archive bomb" in refused(samples.xlsx_bomb(), "bang.xlsx")


def test_archive_totals_members_and_nesting_are_bounded(settings):
    settings.OPENDATA_ARCHIVE_MAX_TOTAL_BYTES = 300
    assert "more than 300 B" in refused(samples.zip_archive(), "goi.zip")

    settings.OPENDATA_ARCHIVE_MAX_TOTAL_BYTES = 10**9
    settings.OPENDATA_ARCHIVE_MAX_MEMBERS = 3
    many = samples.zip_archive({f"{n}.csv": b"a\n1\n" for n in range(4)})
    assert "more than 3 files" in refused(many, "goi.zip")


def test_one_archive_inside_another_is_accepted_but_not_deeper():
    assert run(samples.nested_zip(2), "goi.zip").format == "ZIP"
    assert "more than 2 levels deep" in refused(samples.nested_zip(3), "goi.zip")


def test_a_password_protected_archive_is_refused():
    assert "password-protected" in refused(samples.encrypted_zip(), "goi.zip")


def test_a_file_over_the_maximum_is_refused(settings):
    settings.OPENDATA_MAX_UPLOAD_BYTES = 100
    data = samples.csv_utf8()
    assert len(data) > 100

    assert f"The file is {len(data)} B, larger than the maximum of 100 B." == refused(
        data, "so-lieu.csv"
    )


def test_the_size_limit_holds_while_streaming_too():
    # A stream that grows after it was measured (a file still being written, a storage
    # whose reported size lies) is cut off at the limit, not read to its end.
    with pytest.raises(RejectedFile, match="larger than the maximum of 1 KB"):
        digest(io.BytesIO(b"x" * 5000), max_bytes=1024)
    assert digest(io.BytesIO(b"x" * 5000), max_bytes=5000) == (
        5000,
        hashlib.sha256(b"x" * 5000).hexdigest(),
    )


def test_large_json_is_checked_by_its_shape(settings):
    settings.OPENDATA_JSON_PARSE_MAX_BYTES = 64
    geojson = samples.geojson_document()
    assert len(geojson) > 64

    assert run(geojson, "diem.geojson").format == "GeoJSON"
    assert run(samples.json_document() + b"\n", "ho-so.json").format == "JSON"
    assert "does not end as it begins" in refused(samples.json_document()[:-1], "ho-so.json")
