"""Wagtail's REST API v2 at ``/api/v2/``: pages, images and documents, read only.

Pages are what ``cms.selectors.visible`` allows (live, public, not past expiry), as
everywhere else; Wagtail's own queryset only checks live and public. Images and documents
in a collection with a view restriction are left out (Wagtail would list them).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction

from cms.models import NewsPage, ProcedurePage
from cms.selectors import visible

# (select_related, prefetch_related) of the page types' api_fields.
RELATED = {
    NewsPage: (["agency", "hero_image"], ["topics", "legal_documents"]),
    ProcedurePage: (["agency", "sector"], ["legal_basis"]),
}


def in_public_collections(queryset):
    """Images or documents outside any collection with a view restriction."""
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        queryset = queryset.exclude(collection__path__startswith=path)
    return queryset


SEARCH_OPERATORS = ("and", "or")
ID_PARAMETERS = ("id", "child_of", "descendant_of")


class CheckedParameters:
    """Parameters Wagtail hands to the database unchecked (a bad value was a 500) are
    checked first and refused with the API's 400 ``{"message": ...}``."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        self.check_values(self.request)

    def find_object(self, queryset, request):
        self.check_values(request)
        return super().find_object(queryset, request)

    @staticmethod
    def check_values(request) -> None:
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        for name in ID_PARAMETERS:
            value = request.GET.get(name)
            # isdecimal(): '²' is a digit to str.isdigit() but not a number to int().
            if value is not None and not (value.isascii() and value.isdecimal()):
                raise BadRequestError(f"{name} must be a whole number")


class VisiblePagesAPIViewSet(CheckedParameters, PagesAPIViewSet):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        # Wagtail's search may only filter on the fields a model indexes for filtering, and
        # Page does not index expire_at: searches filter on the ids of visible pages.
        return queryset.filter(pk__in=visible(queryset).values("pk"))

    def get_queryset(self):
        # Wagtail's serializers follow each row's relations one by one; fetch them with
        # the page so that queries per request do not grow with the page size.
        queryset = super().get_queryset().select_related("locale")
        related = RELATED.get(queryset.model)
        if related:
            select, prefetch = related
            queryset = queryset.select_related(*select).prefetch_related(*prefetch)
        return queryset


class PublicImagesAPIViewSet(CheckedParameters, ImagesAPIViewSet):
    def get_queryset(self):
        return in_public_collections(super().get_queryset())


class PublicDocumentsAPIViewSet(CheckedParameters, DocumentsAPIViewSet):
    def get_queryset(self):
        return in_public_collections(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", VisiblePagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
