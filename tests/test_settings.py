"""Settings from the environment: production refuses unsafe values; SQLite runs in WAL mode.

Each check imports the settings in a fresh interpreter, with exactly the environment a
deployment would give it, because the checks run at import time.
"""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent
REAL_SECRET = "k3v9-7f2b-production-secret-for-the-test-only-a8d1e0"


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MINHBACH_ENV", "DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    environment.update(MINHBACH_VAR_DIR=str(tmp_path / "var"), PYTHONPATH=str(REPO), **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return run_python(
        "import config.settings as s; print(s.DEBUG, s.PRODUCTION, s.SESSION_COOKIE_SECURE)"
        if env.get("MINHBACH_ENV") == "production"
        else "import config.settings as s; print(s.DEBUG, s.PRODUCTION)",
        tmp_path,
        **env,
    )


def test_production_refuses_debug(tmp_path):
    result = import_settings(tmp_path, MINHBACH_ENV="production", DEBUG="1", SECRET_KEY=REAL_SECRET)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Refusing to start: DEBUG is on with MINHBACH_ENV=production." in result.stderr


@pytest.mark.parametrize("debug", ["true", "yes", "on", "1"])
def test_production_refuses_every_spelling_of_debug_on(tmp_path, debug):
    result = import_settings(
        tmp_path, MINHBACH_ENV="production", DEBUG=debug, SECRET_KEY=REAL_SECRET
    )
    assert result.returncode != 0
    assert "DEBUG is on" in result.stderr


def test_production_refuses_the_default_secret_key(tmp_path):
    result = import_settings(tmp_path, MINHBACH_ENV="production", DEBUG="0")
    assert result.returncode != 0
    assert "Refusing to start: set SECRET_KEY for MINHBACH_ENV=production." in result.stderr


def test_production_refuses_the_default_secret_key_given_explicitly(tmp_path):
    result = import_settings(
        tmp_path,
        MINHBACH_ENV="production",
        SECRET_KEY="insecure-development-key-do-not-use-in-production",
    )
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_and_debug_off_by_default(tmp_path):
    result = import_settings(tmp_path, MINHBACH_ENV="production", SECRET_KEY=REAL_SECRET)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_development_defaults_to_debug(tmp_path):
    result = import_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_unknown_environment_name_is_refused(tmp_path):
    result = import_settings(tmp_path, MINHBACH_ENV="staging")
    assert result.returncode != 0
    assert "MINHBACH_ENV must be 'development' or 'production'." in result.stderr


def test_database_url_selects_postgresql(tmp_path):
    result = run_python(
        "import config.settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'], d['CONN_MAX_AGE'])",
        tmp_path,
        DATABASE_URL="postgres://minhbach@db.example:5433/cms",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "cms",
        "db.example",
        "5433",
        "60",
    ]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="DATABASE_URL points at PostgreSQL: the SQLite WAL check does not apply",
)
def test_sqlite_file_database_runs_in_wal_mode(tmp_path):
    database = tmp_path / "data" / "minhbach.sqlite3"
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor();"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0],"
        " cursor.execute('PRAGMA synchronous').fetchone()[0])"
    )
    result = run_python(
        code,
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1"]  # WAL, synchronous=NORMAL
    assert database.exists()  # its folder was created on start
    # WAL is a property of the file: any other reader (a backup script) sees it too.
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
