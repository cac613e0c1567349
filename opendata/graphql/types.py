"""GraphQL types of the open-data catalogue: datasets, their resources, reference lists.

A dataset carries both languages on one object (unlike pages, which are translated page by
page): ``title`` is Vietnamese and ``titleEn`` English, as for agencies and legal documents.
"""

import graphene
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.graphql import Agency, content_loaders
from core.graphql.enums import LocaleEnum, value_of
from core.graphql.errors import bad_user_input
from core.http.urls import absolute
from opendata.graphql import enums
from opendata.graphql.dataloaders import loaders

MAX_PREVIEW_ROWS = 100


class Licence(graphene.ObjectType):
    id = graphene.ID(required=True, description='SPDX identifier where one exists: "CC-BY-4.0".')
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)
    url = graphene.String(required=True, description="The licence's text.")
    is_open = graphene.Boolean(required=True, description="Conforms to the Open Definition.")


class Theme(graphene.ObjectType):
    slug = graphene.String(required=True, description="Also its CKAN group name.")
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)
    description = graphene.String(required=True)
    description_en = graphene.String(required=True)
    eu_theme = graphene.Field(enums.EuDataTheme)

    def resolve_eu_theme(theme, info):
        return theme.eu_theme or None


class Province(graphene.ObjectType):
    code = graphene.String(required=True, description="Code of the General Statistics Office.")
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)


class DataField(graphene.ObjectType):
    """A column of a table, as the data dictionary describes it."""

    name = graphene.String(required=True)
    type = graphene.String(
        required=True, description='A Frictionless Table Schema type: "integer", "date", ...'
    )
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    unit = graphene.String(required=True)

    @staticmethod
    def from_dict(field: dict) -> "DataField":
        return DataField(
            **{
                name: str(field.get(name) or "")
                for name in ("name", "type", "title", "description", "unit")
            }
        )


class Preview(graphene.ObjectType):
    header = graphene.List(graphene.NonNull(graphene.String), required=True)
    rows = graphene.List(
        graphene.NonNull(graphene.List(graphene.String)),
        required=True,
        description="Cells as text, null where empty; the data dictionary gives their types.",
    )


def _cell(value) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _of_file(resource, attribute: str):
    """What ingestion learnt about a resource's file; null for a link (or if unknown)."""
    if not resource.data_file_id:
        return None
    value = getattr(resource.data_file, attribute)
    return None if value == "" else value


class Resource(graphene.ObjectType):
    """A file or a link of a dataset. Files are listed once ingestion has accepted them."""

    id = graphene.ID(required=True, description="Stable, as in the CKAN API (a UUID).")
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)
    description = graphene.String(required=True)
    description_en = graphene.String(required=True)
    format = graphene.String(required=True, description='"CSV", "XLSX", "JSON", "PDF", ...')
    media_type = graphene.String(description="Of an uploaded file; null for a link.")
    size = graphene.BigInt(description="Bytes of an uploaded file; null for a link.")
    sha256 = graphene.String(description="Checksum of an uploaded file; null for a link.")
    download_url = graphene.String(
        required=True, description="Absolute: our stable download URL, or the external link."
    )
    is_link = graphene.Boolean(required=True, description="An external link, not a file here.")
    row_count = graphene.BigInt(description="Rows of a table; null if not tabular.")
    data_dictionary = graphene.List(
        graphene.NonNull(DataField),
        required=True,
        description="The columns of a table: the editor's dictionary, or the inferred one.",
    )
    preview = graphene.Field(
        Preview,
        first=graphene.Int(default_value=10, description=f"Rows, 1 to {MAX_PREVIEW_ROWS}."),
        description="The first rows of a table; null if the file is not tabular.",
    )

    def resolve_id(resource, info):
        return resource.uuid

    def resolve_format(resource, info):
        return resource.get_format()

    def resolve_media_type(resource, info):
        return _of_file(resource, "media_type")

    def resolve_size(resource, info):
        return _of_file(resource, "size")

    def resolve_sha256(resource, info):
        return _of_file(resource, "sha256")

    def resolve_download_url(resource, info):
        if resource.data_file_id:
            return absolute(resource.get_download_url())
        return resource.url

    def resolve_is_link(resource, info):
        return not resource.data_file_id

    def resolve_row_count(resource, info):
        return _of_file(resource, "row_count")

    def resolve_data_dictionary(resource, info):
        return [DataField.from_dict(field) for field in resource.get_data_dictionary()]

    def resolve_preview(resource, info, first):
        if first is None or not 1 <= first <= MAX_PREVIEW_ROWS:
            raise bad_user_input(
                f"first must be between 1 and {MAX_PREVIEW_ROWS}, got {first}.", argument="first"
            )
        preview = resource.data_file.preview if resource.data_file_id else None
        if not preview or not preview.get("header"):
            return None
        return Preview(
            header=[str(cell) for cell in preview["header"]],
            rows=[[_cell(cell) for cell in row] for row in preview.get("rows", [])[:first]],
        )


class Dataset(graphene.ObjectType):
    """An open dataset (a CKAN package), with its files and links."""

    id = graphene.ID(required=True, description="Stable, as in the CKAN API (a UUID).")
    name = graphene.String(required=True, description="In URLs and the CKAN API.")
    title = graphene.String(required=True, description="In Vietnamese.")
    title_en = graphene.String(required=True, description="In English; may be empty.")
    description = graphene.String(required=True, description="In Vietnamese, plain text.")
    description_en = graphene.String(required=True, description="In English; may be empty.")
    publisher = graphene.Field(Agency, required=True)
    maintainer = graphene.String(required=True)
    maintainer_email = graphene.String(required=True)
    licence = graphene.Field(Licence, required=True)
    themes = graphene.List(graphene.NonNull(Theme), required=True)
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    frequency = graphene.Field(enums.DatasetFrequency, required=True)
    temporal_start = graphene.Date(description="First day the data covers.")
    temporal_end = graphene.Date(description="Last day the data covers.")
    provinces = graphene.List(
        graphene.NonNull(Province), required=True, description="Empty: the whole country."
    )
    version = graphene.String(required=True)
    identifier = graphene.String(
        required=True, description="A persistent identifier (a DOI...); else the dataset's URL."
    )
    issued = graphene.DateTime(description="First published.")
    modified = graphene.DateTime(description="Last published.")
    url = graphene.String(
        required=True,
        locale=LocaleEnum(default_value=settings.LANGUAGE_CODE),
        description="Absolute URL of the dataset's page for people, in a language.",
    )
    resources = graphene.List(graphene.NonNull(Resource), required=True)

    def resolve_id(dataset, info):
        return dataset.uuid

    def resolve_publisher(dataset, info):
        return content_loaders(info).agency.load(dataset.publisher_id)

    def resolve_licence(dataset, info):
        return dataset.licence

    def resolve_themes(dataset, info):
        return loaders(info).themes.load(dataset.pk)

    def resolve_tags(dataset, info):
        return loaders(info).tags.load(dataset.pk)

    def resolve_provinces(dataset, info):
        return loaders(info).provinces.load(dataset.pk)

    def resolve_identifier(dataset, info):
        return dataset.identifier or dataset_url(dataset.name)

    def resolve_issued(dataset, info):
        return dataset.first_published_at

    def resolve_modified(dataset, info):
        return dataset.last_published_at

    def resolve_url(dataset, info, locale):
        return dataset_url(dataset.name, value_of(locale))

    def resolve_resources(dataset, info):
        return loaders(info).resources.load(dataset.pk)


def dataset_url(name: str, language: str | None = None) -> str:
    # The researchers' page: /dataset/<name>/ in Vietnamese, /en/dataset/<name>/ in English.
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute(reverse("catalogue:dataset-detail", kwargs={"name": name}))
