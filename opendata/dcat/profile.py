"""Datasets and the catalogue as DCAT-AP graphs (rdflib), after ckanext-dcat's profiles.

URIs follow ckanext-dcat's defaults, so that a harvester sees the same identities as from
a CKAN site: the catalogue is the base URL, a dataset ``<base>/dataset/<id>`` (its UUID,
stable across renames), a distribution ``<base>/dataset/<id>/resource/<resource id>``
and a publisher ``<base>/organization/<agency code>``.

The properties are DCAT-AP 3's, with the DCAT-AP 2 ones that 3 renamed written as well
(``owl:versionInfo`` beside ``dcat:version``) so that older harvesters keep them; the
``euro_dcat_ap_2`` profile (opendata.dcat.application_profiles) writes DCAT-AP 2's ranges.
Every node whose class DCAT-AP's range shapes check is typed in the graph itself, as
ckanext-dcat's serializer types them, so that the graph validates without the EU
vocabularies loaded beside it. Where ckanext-dcat's RDFParser wants a name and DCAT-AP a
node (a media type, a licence without a text), the node carries the name as its
``rdfs:label``, which is what the parser reads of an object that is not a literal.
The datasets passed in must come from ``opendata.dcat.queries`` (public, prefetched).
"""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from cms.models import Agency
from core.http.urls import absolute
from opendata.dcat import vocabulary as v
from opendata.dcat.application_profiles import DEFAULT, ApplicationProfile
from opendata.dcat.queries import CataloguePage
from opendata.dcat.vocabulary import ADMS, DCAT, DCT, FOAF, SPDX, VCARD
from opendata.models import Dataset, Licence, Resource, Theme


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


def _concept(graph: Graph, concept: URIRef, english: str, vietnamese: str = "") -> URIRef:
    """A term of a controlled vocabulary, with the label DCAT-AP asks of a skos:Concept."""
    graph.add((concept, RDF.type, SKOS.Concept))
    _bilingual(graph, concept, SKOS.prefLabel, vietnamese, english)
    return concept


def _eu_theme(graph: Graph, code: str) -> URIRef:
    label = Theme.EUTheme(code).label
    with translation.override("en"):
        english = str(label)
    with translation.override("vi"):
        vietnamese = str(label)
    theme = _concept(
        graph, v.data_theme(code), english, vietnamese if vietnamese != english else ""
    )
    graph.add((theme, SKOS.inScheme, v.DATA_THEMES))
    return theme


def _language(graph: Graph, subject, code: str) -> None:
    graph.add((subject, DCT.language, v.LANGUAGES[code]))
    graph.add((v.LANGUAGES[code], RDF.type, DCT.LinguisticSystem))


def add_agent(graph: Graph, agency: Agency) -> URIRef:
    agent = publisher_uri(agency)
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, RDF.type, FOAF.Organization))
    _bilingual(graph, agent, FOAF.name, agency.name, agency.name_en)
    graph.add((agent, DCT.identifier, Literal(agency.code)))
    if publisher_type := v.PUBLISHER_TYPE_OF_KIND.get(agency.kind):
        name, label = publisher_type
        graph.add((agent, DCT.type, _concept(graph, URIRef(v.PUBLISHER_TYPES + name), label)))
    if agency.website:
        graph.add((agent, FOAF.homepage, URIRef(agency.website)))
        graph.add((URIRef(agency.website), RDF.type, FOAF.Document))
    return agent


def _licence(graph: Graph, licence: Licence):
    """The licence as ckanext-dcat's parser recognises it: by the URL of CKAN's licence
    register when the licence is one of the register's, with our licence text beside it;
    else by its own text's URL, or by the register's title when it has no text at all."""
    ckan = v.CKAN_LICENCES.get(licence.ckan_id)
    url = (ckan.url if ckan else "") or licence.url
    node = URIRef(url) if url else BNode()
    graph.add((node, RDF.type, DCT.LicenseDocument))
    graph.add((node, DCT.identifier, Literal(licence.pk)))
    # CKAN matches titles in English, its default language.
    english = ckan.title if ckan else (licence.name_en or licence.name)
    _bilingual(graph, node, DCT.title, licence.name, english)
    if isinstance(node, BNode):
        # The parser names a distribution's licence by the node's label (else its id, which
        # for a blank node means nothing).
        graph.add((node, RDFS.label, Literal(english)))
    if licence.url and licence.url != url:
        graph.add((node, RDFS.seeAlso, URIRef(licence.url)))
    for name in ckan.types if ckan else ("UnknownIPR",):
        licence_type = _concept(graph, v.licence_type(name), v.LICENCE_TYPE_LABELS[name])
        graph.add((node, DCT.type, licence_type))
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
            graph.add((subject, DCAT.theme, _eu_theme(graph, theme.eu_theme)))
        own = URIRef(absolute(f"/group/{theme.slug}"))
        graph.add((subject, DCAT.theme, own))
        graph.add((own, RDF.type, SKOS.Concept))
        _bilingual(graph, own, SKOS.prefLabel, theme.name, theme.name_en)
        graph.add((own, SKOS.notation, Literal(theme.slug)))


def _number(value: int, language: str) -> str:
    """Grouped as the site writes numbers in that language ("1.234", "1,234")."""
    with translation.override(language):
        return number_format(value, force_grouping=True)


def _generated_description(resource: Resource, fmt: str) -> tuple[str, str]:
    """What the file is, in words, for a distribution whose editor described none: the
    facts ingestion found (rows and columns of a table), else its format and where it is."""
    data_file = resource.data_file
    kind = fmt or "dữ liệu"
    kind_en = fmt or "data"
    if data_file is None:
        host = urlsplit(resource.url).hostname or resource.url
        return f"Tệp {kind} trên {host}.", f"{kind_en} file on {host}."
    columns = len((data_file.inferred_schema or {}).get("fields") or [])
    if data_file.row_count is not None and columns:
        rows = data_file.row_count
        return (
            f"Bảng {kind}: {_number(rows, 'vi')} dòng, {_number(columns, 'vi')} cột.",
            f"{kind_en} table: {_number(rows, 'en')} rows, {_number(columns, 'en')} columns.",
        )
    return f"Tệp {kind}.", f"{kind_en} file."


def _format(graph: Graph, distribution: URIRef, resource: Resource, fmt: str) -> None:
    """``dct:format`` (EU file type) and ``dcat:mediaType`` (IANA), typed for DCAT-AP.

    ckanext-dcat's parser reads the media type from the label of the IANA node
    (``text/csv``) and from it the format (``CSV``, through CKAN's resource formats).
    """
    if fmt:
        file_type = v.file_type(fmt)
        if file_type is None:
            # Outside the EU vocabulary: a node of the right class that names the format.
            file_type = BNode()
            graph.add((file_type, RDFS.label, Literal(fmt)))
        graph.add((distribution, DCT["format"], file_type))
        graph.add((file_type, RDF.type, DCT.MediaTypeOrExtent))
    media = v.resource_media_type(resource, fmt)
    if media and (media_uri := v.media_type(media)) is not None:
        graph.add((distribution, DCAT.mediaType, media_uri))
        graph.add((media_uri, RDF.type, DCT.MediaType))
        graph.add((media_uri, RDFS.label, Literal(media_uri.removeprefix(v.IANA_MEDIA_TYPES))))


def add_distribution(
    graph: Graph,
    dataset: Dataset,
    resource: Resource,
    licence,
    application_profile: ApplicationProfile = DEFAULT,
) -> URIRef:
    distribution = distribution_uri(dataset, resource)
    graph.add((dataset_uri(dataset), DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    fmt = resource.get_format()
    _bilingual(graph, distribution, DCT.title, resource.name, resource.name_en)
    if resource.description or resource.description_en:
        _bilingual(
            graph, distribution, DCT.description, resource.description, resource.description_en
        )
    else:
        _bilingual(graph, distribution, DCT.description, *_generated_description(resource, fmt))
    graph.add((distribution, DCT.license, licence))
    graph.add((distribution, DCT.identifier, Literal(str(resource.uuid))))
    # The download URL names the dataset: give the resource the dataset in hand rather
    # than let it load its own.
    resource.dataset = dataset
    location = URIRef(absolute(resource.get_download_url()))
    graph.add((distribution, DCAT.accessURL, location))
    graph.add((location, RDF.type, RDFS.Resource))
    data_file = resource.data_file
    if data_file is not None:
        graph.add((distribution, DCAT.downloadURL, location))
        # Our own download link: it stays while the dataset is public (a link's site decides
        # for itself, so a link says nothing).
        availability = _concept(graph, v.STABLE, v.STABLE_LABEL)
        graph.add((distribution, v.DCATAP.availability, availability))
        if data_file.size is not None:
            size = Literal(data_file.size, datatype=application_profile.byte_size_datatype)
            graph.add((distribution, DCAT.byteSize, size))
        if data_file.sha256:
            checksum = BNode()
            graph.add((distribution, SPDX.checksum, checksum))
            graph.add((checksum, RDF.type, SPDX.Checksum))
            graph.add((checksum, SPDX.algorithm, v.SHA256))
            graph.add((v.SHA256, RDF.type, SPDX.ChecksumAlgorithm))
            value = Literal(data_file.sha256, datatype=XSD.hexBinary)
            graph.add((checksum, SPDX.checksumValue, value))
        if data_file.ingested_at:
            graph.add((distribution, DCT.modified, Literal(data_file.ingested_at)))
        graph.add((distribution, DCT.issued, Literal(data_file.created_at)))
    _format(graph, distribution, resource, fmt)
    return distribution


def add_dataset(
    graph: Graph, dataset: Dataset, application_profile: ApplicationProfile = DEFAULT
) -> URIRef:
    """Add ``dataset`` (fetched through ``opendata.dcat.queries``) and its public resources."""
    subject = dataset_uri(dataset)
    graph.add((subject, RDF.type, DCAT.Dataset))
    _bilingual(graph, subject, DCT.title, dataset.title, dataset.title_en)
    _bilingual(graph, subject, DCT.description, dataset.description, dataset.description_en)
    graph.add((subject, DCT.identifier, Literal(dataset.identifier or str(subject))))
    # An IRI (the UUID's URN), not a blank node: ckanext-dcat's parser keeps the string of
    # the node as the CKAN dataset's alternate_identifier, and DCAT-AP wants a node there.
    ckan_id = URIRef(f"urn:uuid:{dataset.uuid}")
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
        _language(graph, subject, language)
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
        if application_profile.dcat_version:
            graph.add((subject, DCAT.version, Literal(dataset.version)))
    if dataset.first_published_at:
        graph.add((subject, DCT.issued, Literal(dataset.first_published_at)))
    modified = dataset.last_published_at or dataset.updated_at
    graph.add((subject, DCT.modified, Literal(modified)))
    for resource in dataset.dcat_resources:
        add_distribution(graph, dataset, resource, licence, application_profile)
    return subject


def dataset_graph(dataset: Dataset, application_profile: ApplicationProfile = DEFAULT) -> Graph:
    graph = new_graph()
    add_dataset(graph, dataset, application_profile)
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


def add_catalog(
    graph: Graph, page: CataloguePage, application_profile: ApplicationProfile = DEFAULT
) -> URIRef:
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
    graph.add((URIRef(absolute("/")), RDF.type, FOAF.Document))
    for language in v.LANGUAGES:
        _language(graph, catalog, language)
    graph.add((catalog, DCT.publisher, _catalog_publisher(graph)))
    graph.add((catalog, DCAT.themeTaxonomy, v.DATA_THEMES))
    graph.add((v.DATA_THEMES, RDF.type, SKOS.ConceptScheme))
    graph.add((v.DATA_THEMES, DCT.title, Literal(v.DATA_THEMES_TITLE, lang="en")))
    graph.add((catalog, DCT.spatial, v.VIETNAM))
    if page.issued:
        graph.add((catalog, DCT.issued, Literal(page.issued)))
    if page.modified:
        graph.add((catalog, DCT.modified, Literal(page.modified)))
    for dataset in page.datasets:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, dataset, application_profile)))
    return catalog
