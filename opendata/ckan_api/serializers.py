"""Datasets, resources, agencies, themes, tags and licences as CKAN's dicts.

The shapes are those of CKAN 2.11 (ckan/lib/dictization/model_dictize.py): a package is
what ``package_show`` returns, an agency is an organization, a theme a group. Translations
are given as ckanext-fluent does (``title_translated``: {"vi": ..., "en": ...}).

Lists are serialized together (``package_dicts``) so that the queries per request do not
grow with the number of datasets.
"""

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Count, Min

from cms.models import Agency
from opendata.models import Dataset, DatasetTag, Licence, Theme
from opendata.selectors import public_datasets, public_resources

# Agencies, themes and tags have no UUID of their own; these ids are derived, and stable.
ID_NAMESPACE = uuid.UUID("7d1f4a52-6a3e-5b8e-9a0c-2f4d1c3b5e60")


def timestamp(value: datetime.datetime | None) -> str | None:
    """CKAN's timestamps: UTC without a zone, e.g. 2024-05-01T03:04:05.123456."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat()


def derived_id(kind: str, key: object) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}"))


# ---------------------------------------------------------------------------- organizations


def organization_name(agency: Agency) -> str:
    """A CKAN-valid name from the agency code: "UBND-HN" -> "ubnd-hn", "SO.TTTT" -> "so-tttt"."""
    name = agency.code.lower().replace(".", "-")
    return name if len(name) >= 2 else f"{name}-org"


def organization_id(agency: Agency) -> str:
    return derived_id("agency", agency.pk)


def publishing_agencies():
    """Agencies with at least one public dataset: the API's organizations.

    Annotated with ``package_count`` and ``created`` (its first dataset's publication).
    """
    public = public_datasets()
    return Agency.objects.filter(datasets__in=public).annotate(
        package_count=Count("datasets", distinct=True),
        created=Min("datasets__first_published_at"),
    )


def organization_dict(agency: Agency) -> dict[str, Any]:
    """The organization inside a package dict (CKAN's ``table_dictize`` of the group)."""
    return {
        "id": organization_id(agency),
        "name": organization_name(agency),
        "title": agency.name,
        "title_translated": {"vi": agency.name, "en": agency.name_en},
        "type": "organization",
        "description": "",
        "image_url": "",
        "created": timestamp(getattr(agency, "created", None)),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
    }


def organization_show_dict(agency: Agency) -> dict[str, Any]:
    """``organization_show`` (and ``organization_list`` with all_fields) for an annotated agency."""
    extras = [{"key": "website", "value": agency.website}] if agency.website else []
    return {
        **organization_dict(agency),
        "display_name": agency.name,
        "image_display_url": "",
        "package_count": agency.package_count,
        "num_followers": 0,
        "extras": extras,
        "tags": [],
        "groups": [],
        "users": [],
    }


# ---------------------------------------------------------------------------- groups and tags


def group_dict(theme: Theme) -> dict[str, Any]:
    """A group inside a package dict."""
    return {
        "id": derived_id("theme", theme.pk),
        "name": theme.slug,
        "title": theme.name,
        "display_name": theme.name,
        "description": theme.description,
        "image_display_url": "",
    }


def group_show_dict(theme: Theme, package_count: int) -> dict[str, Any]:
    return {
        **group_dict(theme),
        "title_translated": {"vi": theme.name, "en": theme.name_en},
        "description_translated": {"vi": theme.description, "en": theme.description_en},
        "type": "group",
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
        "image_url": "",
        "created": None,
        "package_count": package_count,
        "num_followers": 0,
        "extras": [{"key": "eu_theme", "value": theme.eu_theme}] if theme.eu_theme else [],
        "tags": [],
        "groups": [],
        "users": [],
    }


def tag_dict(name: str) -> dict[str, Any]:
    return {
        "id": derived_id("tag", name),
        "name": name,
        "display_name": name,
        "state": "active",
        "vocabulary_id": None,
    }


def license_dict(licence: Licence) -> dict[str, Any]:
    """As CKAN's licence register gives them: every value is a string, booleans included."""
    return {
        "domain_content": "False",
        "domain_data": "True",
        "domain_software": "False",
        "family": "",
        "id": licence.pk,
        "is_generic": str(licence.pk == "other"),
        "maintainer": "",
        "od_conformance": "approved" if licence.is_open else "not reviewed",
        "osd_conformance": "not reviewed",
        "status": "active",
        "title": licence.name,
        "url": licence.url,
    }


# ---------------------------------------------------------------------------- packages


def prefetch_packages(datasets: Sequence[Dataset]) -> None:
    """Load, in four queries, the related rows ``package_dicts`` reads.

    By hand rather than with prefetch_related: modelcluster's relations clone a queryset
    per dataset there, which cost more than the queries themselves at 100 rows a page.
    Sets ``ckan_resources``, ``ckan_tags``, ``ckan_themes`` and ``ckan_provinces``.
    """
    by_pk = {dataset.pk: dataset for dataset in datasets}
    for dataset in datasets:
        dataset.ckan_resources, dataset.ckan_tags = [], []
        dataset.ckan_themes, dataset.ckan_provinces = [], []
    resources = (
        public_resources()
        .filter(dataset__in=list(by_pk))
        .select_related("data_file")
        .order_by("sort_order", "pk")
    )
    for resource in resources:
        dataset = by_pk[resource.dataset_id]
        resource.dataset = dataset  # its download URL names the dataset
        dataset.ckan_resources.append(resource)
    tags = DatasetTag.objects.filter(content_object__in=list(by_pk)).order_by("tag__name")
    for dataset_id, name in tags.values_list("content_object_id", "tag__name"):
        by_pk[dataset_id].ckan_tags.append(name)
    themes = Dataset.themes.through.objects.filter(dataset__in=list(by_pk))
    for link in themes.select_related("theme").order_by("theme__slug"):
        by_pk[link.dataset_id].ckan_themes.append(link.theme)
    provinces = Dataset.provinces.through.objects.filter(dataset__in=list(by_pk))
    for link in provinces.select_related("province").order_by("province__code"):
        by_pk[link.dataset_id].ckan_provinces.append(link.province)


def package_dicts(datasets: Sequence[Dataset]) -> list[dict[str, Any]]:
    """The package dicts of ``datasets`` (all public), in their order."""
    datasets = list(datasets)
    if not datasets:
        return []
    for dataset in datasets:
        # Loaded by the caller's select_related; read here so a missing join shows at once.
        dataset.publisher  # noqa: B018
        dataset.licence  # noqa: B018
    prefetch_packages(datasets)
    created = dict(
        public_datasets()
        .filter(publisher__in={d.publisher_id for d in datasets})
        .values("publisher")
        .annotate(first=Min("first_published_at"))
        .values_list("publisher", "first")
    )
    base = settings.BASE_URL
    results = []
    for dataset in datasets:
        dataset.publisher.created = created.get(dataset.publisher_id)
        results.append(_package_dict(dataset, base))
    return results


def _package_dict(dataset: Dataset, base: str) -> dict[str, Any]:
    licence = dataset.licence
    modified = dataset.last_published_at or dataset.updated_at
    tags = dataset.ckan_tags
    resources = [
        resource_dict(resource, dataset, position, base)
        for position, resource in enumerate(dataset.ckan_resources)
    ]
    return {
        "id": str(dataset.uuid),
        "name": dataset.name,
        "title": dataset.title.strip(),
        "title_translated": {"vi": dataset.title, "en": dataset.title_en},
        "notes": dataset.description,
        "notes_translated": {"vi": dataset.description, "en": dataset.description_en},
        "author": None,
        "author_email": None,
        "maintainer": dataset.maintainer or None,
        "maintainer_email": dataset.maintainer_email or None,
        "license_id": licence.pk,
        "license_title": licence.name,
        "license_url": licence.url,
        "isopen": licence.is_open,
        "owner_org": organization_id(dataset.publisher),
        "organization": organization_dict(dataset.publisher),
        "creator_user_id": None,
        "private": False,
        "state": "active",
        "type": "dataset",
        "metadata_created": timestamp(dataset.first_published_at or dataset.created_at),
        "metadata_modified": timestamp(modified),
        "version": dataset.version or None,
        "url": f"{base}/dataset/{dataset.name}/",
        "tags": [tag_dict(name) for name in tags],
        "num_tags": len(tags),
        "groups": [group_dict(theme) for theme in dataset.ckan_themes],
        "extras": _extras(dataset),
        "resources": resources,
        "num_resources": len(resources),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


def _extras(dataset: Dataset) -> list[dict[str, str]]:
    provinces = [province.name for province in dataset.ckan_provinces]
    values = {
        "frequency": dataset.frequency,
        "identifier": dataset.identifier,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        # ckanext-dcat's key for a place's label; "spatial" would be read as GeoJSON.
        "spatial_text": ", ".join(provinces),
    }
    return [{"key": key, "value": value} for key, value in sorted(values.items()) if value]


def resource_dict(resource, dataset: Dataset, position: int, base: str) -> dict[str, Any]:
    data_file = resource.data_file if resource.data_file_id else None
    url = resource.get_download_url()
    modified = timestamp(dataset.last_published_at or dataset.updated_at)
    return {
        "id": str(resource.uuid),
        "package_id": str(dataset.uuid),
        "name": resource.name,
        "name_translated": {"vi": resource.name, "en": resource.name_en},
        "description": resource.description,
        "description_translated": {"vi": resource.description, "en": resource.description_en},
        "format": resource.get_format(),
        "mimetype": (data_file.media_type or None) if data_file else None,
        "mimetype_inner": None,
        "size": data_file.size if data_file else None,
        # The SHA-256 of the file, as lowercase hex (CKAN leaves the algorithm unsaid).
        "hash": data_file.sha256 if data_file else "",
        "url": f"{base}{url}" if data_file else url,
        "url_type": "upload" if data_file else None,
        "resource_type": None,
        "created": timestamp(data_file.created_at if data_file else dataset.first_published_at),
        "last_modified": timestamp(data_file.ingested_at) if data_file else None,
        "metadata_modified": modified,
        "cache_url": None,
        "cache_last_updated": None,
        "position": position,
        "state": "active",
        "datastore_active": False,
    }


def public_package_queryset():
    return public_datasets().select_related("publisher", "licence")
