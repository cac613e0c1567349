"""The production set-up docs/configuration.md shows passes Django's deployment checks,
and its HTTPS settings do what the doc says."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def documented_production_environment() -> dict[str, str]:
    """The variables of the doc's `export` in its Production section, placeholders filled."""
    section = DOC.split("## Production\n", 1)[1]
    export = re.search(r"export (.*?)\n(?!\s)", section, re.S).group(1).replace("\\\n", " ")
    values = dict(pair.split("=", 1) for pair in export.split())
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    values.pop("DATABASE_URL")  # the embedded SQLite is enough for the checks
    return values


def run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "MINHBACH_VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, *code],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_variables_pass_check_deploy(tmp_path):
    env = documented_production_environment()
    assert env["MINHBACH_ENV"] == "production" and env["SECURE_HSTS_SECONDS"] == "31536000"

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)

    assert result.returncode == 0, result.stdout + result.stderr


HTTPS_PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="cms.example.gov.vn")
page = client.get("/tin-chinh-sach/")
health = client.get("/healthz")
secure = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
print(page.status_code, page.get("Location"), health.status_code)
print(secure.get("Strict-Transport-Security"), settings.GRAPHQL_INTROSPECTION)
"""


def test_plain_http_is_redirected_except_the_health_check(tmp_path):
    env = {
        **documented_production_environment(),
        "ALLOWED_HOSTS": "cms.example.gov.vn",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    run(["manage.py", "migrate", "--noinput"], tmp_path, **env)
    result = run(["-c", HTTPS_PROBE], tmp_path, **env)

    assert result.returncode == 0, result.stderr
    redirect, health = result.stdout.splitlines()
    assert redirect.split() == ["301", "https://cms.example.gov.vn/tin-chinh-sach/", "200"]
    assert health == "max-age=31536000 False"
