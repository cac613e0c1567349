"""minhbach settings: one module, every value from the environment.

The defaults run the embedded mode (SQLite, local media, in-process tasks) with no set-up.
``MINHBACH_ENV=production`` turns on the checks a public deployment needs.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MINHBACH_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_int_list(name: str, default: str) -> list[int]:
    value = os.environ.get(name, "").strip() or default
    try:
        return [int(item.strip()) for item in value.split(",") if item.strip()]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be whole numbers separated by commas, not {value!r}."
        ) from None


ENVIRONMENT = os.environ.get("MINHBACH_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("MINHBACH_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("Refusing to start: DEBUG is on with MINHBACH_ENV=production.")
if PRODUCTION and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("Refusing to start: set SECRET_KEY for MINHBACH_ENV=production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "core.apps.CoreConfig",
    "cms",
    "opendata",
    "search",
    # After the apps: its ready() reads what they declared (search's registry).
    "config.apps.ProjectConfig",
    "axes",
    "graphene_django",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "rest_framework",
    "wagtail.api.v2",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer on its own, so that those answers carry CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# Log-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user
# name, or from one address, that user name or address cannot log in for
# LOGIN_COOLOFF_MINUTES (a page in Vietnamese says so, with 429). A success resets the
# count; an administrator unlocks at once in the admin (Settings → Locked-out log-ins) or
# with `manage.py axes_reset_username <name>`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.throttling.locked_out"
# The client's address as the rate limits see it (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "config.throttling.client_ip"
# The admin that lists and unlocks lockouts is Wagtail's (config/wagtail_hooks.py).
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False  # no banner in every command's output

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, anything dj-database-url understands otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while the scheduler or an editor writes; IMMEDIATE
        # transactions plus a busy timeout turn lock contention into waiting, not errors.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese first (also the admin's language), English second.
LANGUAGE_CODE = "vi"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "cms" / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (the embedded mode), WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Open data: files of datasets live outside MEDIA_ROOT, so that only the download view,
# which checks that their dataset is public, can hand them out.
OPENDATA_ROOT = Path(os.environ.get("OPENDATA_ROOT", VAR_DIR / "opendata"))
OPENDATA_MAX_UPLOAD_BYTES = env_int("OPENDATA_MAX_UPLOAD_BYTES", 2 * 1024**3)
OPENDATA_PREVIEW_ROWS = env_int("OPENDATA_PREVIEW_ROWS", 100)
# What ingestion accepts of a zip container (ZIP, XLSX) from its central directory, before
# reading it: a zip bomb is refused by its declared sizes. Members smaller than the
# RATIO_MIN_BYTES may compress as well as they like; a depth of 2 allows archives inside
# the archive, but none inside those.
OPENDATA_ARCHIVE_MAX_MEMBERS = env_int("OPENDATA_ARCHIVE_MAX_MEMBERS", 10_000)
OPENDATA_ARCHIVE_MAX_TOTAL_BYTES = env_int("OPENDATA_ARCHIVE_MAX_TOTAL_BYTES", 8 * 1024**3)
OPENDATA_ARCHIVE_MAX_RATIO = env_int("OPENDATA_ARCHIVE_MAX_RATIO", 100)
OPENDATA_ARCHIVE_RATIO_MIN_BYTES = env_int("OPENDATA_ARCHIVE_RATIO_MIN_BYTES", 16 * 1024**2)
OPENDATA_ARCHIVE_MAX_DEPTH = env_int("OPENDATA_ARCHIVE_MAX_DEPTH", 2)
# JSON up to this size is parsed fully; above it only its shape is checked.
OPENDATA_JSON_PARSE_MAX_BYTES = env_int("OPENDATA_JSON_PARSE_MAX_BYTES", 32 * 1024**2)
# Rows given to frictionless to infer a tabular file's data dictionary.
OPENDATA_INFER_SAMPLE_ROWS = env_int("OPENDATA_INFER_SAMPLE_ROWS", 500)
# The dataset that lists every published procedure guide, rebuilt as they change; its
# publisher is this agency code, or else the top agency of the tree.
OPENDATA_PROCEDURE_REGISTER = os.environ.get(
    "OPENDATA_PROCEDURE_REGISTER", "danh-muc-thu-tuc-hanh-chinh"
)
OPENDATA_PROCEDURE_REGISTER_PUBLISHER = os.environ.get("OPENDATA_PROCEDURE_REGISTER_PUBLISHER", "")
# DCAT (opendata/dcat/, docs/dcat.md): datasets per catalogue page (ckanext-dcat's
# ckanext.dcat.datasets_per_page), and the code of the agency that publishes the catalogue
# (empty: the agency of kind "government").
DCAT_DATASETS_PER_PAGE = env_int("DCAT_DATASETS_PER_PAGE", 100)
DCAT_CATALOG_PUBLISHER = os.environ.get("DCAT_CATALOG_PUBLISHER", "")

# Background work: in-process by default; a database queue and a worker when configured.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Publishing datasets to CKAN catalogs (opendata/ckan_publish/, docs/ckan-publishing.md).
# Off while CKAN_URL is empty and CKAN_TARGETS unset. CKAN_ORGANIZATIONS maps agency codes
# to CKAN organization names ("BTTTT=bo-tttt,UBND-HN=ha-noi"); CKAN_TARGETS, a JSON list of
# {"name", "url", "token", "organizations", "agencies", "withdraw"}, sets several catalogs.
CKAN_URL = os.environ.get("CKAN_URL", "").rstrip("/")
CKAN_API_TOKEN = os.environ.get("CKAN_API_TOKEN", "")
CKAN_ORGANIZATIONS = os.environ.get("CKAN_ORGANIZATIONS", "")
CKAN_TARGETS = os.environ.get("CKAN_TARGETS", "")
# "delete" (CKAN's soft delete) or "private" (kept, hidden from the public).
CKAN_WITHDRAW = os.environ.get("CKAN_WITHDRAW", "delete")
# The publish attempt made inside the editor's request is short; the sync loop's is longer.
CKAN_REQUEST_TIMEOUT = float(os.environ.get("CKAN_REQUEST_TIMEOUT", "5"))
CKAN_WORKER_TIMEOUT = float(os.environ.get("CKAN_WORKER_TIMEOUT", "60"))
CKAN_MAX_ATTEMPTS = env_int("CKAN_MAX_ATTEMPTS", 8)
CKAN_RETRY_BASE_SECONDS = float(os.environ.get("CKAN_RETRY_BASE_SECONDS", "30"))
CKAN_RETRY_MAX_SECONDS = float(os.environ.get("CKAN_RETRY_MAX_SECONDS", "3600"))
# A worker owns an entry this long; a worker killed mid-push is taken over after it.
CKAN_LEASE_SECONDS = float(os.environ.get("CKAN_LEASE_SECONDS", "300"))
# Files above this size (CKAN's ckan.max_resource_size, 10 MB by default) are published
# as links to their download URL here instead of being uploaded.
CKAN_MAX_UPLOAD_MB = float(os.environ.get("CKAN_MAX_UPLOAD_MB", "10"))
# Seconds between two drains of the outbox under `manage.py serve`.
CKAN_SYNC_INTERVAL = float(os.environ.get("CKAN_SYNC_INTERVAL", "15"))

GRAPHENE = {"SCHEMA": "config.schema.schema"}

# Headless preview: tokens from the admin's "Preview for apps" live this long; with a URL
# template such as https://portal.example.gov.vn/preview?token={token}, the admin links
# straight to the front end's preview route.
HEADLESS_PREVIEW_SECONDS = env_int("HEADLESS_PREVIEW_SECONDS", 600)
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")

# Cache: local memory by default (per process); CACHE_URL=redis://host:6379/1 shares it
# between processes, which the GraphQL response cache and the rate limits need to be exact.
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")


def cache_from_url(url: str) -> dict:
    scheme = url.partition("://")[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "minhbach"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured("CACHE_URL must be redis://, rediss://, locmem:// or dummy://.")


CACHES = {"default": {**cache_from_url(CACHE_URL), "KEY_PREFIX": "minhbach"}}

# GraphQL bounds (see core/graphql/validation.py for how depth and cost are counted).
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 10)
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", 20_000)
GRAPHQL_MAX_QUERY_BYTES = env_int("GRAPHQL_MAX_QUERY_BYTES", 20_000)
# Off in production unless asked for: the schema is published as schema.graphql.
GRAPHQL_INTROSPECTION = env_bool("GRAPHQL_INTROSPECTION", not PRODUCTION)
# The largest page (`first`) a GraphQL connection gives.
GRAPHQL_MAX_PAGE_SIZE = env_int("GRAPHQL_MAX_PAGE_SIZE", 100)
# The image widths a client may ask renditions at: each distinct width is a file kept on disk.
GRAPHQL_IMAGE_WIDTHS = env_int_list("GRAPHQL_IMAGE_WIDTHS", "160,320,480,640,800,960,1200,1600")
# "requests/seconds" per client address; "0" turns the limit off.
GRAPHQL_RATE_LIMIT = os.environ.get("GRAPHQL_RATE_LIMIT", "120/60")
# How many reverse proxies in front append to X-Forwarded-For; 0 trusts REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Cache-Control max-age of anonymous GET responses, for browsers and CDNs.
GRAPHQL_CACHE_SECONDS = env_int("GRAPHQL_CACHE_SECONDS", 60)
# Lifetime of anonymous responses in the server's cache (0: no server cache). Publishing
# invalidates them at once, but only in processes that share the cache: on by default with
# Redis, off with the per-process local memory (a gunicorn worker would not see another
# worker's publish). The lifetime bounds what a change without a signal leaves stale.
SHARED_CACHE = CACHES["default"]["BACKEND"].endswith("RedisCache")
GRAPHQL_RESPONSE_CACHE_SECONDS = env_int(
    "GRAPHQL_RESPONSE_CACHE_SECONDS", 300 if SHARED_CACHE else 0
)

# CORS, for browsers on other origins: only the API, only the origins listed.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_URLS_REGEX = r"^/(graphql|api)/.*$"
CORS_ALLOW_METHODS = ["GET", "OPTIONS", "POST"]

# Wagtail's REST API v2 (/api/v2/): read only, for anonymous clients.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
WAGTAILAPI_LIMIT_MAX = 100

# Scheduled publishing (go-live and expiry) runs every this many seconds under `manage.py serve`.
PUBLISH_SCHEDULED_INTERVAL = int(os.environ.get("PUBLISH_SCHEDULED_INTERVAL", "60"))

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "minhbach")
# The site's description in the CKAN-compatible API's status_show.
SITE_DESCRIPTION = os.environ.get(
    "SITE_DESCRIPTION", "Cổng dữ liệu mở: tin chính sách, thủ tục hành chính và bộ dữ liệu mở."
)
# Where the public site is served: absolute links in the APIs, DCAT and e-mails use it,
# whichever host a request came in on.
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Public search (search/, docs/search.md); Wagtail's search above stays for the admin.
# "embedded": a tantivy index in its own folder under SEARCH_INDEX_PATH, whatever DATABASE_URL
# says; "elasticsearch" reads ELASTICSEARCH_URL. Tests use their own (tests/settings.py).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "embedded")
SEARCH_INDEX_PATH = Path(os.environ.get("SEARCH_INDEX_PATH", VAR_DIR / "search"))
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "minhbach")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin runs on an intranet without internet: no avatar from Gravatar and no check for
# new Wagtail releases unless asked for (an avatar host, or WAGTAIL_UPDATE_CHECK=1).
WAGTAIL_GRAVATAR_PROVIDER_URL = os.environ.get("WAGTAIL_GRAVATAR_PROVIDER_URL") or None
WAGTAIL_ENABLE_UPDATE_CHECK = env_bool("WAGTAIL_UPDATE_CHECK", False)
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# A new translation is a draft, whatever the state of its source: it goes through the same
# review as any page (wagtail-localize would otherwise publish it at once).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "xlsx", "xls", "zip", "txt", "json"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Refuses a document whose content contradicts its extension (a PNG named .csv).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.documents.DocumentForm"
# Documents are always served by Wagtail's view, which checks their collection's view
# restriction; never by a redirect to the storage's URL (config/media.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

if PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # "Header=value" that the HTTPS proxy in front sets on requests it received over
    # HTTPS; empty when nothing in front sets one (then Django sees plain HTTP).
    _ssl_header, _, _ssl_value = os.environ.get(
        "SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto=https"
    ).partition("=")
    if _ssl_header.strip():
        SECURE_PROXY_SSL_HEADER = (
            "HTTP_" + _ssl_header.strip().upper().replace("-", "_"),
            _ssl_value.strip(),
        )
    # Plain HTTP is redirected to HTTPS when the site is served over HTTPS; the load
    # balancer's health check may stay on plain HTTP.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BASE_URL.startswith("https://"))
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # HSTS is a promise browsers keep for its whole lifetime: off until the operator sets it.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Whether every subdomain of an agency's domain is HTTPS-only, and whether the domain
    # goes on the browsers' preload list, is the domain owner's promise, not this site's:
    # the two checks that ask for them by default are silenced (the variables above set them).
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task and per page event is noise on a console.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}


def email_from_url(url: str) -> dict[str, object]:
    """Django's e-mail settings from EMAIL_URL: smtp://user:password@host:587 (STARTTLS with
    ?tls=1), smtps://... (TLS from the start), or console:// (printed, the default)."""
    parts = urlsplit(url)
    if parts.scheme in {"", "console"}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured("EMAIL_URL must be smtp://, smtps:// or console://.")
    query = dict(parse_qsl(parts.query))
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", "") in {"1", "true", "yes"},
        "EMAIL_TIMEOUT": 10,
    }


# E-mail (workflow notifications to approvers and editors): printed to the console unless
# EMAIL_URL names an SMTP server (docs/configuration.md).
globals().update(email_from_url(os.environ.get("EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "minhbach <noreply@localhost>")
