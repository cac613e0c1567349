"""Every ```graphql example of docs/graphql-datasets.md runs as the doc says.

The datasets, news item and procedure the examples name are built here (the shape of the
demo's datasets is not this doc's to fix). Each example followed by a ```json response must
answer the same shape: every field the doc shows is there, lists the doc shows with items
have items, and the values that identify things (names, titles, codes, formats, counts) are
the ones shown. Where the doc shows errors, the query must fail with the same codes.
"""

import datetime
import json
from pathlib import Path

import pytest

from cms.models import Agency
from opendata.models import Licence
from tests.cms.graphql.conftest import GraphQLClient
from tests.cms.graphql.test_docs_examples import FENCE, assert_same_shape
from tests.doc_examples import assert_same_values
from tests.factories import (
    AgencyFactory,
    DataFileFactory,
    DatasetFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    ResourceFactory,
    ThemeFactory,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "graphql-datasets.md"
# Shown values that must be exactly those of the answer.
EXACT = {"name", "title", "code", "format", "frequency", "totalCount", "slug", "isOpen", "isLink"}


def examples() -> list[tuple[str, dict | None]]:
    """(query, the response shown right after it, or None), in the order of the doc."""
    text = DOC.read_text()
    blocks = list(FENCE.finditer(text))
    found = []
    for index, match in enumerate(blocks):
        if match.group(1) != "graphql":
            continue
        response = None
        if index + 1 < len(blocks):
            following = blocks[index + 1]
            between = text[match.end() : following.start()]
            if following.group(1) == "json" and between.count("\n") <= 3:
                response = json.loads(following.group(2))
        found.append((match.group(2), response))
    return found


EXAMPLES = examples()


MONTHS = [
    1520340, 1198211, 1734552, 1801233, 1856420, 1902114,
    2011876, 2104553, 1987200, 2154380, 2210045, 2310000,
]  # fmt: skip


@pytest.fixture
def documented(site):
    """What the examples of the doc name, as the doc shows it."""
    government_office = AgencyFactory(
        code="VPCP", name="Văn phòng Chính phủ", name_en="Government Office", kind="government"
    )
    ministry = AgencyFactory(code="BTTTT", name="Bộ Thông tin và Truyền thông")
    theme = ThemeFactory(slug="chinh-phu-so", name="Chính phủ số", name_en="Digital government")
    rows = [[f"2024-{m + 1:02d}-01", count] for m, count in enumerate(MONTHS)]
    data = ("tháng,số hồ sơ\n" + "".join(f"{d},{n}\n" for d, n in rows)).encode()
    dossiers = DatasetFactory(
        name="ho-so-truc-tuyen-cong-dich-vu-cong-quoc-gia",
        title="Hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
        title_en="Online dossiers on the National Public Service Portal",
        description="Số hồ sơ trực tuyến tiếp nhận trên Cổng Dịch vụ công quốc gia theo tháng.",
        publisher=government_office,
        maintainer="Cục Kiểm soát thủ tục hành chính",
        maintainer_email="dulieu@chinhphu.vn",
        frequency="MONTHLY",
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2024, 12, 31),
        version="2024.12",
        resources=0,
        publish=False,
    )
    ResourceFactory(
        dataset=dossiers,
        name="Hồ sơ theo tháng năm 2024",
        data_file=DataFileFactory(
            data=data,
            original_name="ho-so-2024.csv",
            row_count=12,
            inferred_schema={
                "fields": [
                    {"name": "tháng", "type": "date"},
                    {"name": "số hồ sơ", "type": "integer"},
                ]
            },
            preview={"header": ["tháng", "số hồ sơ"], "rows": rows},
        ),
        data_dictionary=[
            {"name": "tháng", "type": "date", "title": "Tháng", "description": "Ngày đầu tháng"},
            {
                "name": "số hồ sơ",
                "type": "integer",
                "title": "Số hồ sơ trực tuyến",
                "unit": "hồ sơ",
            },
        ],
    )
    dossiers.themes.set([theme])
    dossiers.tags.add("cổng dịch vụ công", "hồ sơ trực tuyến")
    dossiers.related_news.set(
        [
            NewsPageFactory(
                parent=site["vi"].news_index,
                title="Cổng Dịch vụ công quốc gia tiếp nhận hơn hai triệu hồ sơ trực tuyến",
                slug="cong-dich-vu-cong-quoc-gia-tiep-nhan-hon-hai-trieu-ho-so",
                agency=government_office,
            )
        ]
    )
    dossiers.related_procedures.set(
        [
            ProcedurePageFactory(
                parent=site["vi"].procedure_index, code="1.001193", title="Đăng ký khai sinh"
            )
        ]
    )
    dossiers.save_revision().publish()

    egdi = DatasetFactory(
        name="chi-so-phat-trien-chinh-phu-dien-tu-egdi",
        title="Chỉ số phát triển Chính phủ điện tử (EGDI) của Việt Nam",
        title_en="E-Government Development Index (EGDI) of Viet Nam",
        description="Điểm và thứ hạng EGDI của Việt Nam theo các kỳ khảo sát của Liên Hợp Quốc.",
        publisher=ministry,
        licence=Licence.objects.get(pk="CC0-1.0"),
        frequency="BIENNIAL",
        resources=0,
        publish=False,
    )
    ResourceFactory(
        dataset=egdi,
        name="EGDI theo kỳ",
        data_file=DataFileFactory(original_name="egdi.xlsx", format="XLSX", preview=None),
    )
    egdi.themes.set([theme])
    egdi.save_revision().publish()
    assert Agency.objects.filter(code__in=["VPCP", "BTTTT"]).count() == 2


def test_the_doc_has_examples():
    assert len(EXAMPLES) >= 6
    assert all(response is not None for _query, response in EXAMPLES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown"), EXAMPLES, ids=[f"example-{n + 1}" for n in range(len(EXAMPLES))]
)
def test_doc_example_runs(documented, query, shown):
    result = GraphQLClient().post(query)
    if "errors" in shown:
        codes = [error["extensions"]["code"] for error in result.get("errors", [])]
        assert codes == [error["extensions"]["code"] for error in shown["errors"]]
        assert result["data"] == shown["data"]
        return
    assert "errors" not in result, result["errors"]
    assert_same_shape(shown["data"], result["data"])
    assert_same_values(shown["data"], result["data"], EXACT, "data")
