"""A dataset as the package and resource dicts sent to a CKAN catalog, and what CKAN would refuse.

The rules mirrored here are CKAN 2.12's default schema (ckan/logic/schema.py and
ckan/logic/validators.py): ``name_validator`` and ``package_name_validator`` for names,
``tag_length_validator`` and ``tag_name_validator`` for tags, ``email_validator`` for the
maintainer's address, ``owner_org_validator`` and the group names of ``group_name_validator``.
Checking them here lets an editor see a refusal, with its field, before anything is sent.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from cms.models import Agency
from core.http.urls import absolute
from opendata.ckan_publish.config import Target
from opendata.models import DataFile, Dataset, DatasetTag, Resource

NAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
RESERVED_NAMES = frozenset({"new", "edit", "search"})
TAG_RE = re.compile(r"^[\w \-.]*$", re.UNICODE)
TAG_MIN, TAG_MAX = 2, 100
# CKAN's email_pattern (the WHATWG e-mail rule, ASCII only: an IDN domain is refused).
EMAIL_RE = re.compile(
    r"^(?!\.)(?!.*\.$)(?!.*?\.\.)"
    r"[a-zA-Z0-9.!#$%&'*+\/=?^_`{|}~-]+@[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$"
)
# The licence ids of a stock CKAN (ckan/model/license.py); a target may know more, which
# the sync passes in after reading its license_list.
STOCK_LICENCE_IDS = frozenset(
    {
        "notspecified",
        "odc-pddl",
        "odc-odbl",
        "odc-by",
        "cc-zero",
        "cc-by",
        "cc-by-sa",
        "gfdl",
        "other-open",
        "other-pd",
        "other-at",
        "uk-ogl",
        "cc-nc",
        "other-nc",
        "other-closed",
    }
)
# Resources carry our id, so that a resumed push finds what an interrupted one created.
RESOURCE_KEY = "minhbach_id"


@dataclass(frozen=True)
class Problem:
    """Something CKAN would refuse: the CKAN field, and why, for the editor."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class ResourcePlan:
    """One resource as it should be in CKAN; ``upload`` is the file to send, if any."""

    key: str  # our resource's uuid
    fields: dict[str, Any]
    upload: Path | None = None
    upload_name: str = ""
    sha256: str = ""


# ---------------------------------------------------------------------------- packages


def organization_name(agency: Agency, target: Target) -> str:
    """The CKAN organization of an agency: the target's mapping, else from its code."""
    if agency.code in target.organizations:
        return target.organizations[agency.code]
    return agency.code.lower().replace(".", "-")


def dataset_page_url(dataset: Dataset) -> str:
    """The back-link: the dataset's page on this site, as the CKAN-compatible API gives it."""
    return absolute(f"/dataset/{dataset.name}/")


def _tags(dataset: Dataset) -> list[str]:
    names = DatasetTag.objects.filter(content_object=dataset).values_list("tag__name", flat=True)
    return sorted(names)


def package_dict(dataset: Dataset, target: Target) -> dict[str, Any]:
    """The package fields (without resources) that package_create/package_patch receive."""
    provinces = ", ".join(dataset.provinces.order_by("code").values_list("name", flat=True))
    extras = {
        "frequency": dataset.frequency,
        "identifier": dataset.identifier or dataset_page_url(dataset),
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        # ckanext-dcat's key for a place's label ("spatial" would be read as GeoJSON).
        "spatial_text": provinces or "Việt Nam",
        "title_en": dataset.title_en,
        "notes_en": dataset.description_en,
        "minhbach_id": str(dataset.uuid),
    }
    return {
        "name": dataset.name,
        "title": dataset.title.strip(),
        "notes": dataset.description,
        "license_id": dataset.licence.ckan_id,
        "owner_org": organization_name(dataset.publisher, target),
        "maintainer": dataset.maintainer,
        "maintainer_email": dataset.maintainer_email,
        "version": dataset.version,
        "url": dataset_page_url(dataset),
        "private": False,
        "tags": [{"name": name} for name in _tags(dataset)],
        "groups": [
            {"name": slug}
            for slug in dataset.themes.order_by("slug").values_list("slug", flat=True)
        ],
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items()) if v],
    }


def _sendable_resources(dataset: Dataset) -> list[Resource]:
    """The live resources whose file, if any, passed ingestion (as public_resources says)."""
    queryset = Resource.objects.filter(dataset=dataset).filter(
        Q(data_file__isnull=True) | Q(data_file__status=DataFile.Status.READY)
    )
    return list(queryset.select_related("data_file").order_by("sort_order", "pk"))


def resource_plans(dataset: Dataset) -> list[ResourcePlan]:
    """The dataset's resources in order; files up to CKAN_MAX_UPLOAD_MB are uploaded."""
    plans = []
    limit = settings.CKAN_MAX_UPLOAD_MB * 1024 * 1024
    for resource in _sendable_resources(dataset):
        resource.dataset = dataset
        data_file = resource.data_file if resource.data_file_id else None
        fields = {
            RESOURCE_KEY: str(resource.uuid),
            "name": resource.name,
            "description": resource.description,
            "format": resource.get_format(),
        }
        if data_file is None:
            plans.append(ResourcePlan(str(resource.uuid), {**fields, "url": resource.url}))
            continue
        fields |= {
            "mimetype": data_file.media_type,
            "size": data_file.size,
            # The SHA-256 of the bytes, lowercase hex: what decides whether to upload again.
            "hash": data_file.sha256,
        }
        if data_file.size is not None and data_file.size <= limit:
            plans.append(
                ResourcePlan(
                    str(resource.uuid),
                    fields,
                    upload=Path(data_file.file.path),
                    upload_name=resource.filename,
                    sha256=data_file.sha256,
                )
            )
        else:
            url = absolute(resource.get_download_url())
            plans.append(ResourcePlan(str(resource.uuid), {**fields, "url": url}))
    return plans


def content_hash(package: dict[str, Any], plans: list[ResourcePlan]) -> str:
    """What decides idempotency: equal hashes mean nothing new to send."""
    document = {
        "package": package,
        "resources": [{**plan.fields, "upload": bool(plan.upload)} for plan in plans],
    }
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


# ---------------------------------------------------------------------------- comparison


def comparable(package: dict[str, Any]) -> dict[str, Any]:
    """The part of a package that we set, in one shape for what we send and what CKAN shows.

    CKAN answers package_show with more than it was sent (ids, timestamps, its own URLs
    for uploads, ``organization`` beside ``owner_org`` as an id); this keeps what we own.
    """
    org = package.get("organization") or {}
    owner = org.get("name") if isinstance(org, dict) and org else package.get("owner_org")
    resources = []
    for resource in package.get("resources", []):
        uploaded = resource.get("url_type") == "upload" or resource.get("upload")
        resources.append(
            {
                RESOURCE_KEY: resource.get(RESOURCE_KEY, ""),
                "name": resource.get("name") or "",
                "description": resource.get("description") or "",
                "format": (resource.get("format") or "").upper(),
                "mimetype": resource.get("mimetype") or "",
                "size": int(resource["size"]) if resource.get("size") not in (None, "") else None,
                "hash": resource.get("hash") or "",
                "url": "" if uploaded else (resource.get("url") or ""),
            }
        )
    return {
        "name": package.get("name"),
        "title": package.get("title") or "",
        "notes": package.get("notes") or "",
        "license_id": package.get("license_id") or "",
        "owner_org": owner or "",
        "maintainer": package.get("maintainer") or "",
        "maintainer_email": package.get("maintainer_email") or "",
        "version": package.get("version") or "",
        "url": package.get("url") or "",
        "private": bool(package.get("private")),
        "tags": sorted(tag["name"] for tag in package.get("tags", [])),
        "groups": sorted(group["name"] for group in package.get("groups", [])),
        "extras": sorted((e["key"], e["value"]) for e in package.get("extras", []) if e["value"]),
        "resources": resources,
    }


def desired_comparable(package: dict[str, Any], plans: list[ResourcePlan]) -> dict[str, Any]:
    resources = [{**plan.fields, "upload": bool(plan.upload)} for plan in plans]
    return comparable({**package, "resources": resources})


# ---------------------------------------------------------------------------- problems


def _name_problems(field: str, value: str) -> list[Problem]:
    if value in RESERVED_NAMES:
        return [Problem(field, _("CKAN reserves the name %(name)s.") % {"name": value})]
    if not NAME_RE.match(value or ""):
        return [
            Problem(
                field,
                _("Must be 2 to 100 characters: lowercase letters a-z, digits, '-' and '_'."),
            )
        ]
    return []


def _tag_problems(name: str) -> list[Problem]:
    if len(name) < TAG_MIN or len(name) > TAG_MAX:
        return [
            Problem(
                "tags",
                _("Tag %(tag)s must be between 2 and 100 characters long.") % {"tag": name},
            )
        ]
    if not TAG_RE.match(name):
        return [
            Problem(
                "tags",
                _("Tag %(tag)s may only hold letters, digits, spaces and - _ .") % {"tag": name},
            )
        ]
    return []


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def problems(
    dataset: Dataset, target: Target, licence_ids: frozenset[str] | None = None
) -> list[Problem]:
    """What CKAN would refuse in this dataset, field by field; empty: safe to send."""
    package = package_dict(dataset, target)
    found = _name_problems("name", package["name"])
    if not package["title"]:
        found.append(Problem("title", _("The title is empty.")))
    known = licence_ids if licence_ids is not None else STOCK_LICENCE_IDS
    if package["license_id"] not in known:
        found.append(
            Problem(
                "license_id",
                _("The catalog does not know the licence id %(id)s.")
                % {"id": package["license_id"] or "-"},
            )
        )
    found += _name_problems("owner_org", package["owner_org"])
    for group in package["groups"]:
        found += _name_problems("groups", group["name"])
    for tag in package["tags"]:
        found += _tag_problems(tag["name"])
    if package["maintainer_email"] and not EMAIL_RE.match(package["maintainer_email"].strip()):
        found.append(
            Problem("maintainer_email", _("CKAN accepts only e-mail addresses in ASCII letters."))
        )
    if not _is_web_url(package["url"]):
        found.append(
            Problem(
                "url",
                _("The back-link %(url)s is not a web address: check BASE_URL.")
                % {"url": package["url"]},
            )
        )
    for position, plan in enumerate(resource_plans(dataset)):
        if plan.upload is None and not _is_web_url(plan.fields.get("url", "")):
            found.append(Problem(f"resources[{position}].url", _("The link is not a web address.")))
        if not plan.fields["name"].strip():
            found.append(Problem(f"resources[{position}].name", _("The name is empty.")))
    return found
