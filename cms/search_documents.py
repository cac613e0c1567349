"""What the public search indexes from the CMS: policy news and procedure guides.

Registered with :mod:`search.registry` when the search app starts (it imports every
app's ``search_documents`` module). Only what :func:`cms.selectors.visible` lets through
is ever indexed; the search tasks re-check that on every publishing event.

The three weighted slots: the title; a summary (the news summary, or what a procedure
gives and who handles it); the body (the news body, or the steps, documents and fees).
Each type declares its filters and facets, and the reference data its documents show
(agencies, topics, sectors, legal documents): renaming one re-indexes them.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.html import strip_tags
from wagtail.fields import StreamField

from cms.models import Agency, LegalDocument, NewsPage, ProcedurePage, Sector, Topic
from cms.selectors import visible
from search.documents import Document, FacetTerm
from search.registry import Dependency, DocumentType, register
from search.vocabulary import INTEGER, Facet

# Open data declares agency and year too, for datasets: the descriptions here cover both.
AGENCY = Facet("agency", 'Agency codes, e.g. ["BTTTT"]: the issuing, handling or publishing one.')
TOPIC = Facet("topic", "Topic slugs (news).")
SECTOR = Facet("sector", "Sector slugs (procedures).")
SERVICE_LEVEL = Facet(
    "service_level", 'Online service levels, "1" to "4" (procedures).', kind=INTEGER
)
YEAR = Facet("year", 'Years of the result\'s date, e.g. ["2024"].', kind=INTEGER)


def stream_text(page, field_name: str) -> str:
    """The searchable text of a StreamField, as Wagtail's blocks define it."""
    field = page._meta.get_field(field_name)
    assert isinstance(field, StreamField)
    value = getattr(page, field_name)
    parts = field.stream_block.get_searchable_content(value)
    return " ".join(strip_tags(str(part)) for part in parts if part)


def _locale(page) -> str:
    return page.locale.language_code


def _agency(page, language: str) -> list[FacetTerm]:
    return [AGENCY.term(page.agency.code, page.agency.localized_name(language))]


class PageDocumentType(DocumentType):
    def visible(self) -> QuerySet:
        return visible(self.model.objects.all())

    def by_locale(self, locale: str) -> QuerySet:
        return self.visible().filter(locale__language_code=locale)


class NewsDocument(PageDocumentType):
    name = "news"
    model = NewsPage
    label = "Tin chính sách"
    facets = (AGENCY, TOPIC, YEAR)
    depends_on = (
        Dependency(Agency, "agency"),
        Dependency(Topic, "topics"),
        Dependency(LegalDocument, "legal_documents"),
    )

    def prepare(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("locale", "agency").prefetch_related(
            "topics", "legal_documents"
        )

    def to_document(self, page: NewsPage) -> Document:
        language = _locale(page)
        documents = list(page.legal_documents.all())
        facets = {
            "agency": _agency(page, language),
            "topic": [TOPIC.term(t.slug, t.localized_name(language)) for t in page.topics.all()],
        }
        if page.publication_date:
            facets["year"] = [YEAR.term(page.publication_date.year)]
        body = " ".join(
            [
                stream_text(page, "body"),
                page.agency.localized_name(language),
                *(t.localized_name(language) for t in page.topics.all()),
                *(f"{d.number} {d.localized_title(language)}" for d in documents),
            ]
        )
        return Document(
            type=self.name,
            id=str(page.pk),
            locale=language,
            title=page.title,
            summary=page.summary,
            body=body,
            document_numbers=[d.number for d in documents],
            facets=facets,
            date=page.publication_date,
            expire_at=page.expire_at,
            url=page.get_url() or "",
        )


class ProcedureDocument(PageDocumentType):
    name = "procedure"
    model = ProcedurePage
    label = "Thủ tục hành chính"
    facets = (AGENCY, SECTOR, SERVICE_LEVEL, YEAR)
    depends_on = (
        Dependency(Agency, "agency"),
        Dependency(Sector, "sector"),
        Dependency(LegalDocument, "legal_basis"),
    )

    def prepare(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("locale", "agency", "sector").prefetch_related("legal_basis")

    def to_document(self, page: ProcedurePage) -> Document:
        language = _locale(page)
        documents = list(page.legal_basis.all())
        date = page.last_published_at or page.first_published_at
        facets = {
            "agency": _agency(page, language),
            "sector": [SECTOR.term(page.sector.slug, page.sector.localized_name(language))],
            "service_level": [SERVICE_LEVEL.term(page.service_level)],
        }
        if date:
            facets["year"] = [YEAR.term(date.year)]
        summary = " ".join(
            [
                page.result,
                page.agency.localized_name(language),
                page.sector.localized_name(language),
            ]
        )
        body = " ".join(
            [
                stream_text(page, "steps"),
                stream_text(page, "required_documents"),
                stream_text(page, "fees"),
                *(f"{d.number} {d.localized_title(language)}" for d in documents),
            ]
        )
        return Document(
            type=self.name,
            id=str(page.pk),
            locale=language,
            title=page.title,
            summary=summary,
            body=body,
            document_numbers=[d.number for d in documents],
            codes=[page.code],
            facets=facets,
            date=date,
            expire_at=page.expire_at,
            url=page.get_url() or "",
        )


register(NewsDocument())
register(ProcedureDocument())
