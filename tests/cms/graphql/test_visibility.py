"""Nothing that is not live and public is ever returned, whichever way a client reaches it.

Every editorial state of a page, crossed with every way the API can lead to a page: the lists,
the single-item queries, a page's translations, a StreamField link and a rich-text link. The
"live" state is the control: each way does return an ordinary published page.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import NewsPage
from tests.factories import EditorFactory, NewsPageFactory, ProcedurePageFactory, paragraph


@dataclass(frozen=True)
class Target:
    """What a client could know of a page, kept from before it was (maybe) deleted."""

    pk: int
    slug: str
    public_path: str
    translation_key: str
    code: str = ""


def public_path(page) -> str:
    # Page.url_path starts with the locale's home ("/trang-chu/..."); the public path does
    # not, and English pages are served under /en/.
    parts = page.url_path.strip("/").split("/")[1:]
    prefix = "/en" if page.locale.language_code == "en" else ""
    return prefix + "/" + "/".join(parts) + "/"


def target_of(page) -> Target:
    return Target(
        pk=page.pk,
        slug=page.slug,
        public_path=public_path(page),
        translation_key=str(page.translation_key),
        code=getattr(page, "code", ""),
    )


# States. Each makes a page with ``make(parent=..., **fields)`` under ``index`` (or under a
# section beside it) and leaves it in that state.


def live(make, index):
    return make(parent=index)


def draft(make, index):
    return make(parent=index, publish=False)


def in_moderation(make, index):
    page = make(parent=index, publish=False)
    editor = EditorFactory()
    page.get_workflow().start(page, editor)
    assert page.workflow_in_progress
    return page


def scheduled(make, index):
    page = make(parent=index, go_live_at=timezone.now() + timedelta(days=7))
    assert not page.live and page.get_latest_revision().approved_go_live_at
    return page


def _past_expiry(make, index):
    page = make(parent=index)
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(hours=1))
    page.refresh_from_db()
    return page


def expired_before_publish_scheduled(make, index):
    page = _past_expiry(make, index)
    assert page.live  # Wagtail has not unpublished it yet
    return page


def expired_after_publish_scheduled(make, index):
    page = _past_expiry(make, index)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired
    return page


def unpublished(make, index):
    page = make(parent=index)
    page.unpublish()
    return page


def view_restricted(make, index):
    page = make(parent=index)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )
    return page


def view_restricted_ancestor(make, index):
    section = index.get_parent().add_child(
        instance=type(index)(title="Chuyên mục nội bộ", slug=f"noi-bo-{index.pk}")
    )
    section.save_revision().publish()
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    return make(parent=section)


def deleted(make, index):
    page = make(parent=index)
    target = target_of(page)  # as a client saw it while it was published
    page.delete()
    return target


STATES = {
    "draft": draft,
    "in moderation": in_moderation,
    "scheduled": scheduled,
    "expired, before publish_scheduled": expired_before_publish_scheduled,
    "expired, after publish_scheduled": expired_after_publish_scheduled,
    "unpublished": unpublished,
    "view-restricted": view_restricted,
    "view-restricted ancestor": view_restricted_ancestor,
    "deleted": deleted,
}


# Ways to reach a page. Each returns whether the target came back.


def _found_by(gql, query: str, field: str, variables: dict) -> bool:
    result = gql.post(query, variables)
    if result.get("errors"):
        assert [error["extensions"]["code"] for error in result["errors"]] == ["NOT_FOUND"]
        assert result["data"] is None or result["data"][field] is None
        return False
    return result["data"][field] is not None


def news_list(gql, target, site):
    data = gql.data("{ news(first: 100) { totalCount edges { node { id } } } }")
    ids = [edge["node"]["id"] for edge in data["news"]["edges"]]
    assert data["news"]["totalCount"] == len(ids)
    return str(target.pk) in ids


def news_item_by_id(gql, target, site):
    query = "query ($id: ID!) { newsItem(id: $id) { id } }"
    return _found_by(gql, query, "newsItem", {"id": str(target.pk)})


def news_item_by_slug(gql, target, site):
    query = "query ($slug: String!) { newsItem(slug: $slug) { id } }"
    return _found_by(gql, query, "newsItem", {"slug": target.slug})


def news_item_by_url_path(gql, target, site):
    query = "query ($path: String!) { newsItem(urlPath: $path) { id } }"
    return _found_by(gql, query, "newsItem", {"path": target.public_path})


def procedures_list(gql, target, site):
    data = gql.data("{ procedures(first: 100) { totalCount edges { node { id } } } }")
    ids = [edge["node"]["id"] for edge in data["procedures"]["edges"]]
    assert data["procedures"]["totalCount"] == len(ids)
    return str(target.pk) in ids


def procedure_by_code(gql, target, site):
    query = "query ($code: String!) { procedure(code: $code) { id } }"
    return _found_by(gql, query, "procedure", {"code": target.code})


def procedure_by_slug(gql, target, site):
    query = "query ($slug: String!) { procedure(slug: $slug) { id } }"
    return _found_by(gql, query, "procedure", {"slug": target.slug})


def translations(gql, target, site):
    # The live Vietnamese page was made first (see ``make_target``); the target is its
    # English translation.
    source = NewsPage.objects.get(
        translation_key=target.translation_key, locale__language_code="vi"
    )
    query = "query ($id: ID!) { newsItem(id: $id) { translations { id locale } } }"
    data = gql.data(query, {"id": str(source.pk)})
    return str(target.pk) in [page["id"] for page in data["newsItem"]["translations"]]


def news_linking(site, block: dict):
    """A live news item whose body is ``block``, stored as is: a link to a page deleted
    since is what an editor's news holds, though the admin would not let it be saved now."""
    news = NewsPageFactory(parent=site["vi"].news_index)
    NewsPage.objects.filter(pk=news.pk).update(body=[block])
    assert NewsPage.objects.get(pk=news.pk).body.raw_data[0]["value"] == block["value"]
    return news


def procedure_link_block(gql, target, site):
    block = {"type": "procedure", "value": {"procedure": target.pk, "label": "Xem thủ tục"}}
    news = news_linking(site, block)
    query = """query ($id: ID!) { newsItem(id: $id) { body {
        ... on ProcedureLinkBlock { label procedure { id code } } } } }"""
    [link] = gql.data(query, {"id": str(news.pk)})["newsItem"]["body"]
    assert link["label"] == "Xem thủ tục"
    return link["procedure"] is not None


def rich_text_link(gql, target, site):
    block = paragraph(f'<p>Đọc <a linktype="page" id="{target.pk}">bài liên quan</a>.</p>')
    news = news_linking(site, block)
    query = """query ($id: ID!) { newsItem(id: $id) { body {
        ... on ParagraphBlock { html text } } } }"""
    [block] = gql.data(query, {"id": str(news.pk)})["newsItem"]["body"]
    assert block["text"] == "Đọc bài liên quan."
    assert "bài liên quan</a>" in block["html"]
    return "href=" in block["html"]


# (way, kind of page it leads to, locale of that page)
WAYS = {
    "news list": (news_list, "news", "vi"),
    "newsItem(id:)": (news_item_by_id, "news", "vi"),
    "newsItem(slug:)": (news_item_by_slug, "news", "vi"),
    "newsItem(urlPath:)": (news_item_by_url_path, "news", "vi"),
    "procedures list": (procedures_list, "procedure", "vi"),
    "procedure(code:)": (procedure_by_code, "procedure", "vi"),
    "procedure(slug:)": (procedure_by_slug, "procedure", "vi"),
    "translations": (translations, "news", "en"),
    "ProcedureLinkBlock": (procedure_link_block, "procedure", "vi"),
    "rich-text link": (rich_text_link, "news", "vi"),
}

FACTORIES = {"news": NewsPageFactory, "procedure": ProcedurePageFactory}


def make_target(site, state, kind: str, locale: str) -> Target:
    factory = FACTORIES[kind]
    index = site[locale].news_index if kind == "news" else site[locale].procedure_index
    fields = {}
    if locale != "vi":
        # A translation of a live Vietnamese page: same translation key, English tree.
        vi_index = site["vi"].news_index if kind == "news" else site["vi"].procedure_index
        fields["translation_key"] = factory(parent=vi_index).translation_key

    page = state(lambda **kwargs: factory(**fields, **kwargs), index)
    return page if isinstance(page, Target) else target_of(page)


@pytest.mark.django_db
@pytest.mark.parametrize("way", WAYS)
def test_live_pages_are_found_every_way(gql, site, way):
    check, kind, locale = WAYS[way]
    target = make_target(site, live, kind, locale)
    assert check(gql, target, site)


@pytest.mark.django_db
@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("state", STATES)
def test_pages_not_live_and_public_are_never_returned(gql, site, state, way):
    check, kind, locale = WAYS[way]
    target = make_target(site, STATES[state], kind, locale)
    assert not check(gql, target, site)
