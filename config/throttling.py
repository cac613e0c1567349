"""Log-in throttling (django-axes, configured in settings): the client's address as the rest
of the product sees it, and the admin's list of lockouts, where deleting one unlocks."""

import ipaddress

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from core.http.ratelimit import client_address


def client_ip(request: HttpRequest) -> str | None:
    """The address the rate limits count (TRUSTED_PROXY_COUNT), when it is an address."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class LockoutViewSet(ModelViewSet):
    """Settings → Locked-out log-ins: every user name and address with failed log-ins;
    deleting a row ends its lockout at once (only administrators see it)."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Locked-out log-ins")
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["username", "ip_address"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    form_fields = ["username", "ip_address"]
    exclude_form_fields = None


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The page a locked-out log-in gets: 429, in the admin's language, with the wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "config/login_locked_out.html", context, status=429)
