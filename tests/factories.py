"""Factories for the content model: valid by default, every structured field filled.

Pages need a parent: pass ``parent=`` an index page from the ``site`` fixture. They are
published (a revision, then ``publish()``) unless created with ``publish=False``, which
leaves a draft with one revision, as the admin would.
"""

import datetime
import hashlib
import io

import factory
import wagtail_factories
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import (
    Agency,
    LegalDocument,
    NewsPage,
    NewsPageLegalDocument,
    NewsPageTopic,
    ProcedurePage,
    ProcedurePageLegalDocument,
    Sector,
    Topic,
    chosen_links,
)
from core.text import vietnamese_slugify
from opendata.models import DataFile, Dataset, Licence, Resource, Theme

PASSWORD = "mat-khau-thu-nghiem-2025"
EDITORS = "Editors"
APPROVERS = "Approvers"


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"canbo{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.gov.vn")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        """``UserFactory(groups=["Editors"])``: the groups come from migration cms/0002."""
        if create and extracted:
            user.groups.add(*(Group.objects.get(name=name) for name in extracted))


def member_of(group_name: str) -> factory.PostGeneration:
    def add_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=group_name))

    return factory.PostGeneration(add_group)


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"bientap{n}")
    groups = member_of(EDITORS)


class ApproverFactory(UserFactory):
    username = factory.Sequence(lambda n: f"pheduyet{n}")
    groups = member_of(APPROVERS)


class AgencyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Sở Thông tin và Truyền thông số {n}")
    name_en = factory.Sequence(lambda n: f"Department of Information and Communications {n}")
    code = factory.Sequence(lambda n: f"STTTT-{n}")
    kind = Agency.Kind.PROVINCE

    class Meta:
        model = Agency


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Chuyển đổi số {n}")
    name_en = factory.Sequence(lambda n: f"Digital transformation {n}")
    slug = factory.LazyAttribute(lambda term: vietnamese_slugify(term.name))

    class Meta:
        model = Topic


class SectorFactory(TopicFactory):
    name = factory.Sequence(lambda n: f"Hộ tịch {n}")
    name_en = factory.Sequence(lambda n: f"Civil status {n}")

    class Meta:
        model = Sector


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: f"{n + 1}/2024/NĐ-CP")
    document_type = LegalDocument.DocumentType.DECREE
    title = factory.Sequence(lambda n: f"Nghị định về dịch vụ công trực tuyến số {n}")
    title_en = factory.Sequence(lambda n: f"Decree on online public services {n}")
    issuer = factory.SubFactory(AgencyFactory)
    signed_on = datetime.date(2024, 3, 1)
    effective_on = datetime.date(2024, 5, 1)
    url = "https://vanban.chinhphu.vn/"

    class Meta:
        model = LegalDocument


def png_bytes(size: tuple[int, int] = (8, 6)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Ảnh minh hoạ {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="anh.png", data=png_bytes())


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Mẫu tờ khai {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="to-khai.pdf", data=b"%PDF-1.4\n%minhbach\n")


class BasePageFactory(wagtail_factories.PageFactory):
    slug = factory.LazyAttribute(lambda page: vietnamese_slugify(page.title))
    # Created as a draft; the ``publish`` hook below publishes a revision, like the admin.
    live = False

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if not create:
            return
        revision = page.save_revision()
        if extracted is None or extracted:
            revision.publish()
            page.refresh_from_db()


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def news_body(*, image=None, document=None, procedure=None) -> list[dict]:
    """Every block type of a news body except embeds (which fetch from the network)."""
    blocks = [
        paragraph("<p>Từ ngày 1/7, người dân <b>đăng ký khai sinh</b> trực tuyến.</p>"),
        {"type": "heading", "value": {"text": "Những điểm mới", "level": "h2"}},
        {
            "type": "quote",
            "value": {"quote": "Lấy người dân làm trung tâm.", "attribution": "Thủ tướng"},
        },
        {
            "type": "table",
            "value": {
                "caption": "Hồ sơ trực tuyến theo năm",
                "columns": [
                    {"type": "text", "heading": "Tỉnh"},
                    {"type": "number", "heading": "Số hồ sơ"},
                    {"type": "date", "heading": "Cập nhật"},
                ],
                "rows": [
                    {"values": ["Hà Nội", "125000", "2024-06-30"]},
                    {"values": ["Đà Nẵng", "48200", "2024-06-30"]},
                ],
            },
        },
        {
            "type": "statistic",
            "value": {
                "label": "hồ sơ trực tuyến toàn trình",
                "value": "42.5",
                "unit": "%",
                "source": "Cổng Dịch vụ công quốc gia",
                "source_url": "https://dichvucong.gov.vn/",
            },
        },
    ]
    if image is not None:
        blocks.append(
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "Người dân nộp hồ sơ",
                    "caption": "Bộ phận một cửa",
                    "credit": "Ảnh: Cổng TTĐT",
                },
            }
        )
    if document is not None:
        blocks.append({"type": "document", "value": {"document": document.pk, "title": ""}})
    if procedure is not None:
        blocks.append(
            {"type": "procedure", "value": {"procedure": procedure.pk, "label": "Xem thủ tục"}}
        )
    return blocks


class NewsPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Đẩy mạnh dịch vụ công trực tuyến số {n}")
    summary = "Các địa phương tiếp tục đưa thủ tục hành chính lên môi trường số."
    body = factory.LazyFunction(news_body)
    # Saved even by ``build()``: a built page is meant to be added to the tree.
    agency = factory.LazyFunction(lambda: AgencyFactory())
    topic_links = factory.LazyAttribute(
        lambda page: chosen_links(NewsPageTopic, "topic", page.topics)
    )
    legal_document_links = factory.LazyAttribute(
        lambda page: chosen_links(NewsPageLegalDocument, "legal_document", page.legal_documents)
    )

    class Meta:
        model = NewsPage

    class Params:
        topics = ()
        legal_documents = ()


class ProcedurePageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Đăng ký khai sinh lần {n}")
    code = factory.Sequence(lambda n: f"1.{n + 1:06d}")
    agency = factory.LazyFunction(lambda: AgencyFactory())
    sector = factory.LazyFunction(lambda: SectorFactory())
    applicant_types = factory.LazyFunction(lambda: [ProcedurePage.ApplicantType.CITIZEN])
    service_level = 4
    channels = factory.LazyFunction(
        lambda: [ProcedurePage.Channel.ONLINE, ProcedurePage.Channel.IN_PERSON]
    )
    online_service_url = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
    steps = factory.LazyFunction(
        lambda: [
            {"type": "step", "value": {"title": "Nộp hồ sơ", "description": "Trực tuyến."}},
            {"type": "step", "value": {"title": "Nhận kết quả", "description": ""}},
        ]
    )
    required_documents = factory.LazyFunction(
        lambda: [
            {
                "type": "document",
                "value": {"name": "Tờ khai đăng ký khai sinh", "form": "original", "copies": 1},
            },
            {
                "type": "document",
                "value": {"name": "Giấy chứng sinh", "form": "copy", "copies": 2},
            },
        ]
    )
    processing_time_value = 3
    processing_time_unit = ProcedurePage.TimeUnit.WORKING_DAYS
    fees = factory.LazyFunction(
        lambda: [{"type": "fee", "value": {"amount_vnd": 8000, "description": "Lệ phí"}}]
    )
    result = "Giấy khai sinh"
    legal_basis_links = factory.LazyAttribute(
        lambda page: chosen_links(ProcedurePageLegalDocument, "legal_document", page.legal_basis)
    )

    class Meta:
        model = ProcedurePage

    class Params:
        legal_basis = ()


# What the admin's page forms post (the browser fills the slug from the title).

NEWS_TITLE = "Đăng ký khai sinh trực tuyến toàn trình"


def news_form_data(
    agency, *, title: str = NEWS_TITLE, slug: str = "", action: str | None = None, **extra
) -> dict:
    """The news form as the admin posts it (the browser fills the slug from the title)."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug or vietnamese_slugify(title),
            "summary": "Người dân không cần đến Ủy ban nhân dân cấp xã.",
            "body": streamfield(
                [("paragraph", rich_text("<p>Hồ sơ được nộp và trả kết quả trực tuyến.</p>"))]
            ),
            "publication_date": "2025-07-01 09:00",
            "agency": agency.pk,
            "comments": inline_formset([]),
            "topic_links": inline_formset([]),
            "legal_document_links": inline_formset([]),
            **extra,
        }
    )
    if action:
        data[f"action-{action}"] = action
    return data


# --- Open data -------------------------------------------------------------------------

CSV_BYTES = "năm,số hồ sơ trực tuyến\n2023,1250000\n2024,2310000\n".encode()


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Chính phủ số {n}")
    name_en = factory.Sequence(lambda n: f"Digital government {n}")
    slug = factory.Sequence(lambda n: f"chinh-phu-so-{n}")
    eu_theme = Theme.EUTheme.GOVE

    class Meta:
        model = Theme


class DataFileFactory(factory.django.DjangoModelFactory):
    """A file that passed ingestion, with its size and checksum computed from ``data``.

    The values ingestion would infer (format, dictionary, preview) are given, not inferred:
    tests of ingestion itself go through opendata.ingest.
    """

    original_name = "so-lieu.csv"
    status = DataFile.Status.READY
    format = "CSV"
    media_type = "text/csv"
    encoding = "utf-8"
    delimiter = ","
    inferred_schema = factory.LazyFunction(
        lambda: {
            "fields": [
                {"name": "năm", "type": "integer"},
                {"name": "số hồ sơ trực tuyến", "type": "integer"},
            ]
        }
    )
    preview = factory.LazyFunction(
        lambda: {
            "header": ["năm", "số hồ sơ trực tuyến"],
            "rows": [[2023, 1250000], [2024, 2310000]],
        }
    )
    row_count = 2

    class Meta:
        model = DataFile

    class Params:
        data = CSV_BYTES

    file = factory.LazyAttribute(lambda f: ContentFile(f.data, name=f.original_name))
    size = factory.LazyAttribute(lambda f: len(f.data))
    sha256 = factory.LazyAttribute(lambda f: hashlib.sha256(f.data).hexdigest())


class DatasetFactory(factory.django.DjangoModelFactory):
    """A published dataset with one CSV resource, unless ``publish=False`` or ``resources=0``."""

    title = factory.Sequence(lambda n: f"Số liệu dịch vụ công trực tuyến {n}")
    title_en = factory.Sequence(lambda n: f"Online public service figures {n}")
    name = factory.Sequence(lambda n: f"so-lieu-dich-vu-cong-{n}")
    description = "Số hồ sơ trực tuyến tiếp nhận trên Cổng Dịch vụ công quốc gia theo năm."
    description_en = "Online dossiers received by the National Public Service Portal, by year."
    publisher = factory.SubFactory(AgencyFactory)
    licence = factory.LazyFunction(lambda: Licence.objects.get(pk="CC-BY-4.0"))
    frequency = "ANNUAL"
    live = False

    class Meta:
        model = Dataset
        skip_postgeneration_save = True

    @factory.post_generation
    def resources(dataset, create, extracted, **kwargs):
        if not create:
            return
        for n in range(1 if extracted is None else extracted):
            ResourceFactory(dataset=dataset, name=f"Bảng số liệu {n + 1}", sort_order=n)

    @factory.post_generation
    def publish(dataset, create, extracted, **kwargs):
        if not create:
            return
        revision = dataset.save_revision()
        if extracted is None or extracted:
            revision.publish()
            dataset.refresh_from_db()


class ResourceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Bảng số liệu {n}")
    name_en = factory.Sequence(lambda n: f"Table {n}")
    data_file = factory.SubFactory(DataFileFactory)

    class Meta:
        model = Resource
