"""What the search service indexes from open data: public datasets, as type "dataset".

One document per public dataset (:func:`opendata.selectors.public_datasets`), id = the
dataset's primary key, locale "vi". A dataset is one bilingual object, not a page per
language: the CKAN API, the catalogue page and GraphQL count and page datasets, and two
documents per dataset would count each twice or need a locale to pick. So the English
text goes into the same document, below its Vietnamese counterpart (the English title
in the summary, the English description in the body): an English query finds the
dataset, an exact Vietnamese title still ranks first. ``locales()`` is ["vi"], so that
``search_check`` compares exactly what is indexed.

Slots: title (Vietnamese title) > summary (description, English title) > body (English
description, tags, theme and agency names, resource names and descriptions, column
names and titles of the data dictionaries, the identifier). The identifier is also a
keyword. Facets: agency (publisher code, its name), theme (slug), tag (name), format
(resource formats in upper case, as the CKAN API shows them), licence (id) and year (of
the last publication). date = last published (CKAN metadata_modified), created = first
published (metadata_created), name = the dataset's name, uid = its UUID (CKAN's id).

Indexing follows the dataset itself through search.signals (every save and delete:
publishing, unpublishing, private, expiry), and what is indexed from around it through
``depends_on``: a resource saved or deleted, a file's ingestion finishing (its format and
data dictionary), a theme, tag, licence or agency renamed re-index the datasets concerned.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag

from cms.models import Agency
from opendata.models import DataFile, Dataset, Licence, Resource, Theme
from opendata.selectors import public_datasets
from search.documents import Document
from search.registry import Dependency, DocumentType, register
from search.vocabulary import INTEGER, Facet

TYPE = "dataset"
LOCALE = "vi"

# Agency and year are news' and procedures' too: described where the CMS declares them.
AGENCY = Facet("agency")
YEAR = Facet("year", kind=INTEGER)
FORMAT = Facet("format", 'Resource formats, e.g. ["CSV"] (datasets).')
LICENCE = Facet("licence", 'Licence ids, e.g. ["CC-BY-4.0"] (datasets).')
THEME = Facet("theme", "Theme slugs, also CKAN group names (datasets).")
# Many values, each rare: counted only when asked for.
TAG = Facet("tag", "Tags, exactly (datasets).", by_default=False)


def _public_resources() -> QuerySet[Resource]:
    """Resources as the public sees them: no file, or a file that passed ingestion."""
    return (
        Resource.objects.filter(Q(data_file__isnull=True) | Q(data_file__status="ready"))
        .select_related("data_file")
        .order_by("sort_order", "pk")
    )


def resource_format(resource: Resource) -> str:
    """The format the format facet counts: the editor's, else the one ingestion detected."""
    if resource.format:
        return resource.format.upper()
    if resource.data_file_id and resource.data_file.format:
        return resource.data_file.format.upper()
    return ""


def _page_url(name: str) -> str:
    """The dataset's page in Vietnamese, whatever language the indexing request speaks."""
    with translation.override(LOCALE):
        return reverse("catalogue:dataset-detail", kwargs={"name": name})


def _columns(resource: Resource) -> list[str]:
    words = []
    for column in resource.get_data_dictionary():
        if isinstance(column, dict):
            words += [str(column.get(key) or "") for key in ("name", "title", "description")]
    return words


class DatasetDocument(DocumentType):
    name = TYPE
    model = Dataset
    label = "Bộ dữ liệu"
    facets = (AGENCY, YEAR, FORMAT, LICENCE, THEME, TAG)
    depends_on = (
        Dependency(Agency, "publisher"),
        Dependency(Licence, "licence"),
        Dependency(Theme, "themes"),
        Dependency(Tag, "tagged_items__tag"),
        Dependency(Resource, "resources"),
        # Ingestion finishing sets the format and the data dictionary; a rejected file
        # drops its resource from what the public sees.
        Dependency(DataFile, "resources__data_file"),
    )

    def visible(self) -> QuerySet:
        return public_datasets()

    def by_locale(self, locale: str) -> QuerySet:
        return self.visible() if locale == LOCALE else self.visible().none()

    def locales(self) -> list[str]:
        return [LOCALE]

    def prepare(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("publisher", "licence").prefetch_related(
            "themes",
            "tagged_items__tag",
            Prefetch("resources", queryset=_public_resources(), to_attr="indexed_resources"),
        )

    def to_document(self, dataset: Dataset) -> Document:
        agency = dataset.publisher
        themes = list(dataset.themes.all())
        tags = [item.tag.name for item in dataset.tagged_items.all()]
        resources = dataset.indexed_resources
        formats = dict.fromkeys(fmt for fmt in map(resource_format, resources) if fmt)
        facets = {
            "agency": [AGENCY.term(agency.code, agency.name)],
            "theme": [THEME.term(theme.slug, theme.name) for theme in themes],
            "tag": [TAG.term(tag) for tag in dict.fromkeys(tags)],
            "format": [FORMAT.term(fmt) for fmt in formats],
            "licence": [LICENCE.term(dataset.licence_id, dataset.licence.name)],
        }
        if dataset.last_published_at:
            facets["year"] = [YEAR.term(dataset.last_published_at.year)]
        body = [
            dataset.description_en,
            *tags,
            *(f"{theme.name} {theme.name_en}" for theme in themes),
            agency.name,
            agency.name_en,
            agency.code,
            *(
                part
                for resource in resources
                for part in (
                    resource.name,
                    resource.name_en,
                    resource.description,
                    resource.description_en,
                    *_columns(resource),
                )
            ),
            dataset.identifier,
        ]
        return Document(
            type=TYPE,
            id=str(dataset.pk),
            locale=LOCALE,
            title=dataset.title,
            summary=" ".join(part for part in (dataset.description, dataset.title_en) if part),
            body=" ".join(part for part in body if part),
            codes=[dataset.identifier] if dataset.identifier else [],
            facets=facets,
            date=dataset.last_published_at,
            created=dataset.first_published_at,
            name=dataset.name,
            uid=str(dataset.uuid),
            expire_at=dataset.expire_at,
            url=_page_url(dataset.name),
        )


register(DatasetDocument())
