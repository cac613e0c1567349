from django.http import HttpRequest, HttpResponse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from cms.selectors import visible


class LivePublicSitemap(Sitemap):
    """Every locale's tree of the site, live and public only.

    Wagtail's own sitemap walks the default locale's root alone, and keeps a page whose
    expiry has passed until ``publish_scheduled`` next runs.
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for tree_root in roots:
            pages |= Page.objects.descendant_of(tree_root, inclusive=True)
        return visible(pages).order_by("path").defer_streamfields().specific()


def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"pages": LivePublicSitemap(request)})
