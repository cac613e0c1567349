"""Filters, ordering and pagination of the content lists, and the reference data queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cms.models import LegalDocument
from tests.factories import (
    AgencyFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    SectorFactory,
    TopicFactory,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of July 2025, Ha Noi time."""
    return datetime.datetime(2025, 7, day, hour, minute, tzinfo=HANOI)


def titles(connection: dict) -> list[str]:
    return [edge["node"]["title"] for edge in connection["edges"]]


NEWS = """
query ($agency: String, $topic: String, $dateFrom: Date, $dateTo: Date,
       $locale: Locale, $orderBy: NewsOrder, $first: Int, $after: String) {
  news(agency: $agency, topic: $topic, dateFrom: $dateFrom, dateTo: $dateTo,
       locale: $locale, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { title locale } }
  }
}
"""


@pytest.fixture
def newsroom(site):
    """Four Vietnamese news items and one English one, around midnight in Ha Noi."""
    btttt, byt = AgencyFactory(code="BTTTT"), AgencyFactory(code="BYT")
    digital, health = TopicFactory(slug="chuyen-doi-so"), TopicFactory(slug="y-te")
    index = site["vi"].news_index

    def news(title, when, agency, topics):
        return NewsPageFactory(
            parent=index, title=title, publication_date=when, agency=agency, topics=topics
        )

    news("A: đêm 30/6", at(1, 0, 30) - datetime.timedelta(hours=1), btttt, [digital])
    news("B: sáng sớm 1/7", at(1, 0, 30), btttt, [digital, health])
    news("C: khuya 1/7", at(1, 23, 30), byt, [health])
    news("D: 2/7", at(2, 9), byt, [])
    NewsPageFactory(
        parent=site["en"].news_index, title="E: in English", publication_date=at(1, 9), agency=byt
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, ["D: 2/7", "C: khuya 1/7", "B: sáng sớm 1/7", "A: đêm 30/6"]),
        ({"agency": "BTTTT"}, ["B: sáng sớm 1/7", "A: đêm 30/6"]),
        ({"agency": "byt"}, ["D: 2/7", "C: khuya 1/7"]),
        ({"agency": "KHONG-CO"}, []),
        ({"topic": "y-te"}, ["C: khuya 1/7", "B: sáng sớm 1/7"]),
        ({"topic": "chuyen-doi-so", "agency": "BTTTT"}, ["B: sáng sớm 1/7", "A: đêm 30/6"]),
        # Days are whole days in Ha Noi: 00:30 and 23:30 on 1 July both belong to 1 July,
        # though in UTC the first is still 30 June.
        ({"dateFrom": "2025-07-01", "dateTo": "2025-07-01"}, ["C: khuya 1/7", "B: sáng sớm 1/7"]),
        ({"dateFrom": "2025-07-02"}, ["D: 2/7"]),
        ({"dateTo": "2025-06-30"}, ["A: đêm 30/6"]),
        ({"locale": "EN"}, ["E: in English"]),
        ({"locale": "VI", "agency": "BYT"}, ["D: 2/7", "C: khuya 1/7"]),
        (
            {"orderBy": "PUBLICATION_DATE_ASC"},
            ["A: đêm 30/6", "B: sáng sớm 1/7", "C: khuya 1/7", "D: 2/7"],
        ),
        ({"orderBy": "TITLE_ASC"}, ["A: đêm 30/6", "B: sáng sớm 1/7", "C: khuya 1/7", "D: 2/7"]),
    ],
)
def test_news_filters_and_ordering(gql, newsroom, variables, expected):
    news = gql.data(NEWS, variables)["news"]
    assert titles(news) == expected
    assert news["totalCount"] == len(expected)


@pytest.mark.django_db
def test_news_locale_is_reported_per_item(gql, newsroom):
    news = gql.data(NEWS, {"locale": "EN"})["news"]
    assert [edge["node"]["locale"] for edge in news["edges"]] == ["EN"]


@pytest.mark.django_db
def test_pagination_walks_every_item_once_with_cursors(gql, newsroom):
    seen, after, pages = [], None, 0
    while True:
        news = gql.data(NEWS, {"first": 3, "after": after})["news"]
        pages += 1
        assert news["totalCount"] == 4
        assert news["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert news["pageInfo"]["startCursor"] == news["edges"][0]["cursor"]
        assert news["pageInfo"]["endCursor"] == news["edges"][-1]["cursor"]
        seen += titles(news)
        if not news["pageInfo"]["hasNextPage"]:
            break
        after = news["pageInfo"]["endCursor"]
    assert pages == 2
    assert seen == ["D: 2/7", "C: khuya 1/7", "B: sáng sớm 1/7", "A: đêm 30/6"]


@pytest.mark.django_db
def test_a_page_that_ends_exactly_at_the_last_item_has_no_next_page(gql, newsroom):
    news = gql.data(NEWS, {"first": 4})["news"]
    assert len(news["edges"]) == 4
    assert news["pageInfo"]["hasNextPage"] is False
    after_last = gql.data(NEWS, {"first": 4, "after": news["pageInfo"]["endCursor"]})["news"]
    assert after_last["edges"] == []
    assert after_last["pageInfo"]["hasNextPage"] is False


PROCEDURES = """
query ($agency: String, $sector: String, $applicantType: ApplicantType,
       $serviceLevel: ServiceLevel, $channel: Channel, $orderBy: ProcedureOrder) {
  procedures(agency: $agency, sector: $sector, applicantType: $applicantType,
             serviceLevel: $serviceLevel, channel: $channel, orderBy: $orderBy) {
    totalCount
    edges { node { code serviceLevel channels applicantTypes } }
  }
}
"""


@pytest.fixture
def procedures(site):
    police, justice = AgencyFactory(code="BCA"), AgencyFactory(code="BTP")
    residence, civil = SectorFactory(slug="cu-tru"), SectorFactory(slug="ho-tich")
    index = site["vi"].procedure_index
    ProcedurePageFactory(
        parent=index, code="1.000001", agency=police, sector=residence, service_level=4
    )
    ProcedurePageFactory(
        parent=index,
        code="1.000002",
        agency=justice,
        sector=civil,
        service_level=2,
        channels=["in_person", "post"],
        online_service_url="",
    )
    ProcedurePageFactory(
        parent=index,
        code="2.000003",
        agency=justice,
        sector=civil,
        service_level=3,
        applicant_types=["citizen", "business"],
        channels=["online"],
    )
    ProcedurePageFactory(
        parent=index,
        code="2.000004",
        agency=police,
        sector=residence,
        service_level=1,
        applicant_types=["organisation"],
        channels=["in_person"],
        online_service_url="",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, ["1.000001", "1.000002", "2.000003", "2.000004"]),
        ({"agency": "BCA"}, ["1.000001", "2.000004"]),
        ({"agency": "btp"}, ["1.000002", "2.000003"]),
        ({"sector": "ho-tich"}, ["1.000002", "2.000003"]),
        ({"applicantType": "BUSINESS"}, ["2.000003"]),
        ({"applicantType": "CITIZEN"}, ["1.000001", "1.000002", "2.000003"]),
        ({"serviceLevel": "LEVEL_4"}, ["1.000001"]),
        ({"channel": "ONLINE"}, ["1.000001", "2.000003"]),
        ({"channel": "POST"}, ["1.000002"]),
        ({"channel": "IN_PERSON", "agency": "BCA"}, ["1.000001", "2.000004"]),
        ({"serviceLevel": "LEVEL_3", "channel": "POST"}, []),
        ({"orderBy": "SERVICE_LEVEL_DESC"}, ["1.000001", "2.000003", "1.000002", "2.000004"]),
    ],
)
def test_procedure_filters_and_ordering(gql, procedures, variables, expected):
    result = gql.data(PROCEDURES, variables)["procedures"]
    assert [edge["node"]["code"] for edge in result["edges"]] == expected
    assert result["totalCount"] == len(expected)


@pytest.mark.django_db
def test_procedure_enums_come_back_as_enum_names(gql, procedures):
    result = gql.data(PROCEDURES, {"applicantType": "BUSINESS"})["procedures"]
    assert result["edges"][0]["node"] == {
        "code": "2.000003",
        "serviceLevel": "LEVEL_3",
        "channels": ["ONLINE"],
        "applicantTypes": ["CITIZEN", "BUSINESS"],
    }


@pytest.mark.django_db
def test_agencies_with_parent_and_children(gql):
    government = AgencyFactory(code="CP", name="Chính phủ", kind="government")
    ministry = AgencyFactory(code="BTTTT", name="Bộ Thông tin", kind="ministry", parent=government)
    AgencyFactory(code="CDS", name="Cục Chuyển đổi số", kind="unit", parent=ministry)
    query = """query ($kind: AgencyKind) { agencies(kind: $kind, first: 100) { totalCount
        edges { node { code kind parent { code } children { code children { code } } } } } }"""
    nodes = {
        edge["node"]["code"]: edge["node"]
        for edge in gql.data(query)["agencies"]["edges"]
        if edge["node"]["code"] in {"CP", "BTTTT", "CDS"}
    }
    assert nodes["CP"] == {
        "code": "CP",
        "kind": "GOVERNMENT",
        "parent": None,
        "children": [{"code": "BTTTT", "children": [{"code": "CDS"}]}],
    }
    assert nodes["CDS"]["parent"] == {"code": "BTTTT"}
    assert nodes["CDS"]["children"] == []
    ministries = gql.data(query, {"kind": "MINISTRY"})["agencies"]
    assert [edge["node"]["code"] for edge in ministries["edges"]] == ["BTTTT"]

    # Codes are matched whatever their case.
    assert gql.data('{ agency(code: "btttt") { code } }') == {"agency": {"code": "BTTTT"}}


@pytest.mark.django_db
def test_legal_documents_by_type_and_issuer_and_number(gql):
    pm, government = AgencyFactory(code="TTG"), AgencyFactory(code="CP")
    LegalDocumentFactory(
        number="942/QĐ-TTg",
        document_type=LegalDocument.DocumentType.DECISION,
        issuer=pm,
        signed_on=datetime.date(2021, 6, 15),
    )
    LegalDocumentFactory(
        number="45/2020/NĐ-CP",
        document_type=LegalDocument.DocumentType.DECREE,
        issuer=government,
        signed_on=datetime.date(2020, 4, 8),
    )
    LegalDocumentFactory(
        number="06/QĐ-TTg",
        document_type=LegalDocument.DocumentType.DECISION,
        issuer=pm,
        signed_on=datetime.date(2022, 1, 6),
    )
    query = """query ($type: LegalDocumentType, $issuer: String) {
        legalDocuments(type: $type, issuer: $issuer) {
        totalCount edges { node { number type issuer { code } } } } }"""

    def numbers(**variables):
        result = gql.data(query, variables)["legalDocuments"]
        assert result["totalCount"] == len(result["edges"])
        return [edge["node"]["number"] for edge in result["edges"]]

    # Newest signature first.
    assert numbers() == ["06/QĐ-TTg", "942/QĐ-TTg", "45/2020/NĐ-CP"]
    assert numbers(type="DECISION") == ["06/QĐ-TTg", "942/QĐ-TTg"]
    assert numbers(issuer="cp") == ["45/2020/NĐ-CP"]
    assert numbers(type="DECREE", issuer="TTG") == []

    by_number = """query ($number: String!) {
        legalDocument(number: $number) { number type signedOn issuer { code } } }"""
    expected = {
        "number": "942/QĐ-TTg",
        "type": "DECISION",
        "signedOn": "2021-06-15",
        "issuer": {"code": "TTG"},
    }
    for spelling in ["942/QĐ-TTg", "942/qđ-ttg", " 942 / QĐ-TTG "]:
        assert gql.data(by_number, {"number": spelling})["legalDocument"] == expected
