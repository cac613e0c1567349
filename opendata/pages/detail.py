"""What the dataset page shows: the public dataset with its resources, sizes and links."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from core.http.urls import absolute
from opendata.dcat.negotiation import FORMATS
from opendata.models import Dataset, Resource
from opendata.pages.citation import Citation, cite
from opendata.pages.structured_data import as_script, schema_org_dataset
from opendata.selectors import public_datasets, public_resources

PREVIEW_ROWS_SHOWN = 20
_UNITS = ("B", "KB", "MB", "GB", "TB")


def human_size(size: int | None) -> str:
    """1536000 → "1,5 MB" in Vietnamese, "1.5 MB" in English (units of 1000, as disks do)."""
    if size is None:
        return ""
    value, unit = float(size), 0
    while value >= 1000 and unit < len(_UNITS) - 1:
        value /= 1000
        unit += 1
    decimals = 0 if unit == 0 or value >= 100 else 1
    return f"{number_format(value, decimals, force_grouping=True)} {_UNITS[unit]}"


@dataclass(frozen=True)
class ResourceView:
    resource: Resource
    name: str
    description: str
    format: str
    download_url: str
    is_file: bool
    size: str
    size_bytes: int | None
    sha256: str
    dictionary: list[dict]
    preview_header: list
    preview_rows: list[list]
    row_count: int | None


@dataclass(frozen=True)
class DatasetPage:
    dataset: Dataset
    title: str
    description: str
    publisher: str
    themes: list[str]
    tags: list[str]
    provinces: list[str]
    resources: list[ResourceView]
    citation: Citation
    api_url: str
    dcat_urls: list[tuple[str, str, str]]  # (format name, media type, URL)
    schema_org: SafeString  # the schema.org Dataset, JSON-LD for a <script> element


def find_public_dataset(name: str) -> Dataset | None:
    return (
        public_datasets()
        .filter(name=name)
        .select_related("publisher", "licence")
        .prefetch_related(
            "themes",
            "tagged_items__tag",
            "provinces",
            Prefetch(
                "resources",
                queryset=public_resources().select_related("data_file").order_by("sort_order"),
                to_attr="public_resources",
            ),
        )
        .first()
    )


def dataset_page(dataset: Dataset, page_path: str, language: str) -> DatasetPage:
    """Everything the template shows; ``page_path`` is the page's path in this language."""
    page_url = absolute(page_path)
    return DatasetPage(
        dataset=dataset,
        title=dataset.localized_title(language),
        description=dataset.localized_description(language),
        publisher=dataset.publisher.localized_name(language),
        themes=[theme.localized_name(language) for theme in dataset.themes.all()],
        tags=sorted(item.tag.name for item in dataset.tagged_items.all()),
        provinces=[province.localized_name(language) for province in dataset.provinces.all()],
        resources=[_resource_view(r, language) for r in dataset.public_resources],
        citation=cite(dataset, page_url, timezone.localdate()),
        api_url=f"/api/3/action/package_show?id={dataset.name}",
        dcat_urls=[
            (label, FORMATS[extension].media_type, f"/dataset/{dataset.name}.{extension}")
            for label, extension in (("Turtle", "ttl"), ("RDF/XML", "rdf"), ("JSON-LD", "jsonld"))
        ],
        schema_org=as_script(
            schema_org_dataset(dataset, dataset.public_resources, page_url, language)
        ),
    )


def _resource_view(resource: Resource, language: str) -> ResourceView:
    data_file = resource.data_file
    preview = (data_file.preview if data_file else None) or {}
    description = resource.description_en if language == "en" else resource.description
    return ResourceView(
        resource=resource,
        name=resource.localized_name(language),
        description=description or resource.description,
        format=resource.get_format(),
        download_url=resource.get_download_url(),
        is_file=data_file is not None,
        size=human_size(data_file.size) if data_file else "",
        size_bytes=data_file.size if data_file else None,
        sha256=data_file.sha256 if data_file else "",
        dictionary=resource.get_data_dictionary(),
        preview_header=list(preview.get("header") or []),
        preview_rows=list(preview.get("rows") or [])[:PREVIEW_ROWS_SHOWN],
        row_count=data_file.row_count if data_file else None,
    )
