from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from opendata.admin_forms import dataset_panels
from opendata.models import Dataset, Licence, Province, Theme


class DatasetViewSet(SnippetViewSet):
    model = Dataset
    icon = "table"
    menu_label = _("Datasets")
    list_display = ["title", "name", "publisher", "licence", "updated_at"]
    list_filter = ["publisher", "licence", "themes", "is_private", "live"]
    search_fields = ["title", "title_en", "name"]
    ordering = ["-updated_at"]
    # The model's panels, but resources get an upload field and their file's status.
    panels = dataset_panels()


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
