"""CACHE_URL, the defaults of the API settings, and settings read from the environment."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import cache_from_url
from tests.test_settings import REAL_SECRET, run_python


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("rediss://cache.example:6380/0", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url(url, backend):
    config = cache_from_url(url)
    assert config["BACKEND"] == backend
    if "redis" in url:
        assert config["LOCATION"] == url


def test_unknown_cache_url_is_refused():
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcached://127.0.0.1:11211")


def test_defaults(settings):
    assert settings.GRAPHQL_MAX_DEPTH == 10
    assert settings.GRAPHQL_MAX_COST == 20_000
    assert settings.GRAPHQL_MAX_QUERY_BYTES == 20_000
    assert settings.GRAPHQL_INTROSPECTION is True
    assert settings.GRAPHQL_CACHE_SECONDS == 60
    # Local memory is per process: no server-side response cache without Redis.
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.GRAPHQL_RESPONSE_CACHE_SECONDS == 0


# ---------------------------------------------------------------------------- environment

# Each setting, a value for its environment variable, what the setting then is, and its
# default (the value its readers fell back to before the setting was declared).
FROM_ENVIRONMENT = [
    ("OPENDATA_ARCHIVE_MAX_MEMBERS", "7", 7, 10_000),
    ("OPENDATA_ARCHIVE_MAX_TOTAL_BYTES", "1234", 1234, 8 * 1024**3),
    ("OPENDATA_ARCHIVE_MAX_RATIO", "9", 9, 100),
    ("OPENDATA_ARCHIVE_RATIO_MIN_BYTES", "4096", 4096, 16 * 1024**2),
    ("OPENDATA_ARCHIVE_MAX_DEPTH", "1", 1, 2),
    ("OPENDATA_JSON_PARSE_MAX_BYTES", "2048", 2048, 32 * 1024**2),
    ("OPENDATA_INFER_SAMPLE_ROWS", "50", 50, 500),
    ("DCAT_DATASETS_PER_PAGE", "25", 25, 100),
    ("DCAT_CATALOG_PUBLISHER", "BTTTT", "BTTTT", ""),
    ("GRAPHQL_MAX_PAGE_SIZE", "50", 50, 100),
    ("GRAPHQL_IMAGE_WIDTHS", "320, 640", [320, 640], [160, 320, 480, 640, 800, 960, 1200, 1600]),
    (
        "SITE_DESCRIPTION",
        "Cổng dữ liệu mở của tỉnh",
        "Cổng dữ liệu mở của tỉnh",
        "Cổng dữ liệu mở: tin chính sách, thủ tục hành chính và bộ dữ liệu mở.",
    ),
]
NAMES = [name for name, *_ in FROM_ENVIRONMENT]


def settings_in_fresh_process(tmp_path, monkeypatch, names, **env) -> dict:
    """The settings ``names`` as config/settings.py reads them from exactly this environment."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    code = (
        "import json, config.settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = run_python(code, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_each_setting_reads_its_environment_variable(tmp_path, monkeypatch):
    values = settings_in_fresh_process(
        tmp_path, monkeypatch, NAMES, **{name: raw for name, raw, _, _ in FROM_ENVIRONMENT}
    )
    assert values == {name: read for name, _, read, _ in FROM_ENVIRONMENT}


def test_each_setting_defaults_to_what_its_readers_used_to_assume(tmp_path, monkeypatch):
    values = settings_in_fresh_process(tmp_path, monkeypatch, NAMES)
    assert values == {name: default for name, _, _, default in FROM_ENVIRONMENT}


def test_an_empty_variable_gives_the_default(tmp_path, monkeypatch):
    values = settings_in_fresh_process(
        tmp_path,
        monkeypatch,
        ["GRAPHQL_IMAGE_WIDTHS", "GRAPHQL_MAX_PAGE_SIZE"],
        GRAPHQL_IMAGE_WIDTHS=" ",
        GRAPHQL_MAX_PAGE_SIZE="",
    )
    assert values == {
        "GRAPHQL_IMAGE_WIDTHS": [160, 320, 480, 640, 800, 960, 1200, 1600],
        "GRAPHQL_MAX_PAGE_SIZE": 100,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [("GRAPHQL_IMAGE_WIDTHS", "320,large"), ("OPENDATA_ARCHIVE_MAX_DEPTH", "two")],
)
def test_a_number_that_is_not_one_is_refused_at_start(tmp_path, name, value):
    result = run_python("import config.settings", tmp_path, **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_production_defaults_do_not_depend_on_pytest_being_imported(tmp_path, monkeypatch):
    for name in ("GRAPHQL_RATE_LIMIT", "SEARCH_INDEX_PATH", "GRAPHQL_RESPONSE_CACHE_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    code = (
        "import pytest, config.settings as s;"
        "print(s.GRAPHQL_RATE_LIMIT, s.SEARCH_INDEX_PATH.name, s.GRAPHQL_RESPONSE_CACHE_SECONDS)"
    )
    result = run_python(code, tmp_path, MINHBACH_ENV="production", SECRET_KEY=REAL_SECRET)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["120/60", "search", "0"]


def test_the_suite_has_settings_of_its_own(tmp_path, monkeypatch):
    # tests/settings.py: no rate limit, no server cache, an index apart from the real one.
    for name in ("GRAPHQL_RATE_LIMIT", "SEARCH_INDEX_PATH", "GRAPHQL_RESPONSE_CACHE_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    code = (
        "import tests.settings as s;"
        "print(s.GRAPHQL_RATE_LIMIT, s.SEARCH_INDEX_PATH.name, s.GRAPHQL_RESPONSE_CACHE_SECONDS)"
    )
    result = run_python(code, tmp_path, CACHE_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "search-tests", "0"]
