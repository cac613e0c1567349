"""Rich text as clients get it: public URLs for internal links, and plain text."""

import pytest

from tests.factories import DocumentFactory, NewsPageFactory, ProcedurePageFactory, paragraph

QUERY = """query ($id: ID!) { newsItem(id: $id) { body {
    ... on ParagraphBlock { html text }
    ... on TableBlock { rows } } } }"""


def body_of(gql, page) -> list[dict]:
    return gql.data(QUERY, {"id": str(page.pk)})["newsItem"]["body"]


@pytest.mark.django_db
def test_internal_links_become_public_urls(gql, site):
    procedure = ProcedurePageFactory(parent=site["vi"].procedure_index, title="Đăng ký khai sinh")
    english = NewsPageFactory(parent=site["en"].news_index, title="Birth registration online")
    document = DocumentFactory()
    html = (
        f'<p>Xem <a linktype="page" id="{procedure.pk}">thủ tục</a>, '
        f'<a id="{english.pk}" linktype="page">bản tiếng Anh</a>, '
        f'<a linktype="document" id="{document.pk}">mẫu tờ khai</a> và '
        '<a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công</a>.</p>'
    )
    news = NewsPageFactory(parent=site["vi"].news_index, body=[paragraph(html)])
    [block] = body_of(gql, news)
    assert block["html"] == (
        f'<p>Xem <a href="http://127.0.0.1:8000/thu-tuc-hanh-chinh/{procedure.slug}/">thủ tục</a>, '
        f'<a href="http://127.0.0.1:8000/en/policy-news/{english.slug}/">bản tiếng Anh</a>, '
        f'<a href="http://testserver{document.url}">mẫu tờ khai</a> và '
        '<a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công</a>.</p>'
    )
    assert "linktype" not in block["html"]


@pytest.mark.django_db
def test_links_to_a_deleted_document_or_a_nonsense_id_keep_their_text_only(gql, site):
    document = DocumentFactory()
    document_id = document.pk
    document.delete()
    html = (
        f'<p><a linktype="document" id="{document_id}">mẫu cũ</a> '
        '<a linktype="page" id="x">hỏng</a></p>'
    )
    news = NewsPageFactory(parent=site["vi"].news_index, body=[paragraph(html)])
    [block] = body_of(gql, news)
    assert block["html"] == "<p><a>mẫu cũ</a> <a>hỏng</a></p>"
    assert block["text"] == "mẫu cũ hỏng"


@pytest.mark.django_db
def test_plain_text_has_one_line_per_paragraph(gql, site):
    html = (
        "<h2>Điểm mới</h2><p>Người dân <b>không cần</b>\n đến   trụ sở.</p>"
        "<p>Hồ sơ &amp; lệ phí nộp trực tuyến.<br/>Kết quả trả qua bưu điện.</p>"
        "<ul><li>Tờ khai</li><li>Giấy chứng sinh</li></ul><p></p>"
    )
    news = NewsPageFactory(parent=site["vi"].news_index, body=[paragraph(html)])
    [block] = body_of(gql, news)
    assert block["text"].split("\n") == [
        "Điểm mới",
        "Người dân không cần đến trụ sở.",
        "Hồ sơ & lệ phí nộp trực tuyến.",
        "Kết quả trả qua bưu điện.",
        "Tờ khai",
        "Giấy chứng sinh",
    ]


@pytest.mark.django_db
def test_rich_text_table_cells_resolve_links_too(gql, site):
    procedure = ProcedurePageFactory(parent=site["vi"].procedure_index)
    table = {
        "type": "table",
        "value": {
            "caption": "",
            "columns": [
                {"type": "rich_text", "heading": "Thủ tục"},
                {"type": "number", "heading": "Số"},
            ],
            "rows": [
                {"values": [f'<p><a linktype="page" id="{procedure.pk}">Xem</a></p>', "12.5"]}
            ],
        },
    }
    news = NewsPageFactory(parent=site["vi"].news_index, body=[table])
    [block] = body_of(gql, news)
    assert block["rows"] == [
        [
            f'<p><a href="http://127.0.0.1:8000/thu-tuc-hanh-chinh/{procedure.slug}/">Xem</a></p>',
            "12.5",
        ]
    ]
