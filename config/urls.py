from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.sitemaps import sitemap
from config.media import serve_media
from config.rest import api_router
from config.views import healthz
from core.graphql.view import BoundedGraphQLView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("graphql/", BoundedGraphQLView.as_view(), name="graphql"),
    path("api/v2/", api_router.urls),
    path("", include("search.urls")),
    # CKAN's URL shapes: the Action API, DCAT and file downloads, the same in every language.
    path("", include("opendata.ckan_api.urls")),
    path("", include("opendata.dcat.urls")),
    path("", include("opendata.urls")),
]

if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # The embedded mode keeps uploads in a local folder: served here, with the collections'
    # view restrictions checked (config/media.py).
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_media))

# Vietnamese pages live at /, English ones at /en/.
urlpatterns += i18n_patterns(
    path("", include("opendata.pages.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
