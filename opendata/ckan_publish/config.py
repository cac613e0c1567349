"""The CKAN catalogs datasets are published to, read from settings.

One target from CKAN_URL / CKAN_API_TOKEN / CKAN_ORGANIZATIONS / CKAN_WITHDRAW, or several
from CKAN_TARGETS (a JSON list), e.g. a national catalog and a provincial one that only
takes its province's agencies. No target configured: publishing is off.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

WITHDRAW_MODES = ("delete", "private")
DEFAULT_TARGET = "default"


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    token: str
    # Agency code -> CKAN organization name; agencies not listed get a name from their code.
    organizations: dict[str, str] = field(default_factory=dict)
    # Agency codes whose datasets go to this target; empty: every agency.
    agencies: frozenset[str] = frozenset()
    withdraw: str = "delete"

    def accepts(self, agency_code: str) -> bool:
        return not self.agencies or agency_code in self.agencies


def parse_organizations(value: str | dict) -> dict[str, str]:
    """``"BTTTT=bo-tttt, UBND-HN=ha-noi"``, or a JSON object, or a dict -> {code: name}."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    value = value.strip()
    if not value:
        return {}
    if value.startswith("{"):
        try:
            return parse_organizations(json.loads(value))
        except json.JSONDecodeError as error:
            raise ImproperlyConfigured(f"CKAN_ORGANIZATIONS is not valid JSON: {error}") from None
    pairs = {}
    for item in value.split(","):
        code, sep, name = item.partition("=")
        if not sep or not code.strip() or not name.strip():
            raise ImproperlyConfigured(
                f"CKAN_ORGANIZATIONS: {item.strip()!r} is not of the form AGENCY_CODE=ckan-org."
            )
        pairs[code.strip()] = name.strip()
    return pairs


def _target(raw: dict, default_name: str) -> Target:
    if not isinstance(raw, dict) or not raw.get("url"):
        raise ImproperlyConfigured('Each CKAN target needs at least a "url".')
    withdraw = raw.get("withdraw", settings.CKAN_WITHDRAW)
    if withdraw not in WITHDRAW_MODES:
        raise ImproperlyConfigured(f"CKAN withdraw mode must be one of {WITHDRAW_MODES}.")
    name = str(raw.get("name") or default_name)
    if len(name) > 64:
        raise ImproperlyConfigured("A CKAN target's name has at most 64 characters.")
    return Target(
        name=name,
        url=str(raw["url"]).rstrip("/"),
        token=str(raw.get("token", "")),
        organizations=parse_organizations(raw.get("organizations") or {}),
        agencies=frozenset(raw.get("agencies") or ()),
        withdraw=withdraw,
    )


def targets() -> list[Target]:
    """The configured targets, in order; empty when publishing is off."""
    if settings.CKAN_TARGETS.strip():
        try:
            raw = json.loads(settings.CKAN_TARGETS)
        except json.JSONDecodeError as error:
            raise ImproperlyConfigured(f"CKAN_TARGETS is not valid JSON: {error}") from None
        if not isinstance(raw, list):
            raise ImproperlyConfigured("CKAN_TARGETS must be a JSON list of targets.")
        found = [_target(item, f"target-{n + 1}") for n, item in enumerate(raw)]
        if len({t.name for t in found}) != len(found):
            raise ImproperlyConfigured("CKAN_TARGETS: two targets have the same name.")
        return found
    if not settings.CKAN_URL:
        return []
    return [
        _target(
            {
                "name": DEFAULT_TARGET,
                "url": settings.CKAN_URL,
                "token": settings.CKAN_API_TOKEN,
                "organizations": settings.CKAN_ORGANIZATIONS,
            },
            DEFAULT_TARGET,
        )
    ]
