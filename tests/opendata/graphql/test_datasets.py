"""The catalogue in GraphQL: datasets and their filters, one dataset, resources, previews,
and the datasets of news and procedures; through POST /graphql/, as a client sends it."""

import base64
import datetime
import hashlib
import uuid

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from opendata.models import DataFile, Licence, Province
from search.query import MAX_TERMS
from tests.cms.graphql.conftest import GraphQLClient
from tests.factories import (
    CSV_BYTES,
    AgencyFactory,
    DataFileFactory,
    DatasetFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

gql = GraphQLClient()


def published(*, themes=(), tags=(), provinces=(), news=(), procedures=(), **fields):
    """A published dataset with its many-to-many relations, set as an editor would."""
    dataset = DatasetFactory(publish=False, **fields)
    dataset.themes.set(themes)
    dataset.provinces.set(provinces)
    dataset.related_news.set(news)
    dataset.related_procedures.set(procedures)
    dataset.tags.add(*tags)
    dataset.save_revision().publish()
    dataset.refresh_from_db()
    return dataset


def names(arguments: str = "") -> list[str]:
    """Names of the datasets the list returns (one page of up to 100)."""
    inside = f"first: 100, {arguments}" if arguments else "first: 100"
    data = gql.data(f"{{ datasets({inside}) {{ totalCount edges {{ node {{ name }} }} }} }}")
    found = [edge["node"]["name"] for edge in data["datasets"]["edges"]]
    assert data["datasets"]["totalCount"] == len(found)
    return found


def code_of(error: dict) -> str:
    return error["extensions"]["code"]


DATASET_FIELDS = """
  id name title titleEn description descriptionEn
  publisher { code name parent { code } }
  maintainer maintainerEmail
  licence { id name nameEn url isOpen }
  themes { slug name nameEn euTheme }
  tags frequency temporalStart temporalEnd
  provinces { code name nameEn }
  version identifier issued modified
  url urlEn: url(locale: EN)
  resources {
    id name nameEn format mediaType size sha256 downloadUrl isLink rowCount
    dataDictionary { name type title description unit }
    preview { header rows }
  }
"""


class TestOneDataset:
    def test_every_field(self):
        ministry = AgencyFactory(code="BTTTT", name="Bộ Thông tin và Truyền thông")
        theme = ThemeFactory(slug="chinh-phu-so", name="Chính phủ số")
        dataset = published(
            name="ho-so-truc-tuyen",
            title="Hồ sơ trực tuyến",
            title_en="Online dossiers",
            publisher=AgencyFactory(code="CDS", parent=ministry),
            maintainer="Cục Chuyển đổi số quốc gia",
            maintainer_email="dulieu@mic.gov.vn",
            licence=Licence.objects.get(pk="CC0-1.0"),
            frequency="ANNUAL_2",
            temporal_start=datetime.date(2023, 1, 1),
            temporal_end=datetime.date(2024, 12, 31),
            version="2.1",
            themes=[theme],
            tags=["dịch vụ công", "hồ sơ"],
            provinces=Province.objects.filter(code__in=["01", "79"]),
        )
        link = ResourceFactory(
            dataset=dataset,
            data_file=None,
            url="https://data.example.gov.vn/egdi.xlsx",
            name="Liên kết",
            sort_order=5,
        )
        dataset.save_revision().publish()

        node = gql.data(f'{{ dataset(name: "ho-so-truc-tuyen") {{ {DATASET_FIELDS} }} }}')[
            "dataset"
        ]

        assert node["id"] == str(dataset.uuid)
        assert (node["title"], node["titleEn"]) == ("Hồ sơ trực tuyến", "Online dossiers")
        assert node["descriptionEn"] == dataset.description_en
        assert node["publisher"] == {
            "code": "CDS",
            "name": dataset.publisher.name,
            "parent": {"code": "BTTTT"},
        }
        assert node["maintainerEmail"] == "dulieu@mic.gov.vn"
        assert node["licence"]["id"] == "CC0-1.0" and node["licence"]["isOpen"] is True
        assert node["themes"] == [
            {
                "slug": "chinh-phu-so",
                "name": "Chính phủ số",
                "nameEn": theme.name_en,
                "euTheme": "GOVE",
            }
        ]
        assert node["tags"] == ["dịch vụ công", "hồ sơ"]
        assert node["frequency"] == "ANNUAL_2"
        assert (node["temporalStart"], node["temporalEnd"]) == ("2023-01-01", "2024-12-31")
        assert [p["code"] for p in node["provinces"]] == ["01", "79"]
        assert node["version"] == "2.1"
        base = settings.BASE_URL
        assert node["url"] == f"{base}/dataset/ho-so-truc-tuyen/"
        assert node["urlEn"] == f"{base}/en/dataset/ho-so-truc-tuyen/"
        # No identifier of its own: its URL identifies it.
        assert node["identifier"] == node["url"]
        assert node["issued"] and node["modified"] >= node["issued"]

        table, external = node["resources"]
        resource = dataset.resources.get(data_file__isnull=False)
        assert table["id"] == str(resource.uuid)
        assert table["format"] == "CSV" and table["mediaType"] == "text/csv"
        assert table["size"] == len(CSV_BYTES)
        assert table["sha256"] == hashlib.sha256(CSV_BYTES).hexdigest()
        assert table["downloadUrl"] == f"{base}{resource.get_download_url()}"
        assert table["isLink"] is False and table["rowCount"] == 2
        assert table["dataDictionary"] == [
            {"name": "năm", "type": "integer", "title": "", "description": "", "unit": ""},
            {
                "name": "số hồ sơ trực tuyến",
                "type": "integer",
                "title": "",
                "description": "",
                "unit": "",
            },
        ]
        assert table["preview"] == {
            "header": ["năm", "số hồ sơ trực tuyến"],
            "rows": [["2023", "1250000"], ["2024", "2310000"]],
        }
        assert external["id"] == str(link.uuid)
        assert external["downloadUrl"] == "https://data.example.gov.vn/egdi.xlsx"
        assert external["format"] == "XLSX" and external["isLink"] is True
        assert (external["size"], external["sha256"], external["mediaType"]) == (None,) * 3
        assert external["dataDictionary"] == [] and external["preview"] is None

    def test_by_id(self):
        dataset = published(name="theo-id")
        query = "query ($id: ID) { dataset(id: $id) { name } }"
        assert gql.data(query, {"id": str(dataset.uuid)}) == {"dataset": {"name": "theo-id"}}

    def test_the_editors_data_dictionary_wins_over_the_inferred_one(self):
        dataset = published(name="tu-dien")
        resource = dataset.resources.get()
        resource.data_dictionary = [
            {"name": "năm", "type": "year", "title": "Năm", "description": "Năm dương lịch"},
            {"name": "số hồ sơ trực tuyến", "type": "integer", "unit": "hồ sơ"},
        ]
        resource.save()
        dataset.save_revision().publish()
        node = gql.data(
            '{ dataset(name: "tu-dien") { resources { dataDictionary { '
            "name type title description unit } } } }"
        )["dataset"]
        assert node["resources"][0]["dataDictionary"] == [
            {
                "name": "năm",
                "type": "year",
                "title": "Năm",
                "description": "Năm dương lịch",
                "unit": "",
            },
            {
                "name": "số hồ sơ trực tuyến",
                "type": "integer",
                "title": "",
                "description": "",
                "unit": "hồ sơ",
            },
        ]

    def test_an_identifier_of_its_own(self):
        published(name="co-doi", identifier="doi:10.1234/minhbach")
        data = gql.data('{ dataset(name: "co-doi") { identifier } }')
        assert data == {"dataset": {"identifier": "doi:10.1234/minhbach"}}

    def test_unknown_name_is_not_found(self):
        error = gql.error('{ dataset(name: "khong-co") { name } }')
        assert code_of(error) == "NOT_FOUND"
        assert error["result"]["data"] == {"dataset": None}

    def test_unknown_id_is_not_found(self):
        error = gql.error(f'{{ dataset(id: "{uuid.uuid4()}") {{ name }} }}')
        assert code_of(error) == "NOT_FOUND"

    @pytest.mark.parametrize(
        "arguments", ["", 'name: "a", id: "5b0c1d3e-0000-4000-8000-000000000000"', 'name: ""']
    )
    def test_exactly_one_of_name_or_id(self, arguments):
        query = f"{{ dataset{f'({arguments})' if arguments else ''} {{ name }} }}"
        error = gql.error(query)
        assert code_of(error) == "BAD_USER_INPUT"
        assert "exactly one of name or id" in error["message"]

    @pytest.mark.parametrize("value", ["12", "not-a-uuid", "'; drop table"])
    def test_an_id_that_is_not_a_uuid_is_bad_user_input(self, value):
        error = gql.error("query ($id: ID) { dataset(id: $id) { name } }", {"id": value})
        assert code_of(error) == "BAD_USER_INPUT"
        assert error["extensions"]["argument"] == "id"


class TestFilters:
    @pytest.fixture
    def catalogue(self):
        mic = AgencyFactory(code="BTTTT", name="Bộ Thông tin và Truyền thông")
        vpcp = AgencyFactory(code="VPCP", name="Văn phòng Chính phủ")
        digital = ThemeFactory(slug="chinh-phu-so")
        health = ThemeFactory(slug="y-te", eu_theme="HEAL")
        published(
            name="dich-vu-cong",
            title="Hồ sơ trên Cổng Dịch vụ công quốc gia",
            description="Số hồ sơ tiếp nhận theo tháng.",
            publisher=vpcp,
            themes=[digital],
        )
        egdi = published(
            name="egdi",
            title="Chỉ số phát triển Chính phủ điện tử",
            description="Xếp hạng EGDI theo năm.",
            publisher=mic,
            licence=Licence.objects.get(pk="CC0-1.0"),
            themes=[digital, health],
            tags=["Liên Hợp Quốc"],
            resources=0,
        )
        ResourceFactory(
            dataset=egdi,
            data_file=DataFileFactory(original_name="egdi.xlsx", format="XLSX"),
        )
        egdi.save_revision().publish()
        published(
            name="benh-vien",
            title="Danh sách bệnh viện",
            description="Địa chỉ và số giường.",
            publisher=mic,
            licence=Licence.objects.get(pk="ODbL-1.0"),
            themes=[health],
        )

    def test_no_filter_lists_them_all(self, catalogue):
        assert sorted(names()) == ["benh-vien", "dich-vu-cong", "egdi"]

    @pytest.mark.parametrize(
        ("arguments", "expected"),
        [
            ('agency: "BTTTT"', ["benh-vien", "egdi"]),
            ('agency: "bttt t"', []),
            ('agency: "vpcp"', ["dich-vu-cong"]),
            ('theme: "chinh-phu-so"', ["dich-vu-cong", "egdi"]),
            ('theme: "y-te"', ["benh-vien", "egdi"]),
            ('format: "XLSX"', ["egdi"]),
            ('format: "csv"', ["benh-vien", "dich-vu-cong"]),
            ('licence: "CC-BY-4.0"', ["dich-vu-cong"]),
            ('licence: "ODbL-1.0"', ["benh-vien"]),
            ('query: "dich vu cong"', ["dich-vu-cong"]),
            ('query: "CHÍNH PHỦ ĐIỆN TỬ"', ["egdi"]),
            ('query: "lien hop quoc"', ["egdi"]),
            ('query: "bo thong tin"', ["benh-vien", "egdi"]),
            ('agency: "BTTTT", theme: "y-te", licence: "CC0-1.0"', ["egdi"]),
            ('agency: "BTTTT", format: "XLSX", query: "benh vien"', []),
            # An empty filter filters nothing, as in the content lists.
            ('agency: "", theme: "  "', ["benh-vien", "dich-vu-cong", "egdi"]),
        ],
    )
    def test_filter(self, catalogue, arguments, expected):
        assert sorted(names(arguments)) == expected

    @pytest.mark.parametrize(
        "arguments",
        [
            'agency: "KHONG-CO"',
            'theme: "khong-co"',
            'format: "DOCX"',
            'licence: "MIT"',
            'query: "zzzz"',
        ],
    )
    def test_unknown_values_find_nothing_like_the_content_lists(self, catalogue, arguments):
        assert names(arguments) == []

    def test_orders(self, catalogue):
        assert names("orderBy: NAME_ASC") == ["benh-vien", "dich-vu-cong", "egdi"]
        assert names("orderBy: TITLE_ASC") == ["egdi", "benh-vien", "dich-vu-cong"]
        # egdi was published again last.
        assert names()[0] == "benh-vien"
        assert names("orderBy: MODIFIED_DESC") == names()
        assert names("orderBy: CREATED_DESC") == ["benh-vien", "egdi", "dich-vu-cong"]
        assert names("orderBy: null") == names()

    def test_a_search_lists_the_best_match_first_unless_told_otherwise(self, catalogue):
        # egdi has the words in its title, dich-vu-cong only in its publisher's name (and
        # benh-vien, if at all, only the first word and a prefix of the second).
        found = names('query: "chinh phu"')
        assert found[:2] == ["egdi", "dich-vu-cong"]
        assert names('query: "chinh phu", orderBy: RELEVANCE') == found
        assert names('query: "chinh phu", orderBy: NAME_ASC') == sorted(found)


class TestPagination:
    def test_walking_the_pages_with_cursors(self):
        for n in range(5):
            published(name=f"bo-{n}")
        query = """query ($after: String) {
          datasets(first: 2, after: $after, orderBy: NAME_ASC) {
            totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
            edges { cursor node { name } }
          }
        }"""
        seen, after, pages = [], None, 0
        while True:
            data = gql.data(query, {"after": after})["datasets"]
            assert data["totalCount"] == 5
            seen += [edge["node"]["name"] for edge in data["edges"]]
            pages += 1
            assert data["pageInfo"]["hasPreviousPage"] == (after is not None)
            if not data["pageInfo"]["hasNextPage"]:
                break
            after = data["pageInfo"]["endCursor"]
        assert seen == [f"bo-{n}" for n in range(5)] and pages == 3

    @pytest.mark.parametrize("first", [0, -1, 101, 1000])
    def test_page_size_outside_1_to_100_is_bad_user_input(self, first):
        error = gql.error(f"{{ datasets(first: {first}) {{ totalCount }} }}")
        assert code_of(error) == "BAD_USER_INPUT"
        assert error["extensions"]["argument"] == "first"
        assert "first must be between 1 and 100" in error["message"]

    @pytest.mark.parametrize("first", [1, 100])
    def test_page_size_bounds_are_allowed(self, first):
        published(name="mot")
        data = gql.data(f"{{ datasets(first: {first}) {{ totalCount edges {{ cursor }} }} }}")
        assert data["datasets"]["totalCount"] == 1

    @pytest.mark.parametrize(
        "cursor", ["not-a-cursor", base64.b64encode(b"arrayconnection:-3").decode()]
    )
    def test_a_cursor_the_api_did_not_issue_is_bad_user_input(self, cursor):
        error = gql.error(
            "query ($after: String) { datasets(after: $after) { totalCount } }", {"after": cursor}
        )
        assert code_of(error) == "BAD_USER_INPUT"
        assert error["extensions"]["argument"] == "after"

    def test_total_count_alone(self):
        published(name="mot")
        published(name="hai")
        assert gql.data("{ datasets { totalCount } }") == {"datasets": {"totalCount": 2}}

    def test_a_page_past_the_end_is_empty(self):
        published(name="mot")
        cursor = base64.b64encode(b"arrayconnection:40").decode()
        query = "query ($a: String) { datasets(after: $a) { totalCount edges { cursor } } }"
        assert gql.data(query, {"a": cursor}) == {"datasets": {"totalCount": 1, "edges": []}}


def preview_data(rows: int) -> dict:
    return {
        "header": ["tỉnh", "số hồ sơ", "ghi chú"],
        "rows": [[f"Tỉnh {n}", n * 1000, None if n % 2 else ""] for n in range(rows)],
    }


class TestPreview:
    QUERY = """query ($first: Int) {
      dataset(name: "xem-truoc") { resources { preview(first: $first) { header rows } } }
    }"""

    @pytest.fixture
    def table(self):
        dataset = published(name="xem-truoc", resources=0)
        ResourceFactory(dataset=dataset, data_file=DataFileFactory(preview=preview_data(100)))
        dataset.save_revision().publish()

    def preview(self, variables=None):
        result = gql.data(self.QUERY, variables)
        return result["dataset"]["resources"][0]["preview"]

    def test_ten_rows_by_default(self, table):
        preview = self.preview()
        assert preview["header"] == ["tỉnh", "số hồ sơ", "ghi chú"]
        assert len(preview["rows"]) == 10
        assert preview["rows"][1] == ["Tỉnh 1", "1000", None]

    @pytest.mark.parametrize("first", [1, 37, 100])
    def test_as_many_rows_as_asked(self, table, first):
        assert len(self.preview({"first": first})["rows"]) == first

    @pytest.mark.parametrize("first", [0, -5, 101, 10**6])
    def test_more_than_100_rows_is_bad_user_input(self, table, first):
        error = gql.error(self.QUERY, {"first": first})
        assert code_of(error) == "BAD_USER_INPUT"
        assert error["extensions"]["argument"] == "first"
        assert "between 1 and 100" in error["message"]

    def test_an_explicit_null_is_bad_user_input(self, table):
        error = gql.error(self.QUERY.replace("($first: Int)", "").replace("$first", "null"))
        assert code_of(error) == "BAD_USER_INPUT"

    def test_a_file_without_preview_has_none(self):
        dataset = published(name="xem-truoc", resources=0)
        ResourceFactory(
            dataset=dataset,
            data_file=DataFileFactory(
                original_name="bao-cao.pdf", format="PDF", preview=None, inferred_schema=None
            ),
        )
        dataset.save_revision().publish()
        assert self.preview() is None


class TestPagesDatasets:
    QUERY = """{
      news(first: 10, orderBy: TITLE_ASC) { edges { node { title datasets { name } } } }
      procedures(first: 10) { edges { node { code datasets { name publisher { code } } } } }
    }"""

    def test_news_and_procedures_list_their_public_datasets(self, site):
        news = [NewsPageFactory(parent=site["vi"].news_index, title=f"Tin {n}") for n in range(3)]
        procedure = ProcedurePageFactory(parent=site["vi"].procedure_index, code="1.001193")
        # Listed by title.
        published(name="b-hai-tin", title="A", news=news[:2], procedures=[procedure])
        published(name="a-mot-tin", title="B", news=news[:1])
        DatasetFactory(name="ban-nhap", publish=False).related_news.set(news)

        data = gql.data(self.QUERY)
        by_title = {
            edge["node"]["title"]: [d["name"] for d in edge["node"]["datasets"]]
            for edge in data["news"]["edges"]
        }
        assert by_title == {
            "Tin 0": ["b-hai-tin", "a-mot-tin"],
            "Tin 1": ["b-hai-tin"],
            "Tin 2": [],
        }
        node = data["procedures"]["edges"][0]["node"]
        assert node["datasets"][0]["name"] == "b-hai-tin"
        assert node["datasets"][0]["publisher"]["code"]

    def test_one_news_item_and_one_procedure(self, site):
        page = NewsPageFactory(parent=site["vi"].news_index, slug="tin-co-du-lieu")
        procedure = ProcedurePageFactory(parent=site["vi"].procedure_index, code="2.000001")
        published(name="du-lieu", news=[page], procedures=[procedure])
        data = gql.data(
            '{ newsItem(slug: "tin-co-du-lieu") { datasets { name resources { format } } }'
            ' procedure(code: "2.000001") { datasets { name } } }'
        )
        assert data["newsItem"]["datasets"] == [
            {"name": "du-lieu", "resources": [{"format": "CSV"}]}
        ]
        assert data["procedure"]["datasets"] == [{"name": "du-lieu"}]


def test_a_rejected_or_pending_file_is_not_a_resource():
    dataset = published(name="mot")
    ResourceFactory(
        dataset=dataset,
        data_file=DataFileFactory(status=DataFile.Status.REJECTED, error="Không phải CSV"),
    )
    ResourceFactory(dataset=dataset, data_file=DataFileFactory(status=DataFile.Status.PENDING))
    dataset.save_revision().publish()
    assert dataset.resources.count() == 3
    data = gql.data('{ dataset(name: "mot") { resources { name } } }')
    assert [r["name"] for r in data["dataset"]["resources"]] == ["Bảng số liệu 1"]


class TestBounds:
    """The depth and cost bounds of the API hold for datasets as for content."""

    def test_nested_lists_of_a_large_page_are_too_costly(self):
        query = """{ news(first: 100) { edges { node { datasets {
            resources { dataDictionary { name } } themes { slug } } } } } }"""
        error = gql.error(query)
        assert code_of(error) == "QUERY_TOO_COMPLEX"
        assert error["extensions"]["cost"] > error["extensions"]["maxCost"]

    def test_the_same_on_a_small_page_is_allowed(self, site):
        query = """{ news(first: 5) { edges { node { datasets {
            resources { dataDictionary { name } } themes { slug } } } } } }"""
        assert gql.data(query) == {"news": {"edges": []}}

    def test_too_deep_is_refused(self):
        parents = "parent { " * 8 + "code" + " }" * 8
        error = gql.error(f"{{ datasets {{ edges {{ node {{ publisher {{ {parents} }} }} }} }} }}")
        assert code_of(error) == "QUERY_TOO_COMPLEX"
        assert "levels deep" in error["message"]


class TestBadInput:
    """Strange input is a BAD_USER_INPUT naming its argument, or an empty list: never a 500."""

    @pytest.fixture(autouse=True)
    def one_dataset(self):
        published(name="mot-bo", title="Số liệu dịch vụ công", themes=[ThemeFactory()])

    @pytest.mark.parametrize(
        ("argument", "value"),
        [
            ("query", " ".join(f"tu{n}" for n in range(MAX_TERMS + 1))),
            ("query", "a" * 501),
            ("query", "dich\x00vu"),
            ("agency", "B" * 101),
            ("agency", "BTTTT\x00"),
            ("theme", "x" * 101),
            ("format", "\x00"),
            ("licence", "CC-BY-4.0\x00"),
        ],
    )
    def test_bad_filter_values(self, argument, value):
        error = gql.error(
            f"query ($v: String) {{ datasets({argument}: $v) {{ totalCount }} }}", {"v": value}
        )
        assert code_of(error) == "BAD_USER_INPUT"
        assert error["extensions"]["argument"] == argument

    def test_twenty_words_are_a_search(self):
        published(name="hai-bo", title="Số liệu " + " ".join(f"tu{n}" for n in range(20)))
        query = " ".join(f"tu{n}" for n in range(20))
        data = gql.data("query ($q: String) { datasets(query: $q) { totalCount } }", {"q": query})
        assert data == {"datasets": {"totalCount": 1}}

    @pytest.mark.parametrize("name", ["x" * 101, "ten\x00"])
    def test_bad_names(self, name):
        error = gql.error("query ($n: String) { dataset(name: $n) { title } }", {"n": name})
        assert code_of(error) == "BAD_USER_INPUT"

    @hypothesis_settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        arguments=st.dictionaries(
            st.sampled_from(["query", "agency", "theme", "format", "licence"]),
            st.text(max_size=120),
        ),
        first=st.integers(min_value=-5, max_value=150),
        order=st.sampled_from(["MODIFIED_DESC", "CREATED_DESC", "NAME_ASC", "TITLE_ASC"]),
    )
    def test_any_arguments_are_an_answer_or_bad_user_input(self, arguments, first, order):
        result = gql.post(
            "query ($q: String, $agency: String, $theme: String, $format: String,"
            " $licence: String, $first: Int, $order: DatasetOrder) {"
            " datasets(query: $q, agency: $agency, theme: $theme, format: $format,"
            " licence: $licence, first: $first, orderBy: $order) { totalCount"
            " edges { node { name resources { preview { rows } } } } } }",
            {
                "q": arguments.get("query"),
                **{k: v for k, v in arguments.items() if k != "query"},
                "first": first,
                "order": order,
            },
        )
        codes = [error["extensions"]["code"] for error in result.get("errors", [])]
        assert codes in ([], ["BAD_USER_INPUT"]), result
        if not codes:
            assert result["data"]["datasets"]["totalCount"] >= 0
