"""The fixed skeleton of the site: one home per locale with its news and procedure indexes.

Both the demo loader and the importer rely on it; it is safe to call any number of times.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, NewsIndexPage, ProcedureIndexPage

# Titles and slugs of the skeleton pages, per locale.
SKELETON = {
    "vi": {
        "home": ("Cổng thông tin minhbach", "trang-chu"),
        "news": ("Tin chính sách", "tin-chinh-sach"),
        "procedures": ("Thủ tục hành chính", "thu-tuc-hanh-chinh"),
    },
    "en": {
        "home": ("minhbach portal", "home"),
        "news": ("Policy news", "policy-news"),
        "procedures": ("Administrative procedures", "procedures"),
    },
}


@dataclass(frozen=True)
class LocaleRoots:
    locale: Locale
    home: HomePage
    news_index: NewsIndexPage
    procedure_index: ProcedureIndexPage


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


@transaction.atomic
def ensure_site_structure() -> dict[str, LocaleRoots]:
    """Create (or find) the home and index pages of every content language."""
    default_language = settings.LANGUAGE_CODE
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=locales[default_language]).first()
    if home is None:
        title, slug = SKELETON[default_language]["home"]
        home = root.add_child(
            instance=HomePage(title=title, slug=slug, locale=locales[default_language])
        )
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    # Full URLs (sitemap, emails, feeds) are built from the site record: make it say
    # where the product is served, from BASE_URL.
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.site_name = settings.WAGTAIL_SITE_NAME
    if site.root_page_id != home.pk:
        previous_root = site.root_page_id
        site.root_page = home
        site.save()
        # Wagtail's migrations leave a placeholder "Welcome" page as the first site root.
        Page.objects.filter(pk=previous_root, depth=2, content_type__model="page").delete()
    else:
        site.save()

    roots = {}
    for code, locale in locales.items():
        locale_home = home if code == default_language else _translation(home, locale)
        news = _child_index(locale_home, NewsIndexPage, code, "news")
        procedures = _child_index(locale_home, ProcedureIndexPage, code, "procedures")
        roots[code] = LocaleRoots(locale, locale_home, news, procedures)
    return roots


def _translation(page: Page, locale: Locale) -> Page:
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale)
        title, slug = SKELETON[locale.language_code]["home"]
        translation.title, translation.slug = title, slug
        _publish(translation)
    return translation.specific


def _child_index(home: Page, model: type[Page], language: str, key: str) -> Page:
    existing = model.objects.child_of(home).first()
    if existing is not None:
        return existing
    title, slug = SKELETON[language][key]
    default_home = home.get_translation_or_none(Locale.get_default())
    source = None
    if default_home is not None and default_home.pk != home.pk:
        source = model.objects.child_of(default_home).first()
    if source is not None:
        # Keep the index pages of both languages linked as translations of each other.
        index = source.copy_for_translation(home.locale)
        index.title, index.slug = title, slug
    else:
        index = home.add_child(instance=model(title=title, slug=slug, locale=home.locale))
    _publish(index)
    return index.specific
