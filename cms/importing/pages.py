"""Import of news and procedure records as Wagtail pages, with revisions and scheduling."""

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Locale, Page

from cms.importing import references
from cms.importing.errors import RecordError
from cms.importing.reference_data import check_fields, import_legal_document
from cms.importing.streams import build_stream, news_body_block
from cms.models import (
    NewsPage,
    NewsPageLegalDocument,
    NewsPageTopic,
    ProcedurePage,
    ProcedurePageLegalDocument,
    Sector,
    Topic,
    chosen_links,
)
from cms.site_structure import LocaleRoots
from core.text import vietnamese_slugify

PAGE_FIELDS = {
    "type",
    "locale",
    "slug",
    "title",
    "translation_of",
    "live",
    "go_live_at",
    "expire_at",
    "seo_title",
    "search_description",
}
NEWS_FIELDS = PAGE_FIELDS | {
    "summary",
    "publication_date",
    "agency",
    "topics",
    "legal_documents",
    "hero_image",
    "body",
}
PROCEDURE_FIELDS = PAGE_FIELDS | {
    "code",
    "agency",
    "sector",
    "applicant_types",
    "service_level",
    "channels",
    "steps",
    "required_documents",
    "processing_time",
    "fees",
    "result",
    "legal_basis",
    "online_service_url",
}
STEP_FIELDS = {"title", "description"}
REQUIRED_DOCUMENT_FIELDS = {"name", "form", "copies", "template"}
FEE_FIELDS = {"amount_vnd", "description", "note"}


def parse_moment(value: Any, field: str) -> datetime | None:
    """ISO 8601 date-time (or date), read in the site's time zone when it has none."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"{field}: expected an ISO 8601 date-time, got {value!r}")
    moment = parse_datetime(value)
    if moment is None and (day := parse_date(value)) is not None:
        moment = datetime(day.year, day.month, day.day)
    if moment is None:
        raise RecordError(f"{field}: expected an ISO 8601 date-time, got {value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _list(data: dict, field: str) -> list:
    value = data.get(field, [])
    if not isinstance(value, list):
        raise RecordError(f"{field}: expected a list")
    return value


def _objects(items: list, field: str, allowed: set[str]) -> list[dict]:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise RecordError(f"{field}[{index}]: expected an object")
        check_fields(item, allowed, set(), f"{field}[{index}]")
    return items


class PageImporter:
    """What news and procedures share: locale, parent, matching, translation, publishing."""

    model: type[Page]
    allowed_fields: set[str]
    required_fields: set[str]

    def __init__(self, roots: dict[str, LocaleRoots], on_existing: str) -> None:
        self.roots = roots
        self.on_existing = on_existing

    def parent(self, roots: LocaleRoots) -> Page:
        raise NotImplementedError

    def find_existing(self, data: dict, locale: Locale) -> Page | None:
        raise NotImplementedError

    def find_source(self, reference: Any, locale: Locale) -> Page | None:
        raise NotImplementedError

    def fill(self, page: Page, data: dict, locale: Locale) -> None:
        raise NotImplementedError

    def run(self, data: dict) -> tuple[Page, str]:
        check_fields(data, self.allowed_fields, self.required_fields)
        language = data.get("locale", "vi")
        if language not in self.roots:
            raise RecordError(f"locale: unknown language {language!r}")
        roots = self.roots[language]
        page = self.find_existing(data, roots.locale)
        fresh_translation = page is None and bool(data.get("translation_of"))
        if fresh_translation:
            page = self.translate(data["translation_of"], roots.locale)
            action = "created"
        elif page is not None:
            if self.on_existing == "skip":
                return page, "skipped"
            action = "updated"
        else:
            action = "created"
        new = page is None
        if new:
            page = self.model(locale=roots.locale)
        page.title = data["title"]
        parent = page.get_parent() if not new else self.parent(roots)
        if data.get("slug"):
            page.slug = data["slug"]
            if not _slug_is_free(parent, page.slug, page):
                raise RecordError(f"slug: {page.slug!r} is used by another page under {parent}")
        elif new or fresh_translation:
            # A translation's copy carries its source's slug; its own title makes a better one.
            page.slug = _free_slug(parent, vietnamese_slugify(page.title), page)
        page.seo_title = data.get("seo_title", "")
        page.search_description = data.get("search_description", "")
        page.go_live_at = parse_moment(data.get("go_live_at"), "go_live_at")
        page.expire_at = parse_moment(data.get("expire_at"), "expire_at")
        self.fill(page, data, roots.locale)
        if new:
            page.live = False
            # Wagtail validates a draft's title and slug only; validate it all, as the
            # editor's form does. The tree sets path and depth on add_child.
            page.full_clean(exclude=["path", "depth"])
            parent.add_child(instance=page)
        else:
            page.full_clean()
        self.publish(page, data.get("live", True))
        return page, action

    def translate(self, reference: Any, locale: Locale) -> Page:
        source = self.find_source(reference, Locale.get_default())
        if source is None:
            raise RecordError(f"translation_of: nothing to translate matches {reference!r}")
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        return source.copy_for_translation(locale).specific

    def publish(self, page: Page, live: Any) -> None:
        if not isinstance(live, bool):
            raise RecordError("live: expected true or false")
        revision = page.save_revision(log_action=True)
        if live:
            # With a future go_live_at, Wagtail keeps the revision as scheduled.
            revision.publish()


class NewsImporter(PageImporter):
    model = NewsPage
    allowed_fields = NEWS_FIELDS
    required_fields = {"title", "summary", "publication_date", "agency", "body"}

    def parent(self, roots: LocaleRoots) -> Page:
        return roots.news_index

    def find_existing(self, data: dict, locale: Locale) -> NewsPage | None:
        slug = data.get("slug") or vietnamese_slugify(data["title"])
        found = NewsPage.objects.filter(locale=locale, slug=slug).first()
        if found is None and data.get("translation_of"):
            source = self.find_source(data["translation_of"], Locale.get_default())
            found = source and source.get_translation_or_none(locale)
        return found.specific if found else None

    def find_source(self, reference: Any, locale: Locale) -> NewsPage | None:
        return NewsPage.objects.filter(locale=locale, slug=reference).first()

    def fill(self, page: NewsPage, data: dict, locale: Locale) -> None:
        page.summary = data["summary"]
        page.publication_date = parse_moment(data["publication_date"], "publication_date")
        page.agency = references.agency(data["agency"], "agency")
        topics = [
            references.term(Topic, name, f"topics[{index}]")
            for index, name in enumerate(_list(data, "topics"))
        ]
        page.topic_links = chosen_links(NewsPageTopic, "topic", _once(topics))
        documents = _once(_legal_documents(data, "legal_documents"))
        page.legal_document_links = chosen_links(NewsPageLegalDocument, "legal_document", documents)
        page.hero_image_id = (
            references.image_id(data["hero_image"], "hero_image")
            if data.get("hero_image")
            else None
        )
        body = [
            news_body_block(block, f"body[{index}]", locale)
            for index, block in enumerate(_list(data, "body"))
        ]
        page.body = build_stream(NewsPage.body.field.stream_block, body, "body")


class ProcedureImporter(PageImporter):
    model = ProcedurePage
    allowed_fields = PROCEDURE_FIELDS
    required_fields = {
        "code",
        "title",
        "agency",
        "sector",
        "applicant_types",
        "service_level",
        "channels",
        "steps",
        "processing_time",
        "fees",
        "result",
    }

    def parent(self, roots: LocaleRoots) -> Page:
        return roots.procedure_index

    def find_existing(self, data: dict, locale: Locale) -> ProcedurePage | None:
        return ProcedurePage.objects.filter(locale=locale, code=data["code"]).first()

    def find_source(self, reference: Any, locale: Locale) -> ProcedurePage | None:
        return ProcedurePage.objects.filter(locale=locale, code=reference).first()

    def fill(self, page: ProcedurePage, data: dict, locale: Locale) -> None:
        page.code = str(data["code"]).strip()
        page.agency = references.agency(data["agency"], "agency")
        page.sector = references.term(Sector, data["sector"], "sector")
        page.applicant_types = _list(data, "applicant_types")
        page.service_level = data["service_level"]
        page.channels = _list(data, "channels")
        page.online_service_url = data.get("online_service_url", "")
        page.result = data["result"]
        basis = _once(_legal_documents(data, "legal_basis"))
        page.legal_basis_links = chosen_links(ProcedurePageLegalDocument, "legal_document", basis)

        processing = data["processing_time"]
        if not isinstance(processing, dict):
            raise RecordError("processing_time: expected {'value': n, 'unit': ...}")
        check_fields(processing, {"value", "unit"}, {"value"}, "processing_time")
        page.processing_time_value = processing["value"]
        page.processing_time_unit = processing.get("unit", ProcedurePage.TimeUnit.WORKING_DAYS)

        steps = _objects(_list(data, "steps"), "steps", STEP_FIELDS)
        page.steps = build_stream(
            ProcedurePage.steps.field.stream_block,
            [{"type": "step", "value": step} for step in steps],
            "steps",
        )
        documents = []
        for index, item in enumerate(
            _objects(
                _list(data, "required_documents"), "required_documents", REQUIRED_DOCUMENT_FIELDS
            )
        ):
            item = dict(item)
            if item.get("template"):
                item["template"] = references.document_id(
                    item["template"], f"required_documents[{index}].template"
                )
            documents.append({"type": "document", "value": item})
        page.required_documents = build_stream(
            ProcedurePage.required_documents.field.stream_block, documents, "required_documents"
        )
        fees = _objects(_list(data, "fees"), "fees", FEE_FIELDS)
        page.fees = build_stream(
            ProcedurePage.fees.field.stream_block,
            [{"type": "fee", "value": fee} for fee in fees],
            "fees",
        )


def _slug_is_free(parent: Page, slug: str, page: Page) -> bool:
    siblings = parent.get_children().filter(slug=slug)
    if page.pk:
        siblings = siblings.exclude(pk=page.pk)
    return not siblings.exists()


def _free_slug(parent: Page, base: str, page: Page) -> str:
    """The transliterated title, with -2, -3... when a sibling already has it."""
    candidate, suffix = base, 1
    while not _slug_is_free(parent, candidate, page):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def _once(objects: list) -> list:
    """In their order, each once: a page links to a topic or document only once."""
    return list(dict.fromkeys(objects))


def _legal_documents(data: dict, field: str) -> list:
    return [
        references.legal_document(
            reference,
            f"{field}[{index}]",
            lambda inline, path: import_legal_document(inline, "update", path)[0],
        )
        for index, reference in enumerate(_list(data, field))
    ]
