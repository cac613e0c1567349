"""The RDF namespaces and the EU controlled vocabularies DCAT-AP asks for.

Plain ``Namespace`` objects, as ckanext-dcat uses them: rdflib's closed namespaces refuse
terms they do not list (DCAT-AP 3's ``dcat:version``, for one).
"""

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

PREFIXES = {
    "adms": ADMS,
    "dcat": DCAT,
    "dcatap": DCATAP,
    "dct": DCT,
    "foaf": FOAF,
    "hydra": HYDRA,
    "locn": LOCN,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "spdx": SPDX,
    "vcard": VCARD,
    "xsd": XSD,
}

AUTHORITY = "http://publications.europa.eu/resource/authority"
DATA_THEMES = URIRef(f"{AUTHORITY}/data-theme")
PUBLIC_ACCESS = URIRef(f"{AUTHORITY}/access-right/PUBLIC")
VIETNAM = URIRef(f"{AUTHORITY}/country/VNM")
LANGUAGES = {"vi": URIRef(f"{AUTHORITY}/language/VIE"), "en": URIRef(f"{AUTHORITY}/language/ENG")}
SHA256 = SPDX.checksumAlgorithm_sha256
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
DATA_THEMES_TITLE = "Data theme"
# DCAT-AP's "planned availability" of a distribution: how long its publisher means to keep it.
STABLE = URIRef(f"{AUTHORITY}/planned-availability/STABLE")
STABLE_LABEL = "stable"
PUBLISHER_TYPES = "http://purl.org/adms/publishertype/"
# Agency kinds (cms.models.Agency.Kind) as ADMS publisher types, with their English labels;
# a unit may belong to a ministry or a province, so it has none.
PUBLISHER_TYPE_OF_KIND = {
    "government": ("NationalAuthority", "National authority"),
    "ministry": ("NationalAuthority", "National authority"),
    "province": ("RegionalAuthority", "Regional authority"),
}
LICENCE_TYPES = "http://purl.org/adms/licencetype/"
# The English labels of the ADMS licence types we use, as the vocabulary gives them.
LICENCE_TYPE_LABELS = {
    "Attribution": "Attribution",
    "NonCommercialUseOnly": "Non-commercial use only",
    "PublicDomain": "Public domain",
    "UnknownIPR": "Unknown IPR",
    "ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)",
}


def data_theme(code: str) -> URIRef:
    return URIRef(f"{AUTHORITY}/data-theme/{code}")


def frequency(code: str) -> URIRef:
    return URIRef(f"{AUTHORITY}/frequency/{code}")


# Our formats (upper case, as Resource.get_format() gives them) and their codes in the EU
# file-type vocabulary; a format outside it is written as a plain literal.
EU_FILE_TYPES = {
    "CSV": "CSV",
    "TSV": "TSV",
    "XLSX": "XLSX",
    "XLS": "XLS",
    "ODS": "ODS",
    "JSON": "JSON",
    "GEOJSON": "GEOJSON",
    "XML": "XML",
    "PDF": "PDF",
    "ZIP": "ZIP",
    "HTML": "HTML",
    "TXT": "TXT",
    "DOCX": "DOCX",
    "SHP": "SHP",
    "KML": "KML",
}

# Media types for formats whose file did not tell us one (links, mostly).
MEDIA_TYPES = {
    "CSV": "text/csv",
    "TSV": "text/tab-separated-values",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLS": "application/vnd.ms-excel",
    "ODS": "application/vnd.oasis.opendocument.spreadsheet",
    "JSON": "application/json",
    "GEOJSON": "application/geo+json",
    "XML": "application/xml",
    "PDF": "application/pdf",
    "ZIP": "application/zip",
    "HTML": "text/html",
    "TXT": "text/plain",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "KML": "application/vnd.google-earth.kml+xml",
}


def file_type(fmt: str) -> URIRef | None:
    code = EU_FILE_TYPES.get(fmt.upper())
    return URIRef(f"{AUTHORITY}/file-type/{code}") if code else None


def resource_media_type(resource, fmt: str) -> str:
    """A resource's media type: what ingestion found in its file, else the usual one of its
    format (a link has no file to look into); "" when neither is known."""
    data_file = resource.data_file
    return (data_file.media_type if data_file is not None else "") or MEDIA_TYPES.get(fmt, "")


def media_type(value: str) -> URIRef | None:
    """The IANA URI of a media type such as ``text/csv`` (parameters dropped)."""
    value = value.split(";")[0].strip().lower()
    if value.count("/") != 1 or " " in value:
        return None
    return URIRef(IANA_MEDIA_TYPES + value)


@dataclass(frozen=True)
class CkanLicence:
    """A licence of CKAN's default licence register (ckan.model.license, CKAN 2.9 to 2.12).

    ckanext-dcat's RDFParser sets a dataset's ``license_id`` by looking its distributions'
    ``dct:license`` up in that register: by URL first, then by the licence's ``dct:title``.
    """

    url: str  # empty for the register's generic licences ("Other (Not Open)", ...)
    title: str
    # What the licence asks of its users, in ADMS's licence-type vocabulary.
    types: tuple[str, ...]


CKAN_LICENCES = {
    "cc-by": CkanLicence(
        "http://www.opendefinition.org/licenses/cc-by",
        "Creative Commons Attribution",
        ("Attribution",),
    ),
    "cc-by-sa": CkanLicence(
        "http://www.opendefinition.org/licenses/cc-by-sa",
        "Creative Commons Attribution Share-Alike",
        ("Attribution", "ViralEffect-ShareAlike"),
    ),
    "cc-zero": CkanLicence(
        "http://www.opendefinition.org/licenses/cc-zero",
        "Creative Commons CCZero",
        ("PublicDomain",),
    ),
    "odc-by": CkanLicence(
        "http://www.opendefinition.org/licenses/odc-by",
        "Open Data Commons Attribution License",
        ("Attribution",),
    ),
    "odc-odbl": CkanLicence(
        "http://www.opendefinition.org/licenses/odc-odbl",
        "Open Data Commons Open Database License (ODbL)",
        ("Attribution", "ViralEffect-ShareAlike"),
    ),
    "odc-pddl": CkanLicence(
        "http://www.opendefinition.org/licenses/odc-pddl",
        "Open Data Commons Public Domain Dedication and License (PDDL)",
        ("PublicDomain",),
    ),
    "cc-nc": CkanLicence(
        "http://creativecommons.org/licenses/by-nc/2.0/",
        "Creative Commons Non-Commercial (Any)",
        ("Attribution", "NonCommercialUseOnly"),
    ),
    "gfdl": CkanLicence(
        "http://www.opendefinition.org/licenses/gfdl",
        "GNU Free Documentation License",
        ("ViralEffect-ShareAlike",),
    ),
    "uk-ogl": CkanLicence(
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "UK Open Government Licence (OGL)",
        ("Attribution",),
    ),
    "other-open": CkanLicence("", "Other (Open)", ("UnknownIPR",)),
    "other-pd": CkanLicence("", "Other (Public Domain)", ("PublicDomain",)),
    "other-at": CkanLicence("", "Other (Attribution)", ("Attribution",)),
    "other-nc": CkanLicence("", "Other (Non-Commercial)", ("NonCommercialUseOnly",)),
    "other-closed": CkanLicence("", "Other (Not Open)", ("UnknownIPR",)),
    "notspecified": CkanLicence("", "License not specified", ("UnknownIPR",)),
}


def licence_type(name: str) -> URIRef:
    return URIRef(LICENCE_TYPES + name)
