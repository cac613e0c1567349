"""The content app's root fields. Only live, public, unexpired pages are ever returned."""

from datetime import date, datetime, time, timedelta

import graphene
from django.conf import settings
from django.utils import timezone

from cms.graphql import enums
from cms.graphql.dataloaders import loaders, public
from cms.graphql.pages import NewsPage, ProcedurePage
from cms.graphql.types import Agency, LegalDocument, Sector, Topic
from cms.models import Agency as AgencyModel
from cms.models import HomePage as HomePageModel
from cms.models import LegalDocument as LegalDocumentModel
from cms.models import NewsPage as NewsPageModel
from cms.models import ProcedurePage as ProcedurePageModel
from cms.models import Sector as SectorModel
from cms.models import Topic as TopicModel
from cms.preview import PreviewTokenError, page_for_token
from core.graphql.enums import LocaleEnum, value_of
from core.graphql.errors import (
    ErrorCode,
    api_error,
    bad_user_input,
    not_found,
    require_exactly_one,
)
from core.graphql.pagination import CountableConnection, connection_args, paginate


class NewsConnection(CountableConnection):
    class Meta:
        node = NewsPage


class ProcedureConnection(CountableConnection):
    class Meta:
        node = ProcedurePage


class AgencyConnection(CountableConnection):
    class Meta:
        node = Agency


class TopicConnection(CountableConnection):
    class Meta:
        node = Topic


class SectorConnection(CountableConnection):
    class Meta:
        node = Sector


class LegalDocumentConnection(CountableConnection):
    class Meta:
        node = LegalDocument


def _in_locale(queryset, code: str | None):
    return queryset.filter(locale__language_code=value_of(code) or settings.LANGUAGE_CODE)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _announce(node_type, info):
    return lambda nodes: node_type.announce(info, nodes)


MAX_ID = 2**63 - 1


def _page_by(queryset, info, *, id=None, slug=None, url_path=None, locale=None, what: str):
    require_exactly_one(what, id=id, slug=slug, urlPath=url_path)
    pages = public(loaders(info), queryset)
    if id:
        if not (str(id).isascii() and str(id).isdecimal()):
            raise bad_user_input("id must be a page id (digits).", argument="id")
        # Past the database's largest integer no page can exist (and SQLite would overflow).
        page = pages.filter(pk=int(id)).first() if int(id) <= MAX_ID else None
    elif slug:
        page = _in_locale(pages.filter(slug=slug), locale).first()
    else:
        page = _page_by_url_path(pages, url_path)
    if page is None:
        raise not_found(f"No published {what} matches.")
    return page


def _page_by_url_path(pages, url_path: str):
    """ "/en/policy-news/slug/" -> the page at that public path, in its locale."""
    parts = [part for part in url_path.split("/") if part]
    language = settings.LANGUAGE_CODE
    prefixed = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES} - {language}
    if parts and parts[0] in prefixed:
        language, parts = parts[0], parts[1:]
    home = HomePageModel.objects.filter(locale__language_code=language).first()
    if home is None:
        return None
    return pages.filter(url_path=home.url_path + "".join(f"{part}/" for part in parts)).first()


PREVIEW_TOKEN = graphene.String(
    description=(
        "A token issued in the admin (Preview for apps): returns the page's saved draft or "
        "revision, whatever its state. Short-lived; responses are never cached."
    )
)


def _preview(token: str, model):
    try:
        page = page_for_token(token)
    except PreviewTokenError as error:
        raise api_error(str(error), ErrorCode.PREVIEW_TOKEN_INVALID) from error
    if not isinstance(page, model):
        raise api_error(
            f"The preview token opens a {page._meta.verbose_name}, not a "
            f"{model._meta.verbose_name}.",
            ErrorCode.PREVIEW_TOKEN_INVALID,
        )
    return page


class Query(graphene.ObjectType):
    news = graphene.Field(
        NewsConnection,
        required=True,
        agency=graphene.String(description="Code of the issuing agency."),
        topic=graphene.String(description="Slug of a topic."),
        date_from=graphene.Date(description="Published on or after this day."),
        date_to=graphene.Date(description="Published on or before this day."),
        locale=LocaleEnum(default_value=settings.LANGUAGE_CODE),
        order_by=enums.NewsOrder(default_value="-publication_date"),
        description="Policy news, newest first by default.",
        **connection_args(),
    )
    news_item = graphene.Field(
        NewsPage,
        id=graphene.ID(),
        slug=graphene.String(),
        url_path=graphene.String(),
        locale=LocaleEnum(default_value=settings.LANGUAGE_CODE),
        preview_token=PREVIEW_TOKEN,
        description=(
            "One news item, by id, by slug (within a locale) or by public path; or the "
            "version a preview token opens."
        ),
    )
    procedures = graphene.Field(
        ProcedureConnection,
        required=True,
        agency=graphene.String(description="Code of the handling agency."),
        sector=graphene.String(description="Slug of a sector."),
        applicant_type=enums.ApplicantType(),
        service_level=enums.ServiceLevel(),
        channel=enums.Channel(),
        locale=LocaleEnum(default_value=settings.LANGUAGE_CODE),
        order_by=enums.ProcedureOrder(default_value="code"),
        description="Procedure guides, by code by default.",
        **connection_args(),
    )
    procedure = graphene.Field(
        ProcedurePage,
        code=graphene.String(),
        slug=graphene.String(),
        locale=LocaleEnum(default_value=settings.LANGUAGE_CODE),
        preview_token=PREVIEW_TOKEN,
        description=(
            "One procedure guide, by its code or slug, in a locale; or the version a preview "
            "token opens."
        ),
    )
    agencies = graphene.Field(
        AgencyConnection, required=True, kind=enums.AgencyKind(), **connection_args()
    )
    agency = graphene.Field(Agency, code=graphene.String(required=True))
    topics = graphene.Field(TopicConnection, required=True, **connection_args())
    sectors = graphene.Field(SectorConnection, required=True, **connection_args())
    legal_documents = graphene.Field(
        LegalDocumentConnection,
        required=True,
        type=enums.LegalDocumentType(),
        issuer=graphene.String(description="Code of the issuing agency."),
        **connection_args(),
    )
    legal_document = graphene.Field(
        LegalDocument,
        number=graphene.String(required=True, description="Case and spacing are ignored."),
    )

    def resolve_news(root, info, locale, order_by, first=None, after=None, **filters):
        pages = public(loaders(info), _in_locale(NewsPageModel.objects.all(), locale))
        if filters.get("agency"):
            pages = pages.filter(agency__code=filters["agency"].upper())
        if filters.get("topic"):
            pages = pages.filter(topics__slug=filters["topic"])
        date_from, date_to = filters.get("date_from"), filters.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise bad_user_input("dateFrom is after dateTo.", argument="dateFrom")
        if date_from:
            pages = pages.filter(publication_date__gte=_start_of(date_from))
        if date_to:
            pages = pages.filter(publication_date__lt=_start_of(date_to) + timedelta(days=1))
        # An explicit null is the default order, not an error.
        pages = pages.order_by(value_of(order_by) or "-publication_date", "-pk")
        return paginate(
            pages,
            NewsConnection,
            first=first,
            after=after,
            on_page=_announce(NewsPage, info),
        )

    def resolve_news_item(
        root, info, locale, id=None, slug=None, url_path=None, preview_token=None
    ):
        if preview_token is not None:
            return _preview(preview_token, NewsPageModel)
        page = _page_by(
            NewsPageModel.objects.all(),
            info,
            id=id,
            slug=slug,
            url_path=url_path,
            locale=locale,
            what="news item",
        )
        NewsPage.announce(info, [page])
        return page

    def resolve_procedures(root, info, locale, order_by, first=None, after=None, **filters):
        pages = public(loaders(info), _in_locale(ProcedurePageModel.objects.all(), locale))
        if filters.get("agency"):
            pages = pages.filter(agency__code=filters["agency"].upper())
        if filters.get("sector"):
            pages = pages.filter(sector__slug=filters["sector"])
        if filters.get("service_level"):
            pages = pages.filter(service_level=value_of(filters["service_level"]))
        # JSON lists: SQLite has no JSON containment lookup; matching the quoted value in
        # the stored text works on both databases.
        for name in ("applicant_type", "channel"):
            if filters.get(name):
                field = "applicant_types" if name == "applicant_type" else "channels"
                value = value_of(filters[name])
                pages = pages.filter(**{f"{field}__icontains": f'"{value}"'})
        pages = pages.order_by(value_of(order_by) or "code", "pk")
        return paginate(
            pages,
            ProcedureConnection,
            first=first,
            after=after,
            on_page=_announce(ProcedurePage, info),
        )

    def resolve_procedure(root, info, locale, code=None, slug=None, preview_token=None):
        if preview_token is not None:
            return _preview(preview_token, ProcedurePageModel)
        require_exactly_one("a procedure", code=code, slug=slug)
        pages = public(loaders(info), _in_locale(ProcedurePageModel.objects.all(), locale))
        page = pages.filter(code=code).first() if code else pages.filter(slug=slug).first()
        if page is None:
            raise not_found("No published procedure matches.")
        ProcedurePage.announce(info, [page])
        return page

    def resolve_agencies(root, info, kind=None, first=None, after=None):
        agencies = AgencyModel.objects.order_by("name", "pk")
        if kind:
            agencies = agencies.filter(kind=value_of(kind))
        return paginate(
            agencies,
            AgencyConnection,
            first=first,
            after=after,
            on_page=lambda nodes: _announce_agencies(info, nodes),
        )

    def resolve_agency(root, info, code):
        agency = AgencyModel.objects.filter(code=code.strip().upper()).first()
        if agency is None:
            raise not_found(f"No agency has the code {code!r}.")
        return agency

    def resolve_topics(root, info, first=None, after=None):
        return paginate(
            TopicModel.objects.order_by("name", "pk"), TopicConnection, first=first, after=after
        )

    def resolve_sectors(root, info, first=None, after=None):
        return paginate(
            SectorModel.objects.order_by("name", "pk"), SectorConnection, first=first, after=after
        )

    def resolve_legal_documents(root, info, type=None, issuer=None, first=None, after=None):
        documents = LegalDocumentModel.objects.order_by("-signed_on", "number", "pk")
        if type:
            documents = documents.filter(document_type=value_of(type))
        if issuer:
            documents = documents.filter(issuer__code=issuer.upper())
        return paginate(
            documents,
            LegalDocumentConnection,
            first=first,
            after=after,
            on_page=lambda nodes: loaders(info).agency.want(d.issuer_id for d in nodes),
        )

    def resolve_legal_document(root, info, number):
        document = LegalDocumentModel.objects.filter(
            number_key=LegalDocumentModel.key_for(number)
        ).first()
        if document is None:
            raise not_found(f"No legal document numbered {number!r}.")
        return document


def _announce_agencies(info, agencies) -> None:
    loaders(info).agency.want(agency.parent_id for agency in agencies)
    loaders(info).agency_children.want(agency.pk for agency in agencies)
