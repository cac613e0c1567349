"""Admin log-ins are throttled per user name and per address (django-axes), with a page in
Vietnamese, and an administrator unlocks in the admin."""

import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "mat-khau-dung-2025"


@pytest.fixture
def limit(settings) -> int:
    settings.AXES_FAILURE_LIMIT = 3
    return 3


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("bientap", password=PASSWORD, is_staff=False)


def log_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(response) -> bool:
    return response.status_code == 302 and "/login/" not in response["Location"]


def test_the_right_password_after_too_many_wrong_ones_is_refused(client, editor, limit):
    for _ in range(limit - 1):
        assert log_in(client, "bientap", "sai").status_code == 200  # the form again
    assert log_in(client, "bientap", "sai").status_code == 429  # the last one locks
    response = log_in(client, "bientap", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Đăng nhập tạm thời bị khóa" in page
    assert "Sau 3 lần nhập sai mật khẩu" in page and "Hãy thử lại sau 15 phút" in page


def test_one_user_name_is_locked_from_every_address(client, editor, limit):
    for n in range(limit):
        log_in(client, "bientap", "sai", address=f"10.0.1.{n}")
    assert log_in(Client(), "bientap", PASSWORD, address="10.0.2.1").status_code == 429


def test_one_address_is_locked_for_every_user_name(client, editor, limit):
    for n in range(limit):
        log_in(client, f"khong-co-{n}", "sai", address="10.0.3.1")
    assert log_in(Client(), "bientap", PASSWORD, address="10.0.3.1").status_code == 429
    assert logged_in(log_in(Client(), "bientap", PASSWORD, address="10.0.3.2"))


def test_a_success_before_the_limit_starts_the_count_again(client, editor, limit):
    for _ in range(limit - 1):
        log_in(client, "bientap", "sai")
    assert logged_in(log_in(Client(), "bientap", PASSWORD))
    for _ in range(limit - 1):
        log_in(client, "bientap", "sai")
    assert logged_in(log_in(Client(), "bientap", PASSWORD))


def test_an_administrator_unlocks_in_the_admin(client, editor, limit, admin_client):
    for _ in range(limit):
        log_in(client, "bientap", "sai")
    assert log_in(client, "bientap", PASSWORD).status_code == 429

    listing = admin_client.get(reverse("lockouts:index"))
    assert listing.status_code == 200 and "bientap" in listing.content.decode()
    for attempt in AccessAttempt.objects.all():
        response = admin_client.post(reverse("lockouts:delete", args=[attempt.pk]))
        assert response.status_code == 302

    assert logged_in(log_in(Client(), "bientap", PASSWORD))


def test_an_editor_cannot_see_the_lockouts(editor_client):
    response = editor_client.get(reverse("lockouts:index"))
    assert response.status_code in (302, 403)


def test_the_lockouts_are_in_the_settings_menu(admin_client):
    page = admin_client.get("/admin/").content.decode()
    # The sidebar is drawn from JSON in the page (non-ASCII letters escaped).
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    menu = json.dumps(json.loads(props.group(1)), ensure_ascii=False)
    assert "Cài đặt" in menu and "Đăng nhập bị khóa" in menu
    assert reverse("lockouts:index") in menu
