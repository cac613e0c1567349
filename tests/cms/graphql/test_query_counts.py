"""SQL queries per request do not grow with the page size of a list.

Each list is asked for with every field that needs another table (agency, topics, images and
their renditions, documents, linked pages, legal documents and their issuers), once with
``first: 5`` and once with ``first: 50``: both must run the same, small, number of queries.
"""

from types import SimpleNamespace

import pytest
from django.db import connection as connection_for_queries
from django.test.utils import CaptureQueriesContext

from cms.models import ProcedurePage
from tests.factories import (
    AgencyFactory,
    DocumentFactory,
    ImageFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    SectorFactory,
    TopicFactory,
    news_body,
    paragraph,
)

MAX_QUERIES = 12
PAGES = 55
EMBED_URL = "https://www.youtube.com/watch?v=minhbach"

NEWS_QUERY = """
query News($first: Int!) {
  news(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id title urlPath url locale summary publicationDate
        agency { code name }
        topics { slug name }
        heroImage { altText rendition(width: 320) { url width height } }
        legalDocuments { number type signedOn }
        body {
          __typename
          ... on ParagraphBlock { id html text }
          ... on HeadingBlock { text level }
          ... on QuoteBlock { quote attribution }
          ... on ImageBlock { altText caption image { rendition(width: 320) { url } } }
          ... on TableBlock { caption columns { type heading } rows }
          ... on StatisticBlock { label value unit }
          ... on DocumentBlock { title document { url fileExtension } }
          ... on ProcedureLinkBlock { label procedure { code url } }
          ... on EmbedBlock { url }
        }
      }
    }
  }
}
"""

# The same, and every further relation a client may follow: these add a query or two each
# (the next generation of agencies, the translations), but still not one per row.
NEWS_QUERY_EVERY_RELATION = NEWS_QUERY.replace(
    "agency { code name }", "agency { code name parent { code } }"
).replace(
    "legalDocuments { number type signedOn }",
    "legalDocuments { number type signedOn issuer { code parent { code } } }\n"
    "        translations { id title url }",
)

PROCEDURES_QUERY = """
query Procedures($first: Int!) {
  procedures(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id code title urlPath locale
        agency { code name }
        sector { slug name }
        applicantTypes serviceLevel channels onlineServiceUrl
        steps { title description }
        requiredDocuments { name form copies template { url title } }
        fees { amountVnd description isFree }
        isFree
        processingTime { value unit }
        result
        legalBasis { number issuer { code } }
      }
    }
  }
}
"""

PROCEDURES_QUERY_EVERY_RELATION = PROCEDURES_QUERY.replace(
    "agency { code name }", "agency { code name parent { code } children { code } }"
).replace(
    "legalBasis { number issuer { code } }",
    "legalBasis { number issuer { code parent { code } } }\n        translations { id title }",
)


@pytest.fixture
def no_network_embeds(monkeypatch):
    # Saving a page validates its embed blocks by fetching them; the API only reads the URL.
    monkeypatch.setattr(
        "wagtail.embeds.embeds.get_embed",
        lambda *args, **kwargs: SimpleNamespace(html="<iframe></iframe>", type="video"),
    )


def linked_paragraph(page, document) -> dict:
    return paragraph(
        f'<p>Xem <a linktype="page" id="{page.pk}">thủ tục</a> và '
        f'<a linktype="document" id="{document.pk}">mẫu tờ khai</a>.</p>'
    )


def rich_text_table(page) -> dict:
    return {
        "type": "table",
        "value": {
            "caption": "Thủ tục liên quan",
            "columns": [{"type": "rich_text", "heading": "Thủ tục"}],
            "rows": [{"values": [f'<p><a linktype="page" id="{page.pk}">Xem</a></p>']}],
        },
    }


@pytest.fixture
def many_news(site, no_network_embeds):
    parent_agency = AgencyFactory(code="CP")
    topics = TopicFactory.create_batch(3)
    news = []
    for n in range(PAGES):
        procedure = ProcedurePageFactory(parent=site["vi"].procedure_index)
        document = DocumentFactory()
        body = [
            *news_body(image=ImageFactory(), document=document, procedure=procedure),
            linked_paragraph(procedure, document),
            rich_text_table(procedure),
            {"type": "embed", "value": EMBED_URL},
        ]
        page = NewsPageFactory(
            parent=site["vi"].news_index,
            agency=AgencyFactory(parent=parent_agency),
            hero_image=ImageFactory(),
            body=body,
            topics=topics[: 1 + n % 3],
            legal_documents=LegalDocumentFactory.create_batch(2),
        )
        news.append(page)
    return news


@pytest.fixture
def many_procedures(site):
    parent_agency = AgencyFactory(code="CP")
    procedures = []
    for _n in range(PAGES):
        page = ProcedurePageFactory(
            parent=site["vi"].procedure_index,
            agency=AgencyFactory(parent=parent_agency),
            sector=SectorFactory(),
            required_documents=[
                {
                    "type": "document",
                    "value": {
                        "name": "Tờ khai",
                        "form": "original",
                        "copies": 1,
                        "template": DocumentFactory().pk,
                    },
                },
                {
                    "type": "document",
                    "value": {"name": "Giấy chứng sinh", "form": "copy", "copies": 2},
                },
            ],
            legal_basis=LegalDocumentFactory.create_batch(2),
        )
        procedures.append(page)
    return procedures


def measure(gql, query, connection, first):
    with CaptureQueriesContext(connection_for_queries) as queries:
        data = gql.data(query, {"first": first})
    assert len(data[connection]["edges"]) == first
    return data, queries


def assert_constant_queries(gql, query, connection, max_queries=None):
    """Run ``query`` with first 5 and 50: the same number of queries, at most ``max_queries``.

    Returns the data of the first 50 and the number of queries.
    """
    # Warm up once, with a page size not measured below: image renditions are generated
    # (and stored) by the first request that asks for them, Django caches content types
    # and Wagtail the site's root paths; none of that is a per-request cost.
    warm = gql.data(query, {"first": 100})
    assert len(warm[connection]["edges"]) == PAGES

    _small, five = measure(gql, query, connection, 5)
    large, fifty = measure(gql, query, connection, 50)
    sql = "\n".join(q["sql"][:300] for q in fifty.captured_queries)
    assert len(fifty) == len(five), f"first 5: {len(five)} queries, first 50: {len(fifty)}\n{sql}"
    if max_queries is not None:
        assert len(fifty) <= max_queries, f"{len(fifty)} queries:\n{sql}"
    return large, len(fifty)


@pytest.mark.django_db
def test_news_list_queries_do_not_grow_with_page_size(gql, many_news):
    data, count = assert_constant_queries(gql, NEWS_QUERY, "news", MAX_QUERIES)
    print(f"news: {count} queries")
    _data, count = assert_constant_queries(gql, NEWS_QUERY_EVERY_RELATION, "news")
    print(f"news with every relation: {count} queries")
    node = data["news"]["edges"][0]["node"]
    # Every field was really resolved, not left null by a loader that found nothing.
    assert node["topics"]
    assert node["heroImage"]["rendition"]["url"].endswith(".png")
    assert [doc["number"] for doc in node["legalDocuments"]]
    by_type = {block["__typename"]: block for block in node["body"]}
    assert set(by_type) == {
        "ParagraphBlock",
        "HeadingBlock",
        "QuoteBlock",
        "ImageBlock",
        "TableBlock",
        "StatisticBlock",
        "DocumentBlock",
        "ProcedureLinkBlock",
        "EmbedBlock",
    }
    assert by_type["ImageBlock"]["image"]["rendition"]["url"]
    assert by_type["DocumentBlock"]["document"]["url"].startswith("http://testserver/documents/")
    assert by_type["ProcedureLinkBlock"]["procedure"]["code"]
    linked = [block["html"] for block in node["body"] if "href" in block.get("html", "")]
    assert linked and "/thu-tuc-hanh-chinh/" in linked[0] and "/documents/" in linked[0]


@pytest.mark.django_db
def test_procedure_list_queries_do_not_grow_with_page_size(gql, many_procedures):
    data, count = assert_constant_queries(gql, PROCEDURES_QUERY, "procedures", MAX_QUERIES)
    print(f"procedures: {count} queries")
    _data, count = assert_constant_queries(gql, PROCEDURES_QUERY_EVERY_RELATION, "procedures")
    print(f"procedures with every relation: {count} queries")
    node = data["procedures"]["edges"][0]["node"]
    assert node["agency"]["code"]
    assert node["sector"]["slug"]
    assert node["requiredDocuments"][0]["template"]["url"].startswith("http://testserver/")
    assert node["requiredDocuments"][1]["template"] is None
    assert [doc["issuer"]["code"] for doc in node["legalBasis"]]
    assert node["steps"] and node["fees"] and node["processingTime"]["value"] == 3
    assert ProcedurePage.objects.live().count() == PAGES
