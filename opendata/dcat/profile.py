"""Datasets and the catalogue as DCAT-AP graphs (rdflib), after ckanext-dcat's profiles.

URIs follow ckanext-dcat's defaults, so that a harvester sees the same identities as from
a CKAN site: the catalogue is the base URL, a dataset ``<base>/dataset/<id>`` (its UUID,
stable across renames), a distribution ``<base>/dataset/<id>/resource/<resource id>``
and a publisher ``<base>/organization/<agency code>``.

The properties are DCAT-AP 3's, with the DCAT-AP 2 ones that 3 renamed written as well
(``owl:versionInfo`` beside ``dcat:version``) so that older harvesters keep them.
The datasets passed in must come from ``opendata.dcat.queries`` (public, prefetched).
"""

from urllib.parse import quote

from django.conf import settings
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from cms.models import Agency
from core.http.urls import absolute
from opendata.dcat import vocabulary as v
from opendata.dcat.queries import CataloguePage
from opendata.dcat.vocabulary import ADMS, DCAT, DCT, FOAF, SPDX, VCARD
from opendata.models import Dataset, Licence, Resource


def catalog_uri() -> URIRef:
    return URIRef(settings.BASE_URL)


def dataset_uri(dataset: Dataset) -> URIRef:
    return URIRef(absolute(f"/dataset/{dataset.uuid}"))


def distribution_uri(dataset: Dataset, resource: Resource) -> URIRef:
    return URIRef(absolute(f"/dataset/{dataset.uuid}/resource/{resource.uuid}"))


def publisher_uri(agency: Agency) -> URIRef:
    return URIRef(absolute(f"/organization/{quote(agency.code)}"))


def landing_page(dataset: Dataset) -> URIRef:
    return URIRef(absolute(f"/dataset/{dataset.name}/"))


def new_graph() -> Graph:
    # Only our prefixes: rdflib's default set (brick, sosa, ...) would crowd the JSON-LD context.
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in v.PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _bilingual(graph: Graph, subject, predicate, vietnamese: str, english: str) -> None:
    if vietnamese:
        graph.add((subject, predicate, Literal(vietnamese, lang="vi")))
    if english:
        graph.add((subject, predicate, Literal(english, lang="en")))


def add_agent(graph: Graph, agency: Agency) -> URIRef:
    agent = publisher_uri(agency)
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, RDF.type, FOAF.Organization))
    _bilingual(graph, agent, FOAF.name, agency.name, agency.name_en)
    graph.add((agent, DCT.identifier, Literal(agency.code)))
    if agency.website:
        graph.add((agent, FOAF.homepage, URIRef(agency.website)))
    return agent


def _licence(graph: Graph, licence: Licence):
    # A licence without a public text (the register's "other") still gets a node, so that
    # the dataset says which licence it is.
    node = URIRef(licence.url) if licence.url else BNode()
    graph.add((node, RDF.type, DCT.LicenseDocument))
    graph.add((node, DCT.identifier, Literal(licence.pk)))
    _bilingual(graph, node, RDFS.label, licence.name, licence.name_en)
    return node


def _contact_point(graph: Graph, dataset: Dataset) -> None:
    contact = BNode()
    graph.add((dataset_uri(dataset), DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(dataset.maintainer or dataset.publisher.name)))
    if dataset.maintainer_email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.maintainer_email}")))
    elif dataset.publisher.website:
        graph.add((contact, VCARD.hasURL, URIRef(dataset.publisher.website)))


def _coverage(graph: Graph, dataset: Dataset) -> None:
    subject = dataset_uri(dataset)
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((subject, DCT.temporal, period))
        graph.add((period, RDF.type, DCT.PeriodOfTime))
        if dataset.temporal_start:
            graph.add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
    provinces = list(dataset.provinces.all())
    if not provinces:
        graph.add((subject, DCT.spatial, v.VIETNAM))
        graph.add((v.VIETNAM, RDF.type, DCT.Location))
        return
    for province in provinces:
        location = BNode()
        graph.add((subject, DCT.spatial, location))
        graph.add((location, RDF.type, DCT.Location))
        _bilingual(graph, location, SKOS.prefLabel, province.name, province.name_en)
        # The GSO (General Statistics Office) code of the province.
        graph.add((location, DCT.identifier, Literal(province.code)))
        graph.add((location, SKOS.notation, Literal(province.code)))
        graph.add((location, DCT.isPartOf, v.VIETNAM))


def _themes(graph: Graph, dataset: Dataset) -> None:
    subject = dataset_uri(dataset)
    for theme in dataset.themes.all():
        if theme.eu_theme:
            graph.add((subject, DCAT.theme, v.data_theme(theme.eu_theme)))
        own = URIRef(absolute(f"/group/{theme.slug}"))
        graph.add((subject, DCAT.theme, own))
        graph.add((own, RDF.type, SKOS.Concept))
        _bilingual(graph, own, SKOS.prefLabel, theme.name, theme.name_en)
        graph.add((own, SKOS.notation, Literal(theme.slug)))


def add_distribution(graph: Graph, dataset: Dataset, resource: Resource, licence) -> URIRef:
    distribution = distribution_uri(dataset, resource)
    graph.add((dataset_uri(dataset), DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    _bilingual(graph, distribution, DCT.title, resource.name, resource.name_en)
    _bilingual(graph, distribution, DCT.description, resource.description, resource.description_en)
    graph.add((distribution, DCT.license, licence))
    graph.add((distribution, DCT.identifier, Literal(str(resource.uuid))))
    # The download URL names the dataset: give the resource the dataset in hand rather
    # than let it load its own.
    resource.dataset = dataset
    location = URIRef(absolute(resource.get_download_url()))
    graph.add((distribution, DCAT.accessURL, location))
    data_file = resource.data_file
    if data_file is not None:
        graph.add((distribution, DCAT.downloadURL, location))
        if data_file.size is not None:
            size = Literal(data_file.size, datatype=XSD.nonNegativeInteger)
            graph.add((distribution, DCAT.byteSize, size))
        if data_file.sha256:
            checksum = BNode()
            graph.add((distribution, SPDX.checksum, checksum))
            graph.add((checksum, RDF.type, SPDX.Checksum))
            graph.add((checksum, SPDX.algorithm, v.SHA256))
            value = Literal(data_file.sha256, datatype=XSD.hexBinary)
            graph.add((checksum, SPDX.checksumValue, value))
        if data_file.ingested_at:
            graph.add((distribution, DCT.modified, Literal(data_file.ingested_at)))
        graph.add((distribution, DCT.issued, Literal(data_file.created_at)))
    fmt = resource.get_format()
    if fmt:
        graph.add((distribution, DCT["format"], v.file_type(fmt) or Literal(fmt)))
    media = (data_file.media_type if data_file is not None else "") or v.MEDIA_TYPES.get(fmt, "")
    if media and (media_uri := v.media_type(media)) is not None:
        graph.add((distribution, DCAT.mediaType, media_uri))
        graph.add((media_uri, RDF.type, DCT.MediaType))
    return distribution


def add_dataset(graph: Graph, dataset: Dataset) -> URIRef:
    """Add ``dataset`` (fetched through ``opendata.dcat.queries``) and its public resources."""
    subject = dataset_uri(dataset)
    graph.add((subject, RDF.type, DCAT.Dataset))
    _bilingual(graph, subject, DCT.title, dataset.title, dataset.title_en)
    _bilingual(graph, subject, DCT.description, dataset.description, dataset.description_en)
    graph.add((subject, DCT.identifier, Literal(dataset.identifier or str(subject))))
    ckan_id = BNode()
    graph.add((subject, ADMS.identifier, ckan_id))
    graph.add((ckan_id, RDF.type, ADMS.Identifier))
    graph.add((ckan_id, SKOS.notation, Literal(str(dataset.uuid))))
    graph.add((ckan_id, DCT.creator, catalog_uri()))
    page = landing_page(dataset)
    graph.add((subject, DCAT.landingPage, page))
    graph.add((subject, FOAF.page, page))
    graph.add((page, RDF.type, FOAF.Document))
    graph.add((subject, DCT.accessRights, v.PUBLIC_ACCESS))
    graph.add((v.PUBLIC_ACCESS, RDF.type, DCT.RightsStatement))
    for language in ("vi", "en") if dataset.title_en else ("vi",):
        graph.add((subject, DCT.language, v.LANGUAGES[language]))
    for item in dataset.tagged_items.all():
        graph.add((subject, DCAT.keyword, Literal(item.tag.name, lang="vi")))
    _themes(graph, dataset)
    graph.add((subject, DCT.publisher, add_agent(graph, dataset.publisher)))
    _contact_point(graph, dataset)
    licence = _licence(graph, dataset.licence)
    graph.add((subject, DCT.license, licence))
    graph.add((subject, DCT.accrualPeriodicity, v.frequency(dataset.frequency)))
    graph.add((v.frequency(dataset.frequency), RDF.type, DCT.Frequency))
    _coverage(graph, dataset)
    if dataset.version:
        graph.add((subject, OWL.versionInfo, Literal(dataset.version)))
        graph.add((subject, DCAT.version, Literal(dataset.version)))
    if dataset.first_published_at:
        graph.add((subject, DCT.issued, Literal(dataset.first_published_at)))
    modified = dataset.last_published_at or dataset.updated_at
    graph.add((subject, DCT.modified, Literal(modified)))
    for resource in dataset.dcat_resources:
        add_distribution(graph, dataset, resource, licence)
    return subject


def dataset_graph(dataset: Dataset) -> Graph:
    graph = new_graph()
    add_dataset(graph, dataset)
    return graph


def _catalog_publisher(graph: Graph) -> URIRef:
    """The agency named by ``DCAT_CATALOG_PUBLISHER`` (a code), else the government's."""
    code = settings.DCAT_CATALOG_PUBLISHER
    agencies = Agency.objects.filter(**({"code": code} if code else {"kind": "government"}))
    agency = agencies.order_by("pk").first()
    if agency is not None:
        return add_agent(graph, agency)
    agent = URIRef(absolute("/"))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(settings.WAGTAIL_SITE_NAME)))
    return agent


def add_catalog(graph: Graph, page: CataloguePage) -> URIRef:
    """The catalogue and the datasets of one page of it."""
    catalog = catalog_uri()
    name = settings.WAGTAIL_SITE_NAME
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _bilingual(
        graph, catalog, DCT.title, f"Danh mục dữ liệu mở {name}", f"{name} open data catalogue"
    )
    _bilingual(
        graph,
        catalog,
        DCT.description,
        "Dữ liệu mở của các cơ quan nhà nước: số liệu về dịch vụ công, chính phủ số và "
        "chuyển đổi số.",
        "Open data from government agencies: figures on public services, digital "
        "government and digital transformation.",
    )
    graph.add((catalog, FOAF.homepage, URIRef(absolute("/"))))
    for language in v.LANGUAGES.values():
        graph.add((catalog, DCT.language, language))
    graph.add((catalog, DCT.publisher, _catalog_publisher(graph)))
    graph.add((catalog, DCAT.themeTaxonomy, v.DATA_THEMES))
    graph.add((catalog, DCT.spatial, v.VIETNAM))
    if page.issued:
        graph.add((catalog, DCT.issued, Literal(page.issued)))
    if page.modified:
        graph.add((catalog, DCT.modified, Literal(page.modified)))
    for dataset in page.datasets:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, dataset)))
    return catalog
