from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import MultiFieldPanel, ObjectList, PublishingPanel
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from opendata.admin_forms import DatasetForm, dataset_panels
from opendata.ckan_publish.admin import (
    PUBLISH_PERMISSION,
    SyncStateColumn,
    SyncStatePanel,
    report_view,
    retry_view,
)
from opendata.models import Dataset, Licence, Province, Theme


class DatasetViewSet(SnippetViewSet):
    model = Dataset
    icon = "table"
    menu_label = _("Datasets")
    list_display = [
        "title",
        "name",
        "publisher",
        "licence",
        LiveStatusTagColumn(),
        SyncStateColumn(),
        "updated_at",
    ]
    list_filter = ["publisher", "licence", "themes", "is_private", "live"]
    search_fields = ["title", "title_en", "name"]
    ordering = ["-updated_at"]
    # The model's panels, but resources get an upload field and their file's status; then
    # where the dataset stands in the CKAN catalogs (shown only when publishing is on).
    # PublishingPanel: go-live and expiry dates, as pages have (Wagtail adds it to snippets
    # only when it builds their edit handler itself); without it a scheduled publication
    # went live at once.
    edit_handler = ObjectList(
        [
            *dataset_panels(),
            MultiFieldPanel([SyncStatePanel()], heading=_("CKAN catalogs")),
            PublishingPanel(),
        ],
        base_form_class=DatasetForm,
    )

    def get_queryset(self, request):
        # The CKAN column reads every row's sync states: one query for the page.
        return Dataset.objects.prefetch_related("ckan_states")


class LicenceViewSet(SnippetViewSet):
    model = Licence
    icon = "doc-full"
    list_display = ["id", "name", "ckan_id", "is_open"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "name_en", "slug", "eu_theme"]
    search_fields = ["name", "name_en"]


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["code", "name", "name_en"]


class OpenDataGroup(SnippetViewSetGroup):
    menu_label = _("Open data")
    menu_icon = "table"
    menu_order = 250
    items = (DatasetViewSet, ThemeViewSet, LicenceViewSet, ProvinceViewSet)


register_snippet(OpenDataGroup)


@hooks.register("register_admin_urls")
def ckan_publish_urls():
    return [
        path("ckan/retry/<int:pk>/", retry_view, name="ckan_publish_retry"),
        path("ckan/report/", report_view, name="ckan_publish_report"),
    ]


class CKANReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)


@hooks.register("register_reports_menu_item")
def ckan_report_menu_item():
    return CKANReportMenuItem(
        _("Datasets that differ in CKAN"),
        reverse("ckan_publish_report"),
        icon_name="table",
        order=900,
    )
