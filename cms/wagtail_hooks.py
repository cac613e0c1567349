from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import Agency, LegalDocument, Sector, Topic


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "code"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "folder-open-inverse"
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full"
    list_display = ["number", "document_type", "title", "issuer", "signed_on"]
    list_filter = ["document_type", "issuer"]
    search_fields = ["number", "title", "title_en"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "folder-inverse"
    menu_order = 300
    items = (AgencyViewSet, TopicViewSet, SectorViewSet, LegalDocumentViewSet)


register_snippet(ReferenceDataGroup)
