"""E-mail settings (workflow notifications) and an admin that calls no outside host."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.settings import email_from_url
from tests.test_settings import run_python


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp://thong.bao%40so.gov.vn:mat%2Fkhau@mail.so.gov.vn:587?tls=1",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.so.gov.vn",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "thong.bao@so.gov.vn",
                "EMAIL_HOST_PASSWORD": "mat/khau",
                "EMAIL_USE_SSL": False,
                "EMAIL_USE_TLS": True,
                "EMAIL_TIMEOUT": 10,
            },
        ),
        (
            "smtps://mail.so.gov.vn",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.so.gov.vn",
                "EMAIL_PORT": 465,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
                "EMAIL_USE_SSL": True,
                "EMAIL_USE_TLS": False,
                "EMAIL_TIMEOUT": 10,
            },
        ),
    ],
)
def test_email_url(url, expected):
    assert email_from_url(url) == expected


def test_an_unknown_email_url_is_refused():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_from_url("imap://mail.so.gov.vn")


def test_development_prints_mail_and_production_reads_email_url(tmp_path):
    code = "import config.settings as s; print(s.EMAIL_BACKEND, getattr(s, 'EMAIL_HOST', '-'))"
    development = run_python(code, tmp_path)
    assert development.stdout.split() == ["django.core.mail.backends.console.EmailBackend", "-"]
    production = run_python(
        code,
        tmp_path,
        MINHBACH_ENV="production",
        SECRET_KEY="k3v9-7f2b-production-secret-for-the-test-only-a8d1e0",
        EMAIL_URL="smtp://mail.so.gov.vn:25",
    )
    assert production.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.so.gov.vn",
    ], production.stderr


@pytest.mark.django_db
def test_the_admin_calls_no_outside_host(client, site):
    admin = User.objects.create_superuser("quantri", "quantri@so.gov.vn", "mat-khau-thu-nghiem")
    client.force_login(admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # Avatars would come from Gravatar, the release check from Wagtail's servers.
    assert "gravatar.com" not in html
    assert 'data-controller="w-upgrade' not in html
