from html import unescape

from django.contrib import messages
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_views import headless_preview
from cms.models import Agency, LegalDocument, NewsPage, ProcedurePage, Sector, Topic
from cms.translations import ReviewedUpdateTranslationsView


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


@hooks.register("register_admin_urls")
def headless_preview_urls():
    return [
        path("headless-preview/<int:page_id>/", headless_preview, name="cms_headless_preview"),
        # Ahead of wagtail-localize's own view at this address (cms is installed first).
        path(
            "localize/update/<int:translation_source_id>/",
            ReviewedUpdateTranslationsView.as_view(),
            name="cms_update_translations",
        ),
    ]


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name, next_url=None):
    if (
        issubclass(page.specific_class, NewsPage | ProcedurePage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            _("Preview for apps"),
            reverse("cms_headless_preview", args=[page.pk]),
            icon_name="view",
            priority=66,
        )


@hooks.register("after_edit_page")
def say_when_nothing_was_saved(request: HttpRequest, page) -> None:
    """Wagtail says "Page ... has been updated" after every save; after one that changed
    nothing (and so wrote no revision, see core.revisions), it says that nothing changed."""
    if not getattr(page, "saved_no_revision", False):
        return None
    title = page.get_admin_display_title()
    updated = gettext("Page '%(page_title)s' has been updated.") % {"page_title": title}
    # Reading the messages marks them all as shown: those to keep are added again.
    shown = list(messages.get_messages(request))
    replaced = False
    for message in shown:
        text = " ".join(unescape(strip_tags(str(message.message))).split())
        if message.level == messages.SUCCESS and text == updated and not replaced:
            replaced = True
            continue
        messages.add_message(request, message.level, message.message, message.extra_tags)
    if replaced:
        admin_messages.info(
            request,
            _("Nothing was changed in '%(page_title)s': no new version was saved.")
            % {"page_title": title},
        )
    return None


# Relabels the menu button of wagtail-localize's translation editor once React draws it.
RELABEL_SCRIPT = """(() => {
  const label = document.currentScript.dataset.label;
  const start = () => {
    const root = document.querySelector(".js-translation-editor");
    if (!root) return;
    const relabel = () => root.querySelectorAll(".w-sr-only").forEach((span) => {
      if (span.textContent === "More actions") span.textContent = label;
    });
    const changes = {childList: true, subtree: true, characterData: true};
    new MutationObserver(relabel).observe(root, changes);
    relabel();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();"""


@hooks.register("insert_editor_js")
def translate_the_translation_editors_menu_label() -> str:
    """wagtail-localize's translation editor (a React app) writes the screen-reader label of
    its action menu, "More actions", in English in its JavaScript, where no catalogue
    reaches it: it gets the admin's own translation of those words once it is drawn."""
    label = gettext("More actions")
    if label == "More actions":
        return ""
    return format_html('<script data-label="{}">{}</script>', label, mark_safe(RELABEL_SCRIPT))
