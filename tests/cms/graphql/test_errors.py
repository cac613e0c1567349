"""Bad input and missing things are GraphQL errors with an ``extensions.code``, never a 500."""

import base64

import pytest

from tests.factories import ImageFactory, NewsPageFactory


def code_of(error: dict) -> str:
    return error["extensions"]["code"]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["news", "procedures", "agencies", "topics", "legalDocuments"])
@pytest.mark.parametrize("first", [0, -1, 101])
def test_page_size_outside_1_to_100_is_bad_user_input(gql, field, first):
    error = gql.error(f"{{ {field}(first: {first}) {{ totalCount }} }}")
    assert code_of(error) == "BAD_USER_INPUT"
    assert "first must be between 1 and 100" in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("first", [1, 100])
def test_page_size_bounds_are_allowed(gql, first):
    assert gql.data(f"{{ news(first: {first}) {{ totalCount }} }}") == {"news": {"totalCount": 0}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        base64.b64encode(b"arrayconnection:-3").decode(),
        base64.b64encode(b"arrayconnection:abc").decode(),
    ],
)
def test_a_cursor_the_api_did_not_issue_is_bad_user_input(gql, cursor):
    error = gql.error(
        "query ($after: String) { news(after: $after) { totalCount } }", {"after": cursor}
    )
    assert code_of(error) == "BAD_USER_INPUT"
    assert error["extensions"].get("argument") == "after"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [
        "",
        'id: "1", slug: "a"',
        'slug: "a", urlPath: "/tin-chinh-sach/a/"',
        'id: "1", slug: "a", urlPath: "/a/"',
    ],
)
def test_news_item_needs_exactly_one_of_id_slug_url_path(gql, arguments):
    query = f"{{ newsItem{f'({arguments})' if arguments else ''} {{ id }} }}"
    error = gql.error(query)
    assert code_of(error) == "BAD_USER_INPUT"
    assert "exactly one of id, slug or urlPath" in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("arguments", ["", 'code: "1.001193", slug: "dang-ky"'])
def test_procedure_needs_exactly_one_of_code_slug(gql, arguments):
    query = f"{{ procedure{f'({arguments})' if arguments else ''} {{ id }} }}"
    assert code_of(gql.error(query)) == "BAD_USER_INPUT"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ('{ newsItem(id: "987654") { id } }', "newsItem"),
        ('{ newsItem(slug: "khong-co-bai-nay") { id } }', "newsItem"),
        ('{ newsItem(urlPath: "/tin-chinh-sach/khong-co/") { id } }', "newsItem"),
        ('{ procedure(code: "9.999999") { id } }', "procedure"),
        ('{ procedure(slug: "khong-co") { id } }', "procedure"),
        ('{ agency(code: "KHONG-CO") { code } }', "agency"),
        ('{ legalDocument(number: "1/QĐ-KHONG") { number } }', "legalDocument"),
    ],
)
def test_not_found_is_an_error_with_null_data(gql, site, query, field):
    error = gql.error(query)
    assert code_of(error) == "NOT_FOUND"
    assert error["path"] == [field]
    assert error["result"]["data"] == {field: None}


@pytest.mark.django_db
def test_a_non_numeric_id_is_bad_user_input(gql):
    assert code_of(gql.error('{ newsItem(id: "abc") { id } }')) == "BAD_USER_INPUT"


@pytest.mark.django_db
def test_a_date_range_that_ends_before_it_starts_is_bad_user_input(gql):
    error = gql.error('{ news(dateFrom: "2025-07-02", dateTo: "2025-07-01") { totalCount } }')
    assert code_of(error) == "BAD_USER_INPUT"
    assert "dateFrom" in error["message"]
    # One day is a valid range.
    data = gql.data('{ news(dateFrom: "2025-07-01", dateTo: "2025-07-01") { totalCount } }')
    assert data == {"news": {"totalCount": 0}}


@pytest.fixture
def news_with_image(site):
    return NewsPageFactory(parent=site["vi"].news_index, hero_image=ImageFactory())


@pytest.mark.django_db
@pytest.mark.parametrize("width", [0, 100, 321, 5000])
def test_a_rendition_width_not_allowed_is_bad_user_input(gql, news_with_image, width):
    query = """query ($id: ID!, $w: Int!) {
        newsItem(id: $id) { heroImage { rendition(width: $w) { url } } } }"""
    error = gql.error(query, {"id": str(news_with_image.pk), "w": width})
    assert code_of(error) == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "width"
    assert "320" in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "widths", [[], [320, 123], [160, 320, 480, 640, 800, 960, 1200, 1600, 320]]
)
def test_a_src_set_with_widths_not_allowed_is_bad_user_input(gql, news_with_image, widths):
    query = (
        "query ($id: ID!, $w: [Int!]!) { newsItem(id: $id) { heroImage { srcSet(widths: $w) } } }"
    )
    error = gql.error(query, {"id": str(news_with_image.pk), "w": widths})
    assert code_of(error) == "BAD_USER_INPUT"


@pytest.mark.django_db
def test_allowed_renditions_and_src_set(gql, news_with_image):
    query = """query ($id: ID!) { newsItem(id: $id) { heroImage {
        width height rendition(width: 160) { url width height } srcSet(widths: [160, 320]) } } }"""
    image = gql.data(query, {"id": str(news_with_image.pk)})["newsItem"]["heroImage"]
    # Never scaled up: the factory's image is 8 pixels wide.
    assert image["rendition"]["width"] == image["width"] == 8
    assert image["rendition"]["url"].startswith("http://testserver/media/images/")
    first, second = image["srcSet"].split(", ")
    assert first.endswith(" 8w") and second.endswith(" 8w")


def test_an_image_whose_file_is_missing_has_no_rendition_and_no_error(client, site):
    from tests.factories import ImageFactory, NewsPageFactory

    image = ImageFactory()
    page = NewsPageFactory(parent=site["vi"].news_index, hero_image=image)
    image.file.storage.delete(image.file.name)
    query = (
        "query ($id: ID) { newsItem(id: $id) { heroImage { title "
        "rendition(width: 320) { url } srcSet(widths: [320]) } } }"
    )
    response = client.post(
        "/graphql/",
        {"query": query, "variables": {"id": str(page.pk)}},
        content_type="application/json",
    )
    result = response.json()
    assert "errors" not in result, result
    assert result["data"]["newsItem"]["heroImage"]["rendition"] is None
    assert result["data"]["newsItem"]["heroImage"]["srcSet"] == ""
