"""Admin view that issues a headless preview token for a page's latest revision."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from cms.preview import issue_token, token_lifetime


@never_cache
def headless_preview(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    revision = page.get_latest_revision()
    token = issue_token(revision) if revision else None
    front_end = settings.HEADLESS_PREVIEW_URL
    return TemplateResponse(
        request,
        "cms/admin/headless_preview.html",
        {
            "page": page,
            "revision": revision,
            "token": token,
            "minutes": token_lifetime() // 60,
            "front_end_url": front_end.format(token=token) if front_end and token else "",
            "graphql_url": request.build_absolute_uri(reverse("graphql")),
            "field": "procedure" if page.specific_class.__name__ == "ProcedurePage" else "newsItem",
        },
    )
