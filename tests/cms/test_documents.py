"""Documents uploaded in the admin are what their name says (cms/documents.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model

from cms.documents import content_problem

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
CSV = "thủ tục,số hồ sơ\nĐăng ký khai sinh,1200\n".encode()


@pytest.mark.parametrize(
    ("name", "head", "found"),
    [
        ("bieu-mau.csv", PNG, "PNG image"),
        ("bieu-mau.csv", bytes(range(256)) * 4, "binary data"),
        ("to-khai.pdf", b"MZ\x90\x00" + bytes(100), "Windows executable"),
        ("to-khai.docx", b"%PDF-1.7\n", "PDF"),
        ("to-khai.doc", b"PK\x03\x04" + bytes(30), "ZIP"),
    ],
)
def test_content_that_contradicts_the_name_is_named(name, head, found):
    with translation.override("en"):
        assert content_problem(name, head) == (
            f"The file is named as .{name.rsplit('.', 1)[1]} but contains {found}."
        )


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("bieu-mau.csv", CSV),
        ("huong-dan.txt", "Hướng dẫn".encode()),
        ("to-khai.pdf", b"%PDF-1.7\n"),
        ("to-khai.docx", b"PK\x03\x04" + bytes(30)),
        ("to-khai.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(30)),
    ],
)
def test_content_that_matches_the_name_passes(name, head):
    assert content_problem(name, head) is None


def upload(client, name: str, data: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "Biểu mẫu", "file": SimpleUploadedFile(name, data), "collection": 1},
    )


@pytest.mark.django_db
def test_an_editor_cannot_upload_a_png_renamed_to_csv(site, editor_client):
    response = upload(editor_client, "bieu-mau.csv", PNG)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert "Tên tệp cho biết đây là .csv nhưng nội dung là ảnh PNG." in errors
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_an_editor_uploads_a_real_csv(site, editor_client):
    response = upload(editor_client, "bieu-mau.csv", CSV)
    assert response.status_code == 302
    assert get_document_model().objects.get().file.read() == CSV
