"""The dataset page's schema.org ``Dataset``, as JSON-LD in the page's head.

Search engines (Google Dataset Search among them) read schema.org rather than DCAT; the
fields are those their guides name, from the same public dataset as the page and DCAT.
The ``@id`` is the dataset's DCAT URI, so that both descriptions name one thing.
"""

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from core.http.urls import absolute
from opendata.dcat import vocabulary
from opendata.models import Dataset, Resource

# Inside <script>, "</script>" or "<!--" in a title must not end the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _organization(agency, language: str) -> dict[str, Any]:
    organization = {
        "@type": "GovernmentOrganization",
        "name": agency.localized_name(language),
        "identifier": agency.code,
    }
    if agency.website:
        organization["url"] = agency.website
    return organization


def _temporal_coverage(dataset: Dataset) -> str | None:
    """An ISO 8601 interval; ``..`` for an open end, as schema.org's own examples write it."""
    if not (dataset.temporal_start or dataset.temporal_end):
        return None
    start = dataset.temporal_start.isoformat() if dataset.temporal_start else ".."
    end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
    return f"{start}/{end}"


def _spatial_coverage(dataset: Dataset, language: str) -> list[dict[str, Any]]:
    provinces = list(dataset.provinces.all())
    if not provinces:
        name = "Việt Nam" if language == "vi" else "Viet Nam"
        return [{"@type": "Country", "name": name, "sameAs": str(vocabulary.VIETNAM)}]
    return [
        {"@type": "AdministrativeArea", "name": p.localized_name(language), "identifier": p.code}
        for p in provinces
    ]


def _distribution(resource: Resource, language: str) -> dict[str, Any]:
    data_file = resource.data_file
    fmt = resource.get_format()
    media = vocabulary.resource_media_type(resource, fmt)
    download = {
        "@type": "DataDownload",
        "name": resource.localized_name(language),
        "contentUrl": absolute(resource.get_download_url()),
        "encodingFormat": media.split(";")[0].strip() or fmt,
    }
    if data_file is not None and data_file.size is not None:
        download["contentSize"] = f"{data_file.size} B"
    if data_file is not None and data_file.sha256:
        download["sha256"] = data_file.sha256
    return download


def schema_org_dataset(
    dataset: Dataset, resources: list[Resource], page_url: str, language: str
) -> dict[str, Any]:
    """The schema.org ``Dataset`` of a public dataset and its public ``resources``."""
    publisher = _organization(dataset.publisher, language)
    identifiers = [dataset.identifier] if dataset.identifier else []
    identifiers.append(f"urn:uuid:{dataset.uuid}")
    licence = dataset.licence
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": absolute(f"/dataset/{dataset.uuid}"),
        "name": dataset.localized_title(language),
        "description": dataset.localized_description(language),
        "url": page_url,
        "identifier": identifiers,
        "inLanguage": "en" if language == "en" and dataset.title_en else "vi",
        "creator": publisher,
        "publisher": publisher,
        "keywords": sorted(item.tag.name for item in dataset.tagged_items.all()),
        "isAccessibleForFree": True,
        "spatialCoverage": _spatial_coverage(dataset, language),
        "distribution": [_distribution(resource, language) for resource in resources],
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": settings.WAGTAIL_SITE_NAME,
            "url": absolute("/dataset/"),
        },
    }
    ckan = vocabulary.CKAN_LICENCES.get(licence.ckan_id)
    if licence_url := licence.url or (ckan.url if ckan else ""):
        data["license"] = licence_url
    else:
        data["license"] = {"@type": "CreativeWork", "name": licence.localized_name(language)}
    if coverage := _temporal_coverage(dataset):
        data["temporalCoverage"] = coverage
    if dataset.version:
        data["version"] = dataset.version
    if dataset.first_published_at:
        data["datePublished"] = dataset.first_published_at.isoformat(timespec="seconds")
    modified = dataset.last_published_at or dataset.updated_at
    data["dateModified"] = modified.isoformat(timespec="seconds")
    return data


def as_script(data: dict[str, Any]) -> SafeString:
    """``data`` as the text of a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))
