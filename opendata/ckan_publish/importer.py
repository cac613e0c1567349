"""Harvest the other way: datasets of any CKAN catalog become drafts here, for migration.

Pages of ``package_search`` are read (the source's search works, unlike a target's); each
package becomes a draft dataset, never published: an editor reviews it and sends it through
the workflow. Organizations map to agencies (by the CKAN_ORGANIZATIONS mapping, else by
code), licences by their CKAN id, groups to themes, extras back to coverage and frequency.
Resources come in as links to the source's files. A package whose name exists here is
skipped, so a second run only adds what is new. The source is read through the publisher's
client (opendata/ckan_publish/client.py), with its timeout and its errors.
"""

import datetime
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from cms.models import Agency
from opendata.ckan_publish.client import CKANClient, CKANError
from opendata.ckan_publish.config import targets
from opendata.models import Dataset, Frequency, Licence, Province, Resource, Theme
from opendata.models.reference import ckan_name_from

logger = logging.getLogger(__name__)


class ImportFailed(Exception):
    """The source cannot be read as a CKAN catalog."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"{len(self.created)} drafts created, {len(self.skipped)} already here, "
            f"{len(self.refused)} refused"
        )


def packages(source: CKANClient, rows: int, limit: int | None) -> Iterator[dict]:
    """Every package of the source, page after page, up to ``limit``."""
    seen = 0
    try:
        for package in source.search_packages(rows, sort="name asc"):
            yield package
            seen += 1
            if limit is not None and seen >= limit:
                return
    except CKANError as error:
        raise ImportFailed(error.message) from error


def run_import(
    url: str,
    *,
    token: str = "",
    agency_code: str = "",
    prefix: str = "",
    rows: int = 100,
    limit: int | None = None,
) -> ImportReport:
    report = ImportReport()
    default_agency = None
    if agency_code:
        default_agency = Agency.objects.filter(code=agency_code).first()
        if default_agency is None:
            raise ImportFailed(f"No agency with the code {agency_code!r}.")
    # An import runs in the background like the sync loop, so it gets the loop's timeout.
    with CKANClient.for_source(url, token, settings.CKAN_WORKER_TIMEOUT) as source:
        for package in packages(source, rows, limit):
            name = f"{prefix}{package.get('name', '')}"[:100]
            if Dataset.objects.filter(name=name).exists():
                report.skipped.append(name)
                continue
            try:
                with transaction.atomic():
                    import_package(package, name, default_agency)
            except (ValidationError, ValueError) as error:
                report.refused[name or "?"] = _message(error)
                continue
            report.created.append(name)
    return report


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return str(error)


# ---------------------------------------------------------------------------- mapping back


def _agency(package: dict[str, Any], default: Agency | None) -> Agency:
    org = package.get("organization") or {}
    name = org.get("name") if isinstance(org, dict) else None
    if not name:
        if default is None:
            raise ValueError("The package has no organization; give --agency.")
        return default
    for target in targets():
        for code, org_name in target.organizations.items():
            if org_name == name and (agency := Agency.objects.filter(code=code).first()):
                return agency
    code = re.sub(r"[^A-Z0-9._-]", "-", name.upper())[:32]
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        agency = Agency(code=code, name=org.get("title") or name, kind=Agency.Kind.UNIT)
        agency.full_clean()
        agency.save()
    return agency


def _licence(package: dict[str, Any]) -> Licence:
    licence_id = package.get("license_id") or ""
    found = (
        Licence.objects.filter(ckan_id=licence_id).first()
        or Licence.objects.filter(pk=licence_id).first()
    )
    return found or Licence.objects.get(pk="other")


def _themes(package: dict[str, Any]) -> list[Theme]:
    themes = []
    for group in package.get("groups") or []:
        slug = group.get("name") or ""
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            theme = Theme(slug=slug, name=group.get("title") or group.get("display_name") or slug)
            theme.full_clean()
            theme.save()
        themes.append(theme)
    return themes


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def import_package(package: dict[str, Any], name: str, default_agency: Agency | None) -> Dataset:
    extras = {e.get("key"): e.get("value") or "" for e in package.get("extras") or []}
    frequency = extras.get("frequency", "")
    title = (package.get("title") or package.get("name") or "").strip()
    dataset = Dataset(
        name=name or ckan_name_from(title),
        title=title[:255],
        title_en=extras.get("title_en", "")[:255],
        description=package.get("notes") or title,
        description_en=extras.get("notes_en", ""),
        publisher=_agency(package, default_agency),
        licence=_licence(package),
        maintainer=(package.get("maintainer") or "")[:255],
        maintainer_email=package.get("maintainer_email") or "",
        version=(package.get("version") or "")[:100],
        identifier=extras.get("identifier", "")[:255],
        frequency=frequency if frequency in Frequency.values else Frequency.UNKNOWN,
        temporal_start=_date(extras.get("temporal_start", "")),
        temporal_end=_date(extras.get("temporal_end", "")),
        live=False,
    )
    try:
        validate_email(dataset.maintainer_email or "x@example.org")
    except ValidationError:
        dataset.maintainer_email = ""  # an address the source took and we refuse: left out
    dataset.full_clean()
    dataset.save()
    dataset.themes.set(_themes(package))
    dataset.tags.set([tag["name"] for tag in package.get("tags") or [] if tag.get("name")])
    places = [p.strip() for p in extras.get("spatial_text", "").split(",") if p.strip()]
    if places:
        dataset.provinces.set(Province.objects.filter(name__in=places))
    for position, remote in enumerate(package.get("resources") or []):
        if not remote.get("url"):
            continue
        resource = Resource(
            dataset=dataset,
            sort_order=position,
            name=(remote.get("name") or remote["url"].rsplit("/", 1)[-1] or "tệp")[:255],
            description=remote.get("description") or "",
            url=remote["url"],
            format=(remote.get("format") or "")[:16],
        )
        resource.full_clean(exclude=["dataset"])
        resource.save()
    dataset.save()
    dataset.save_revision()  # a draft in the workflow; an editor submits it
    return dataset
