"""The RDF namespaces and the EU controlled vocabularies DCAT-AP asks for.

Plain ``Namespace`` objects, as ckanext-dcat uses them: rdflib's closed namespaces refuse
terms they do not list (DCAT-AP 3's ``dcat:version``, for one).
"""

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
}


def file_type(fmt: str) -> URIRef | None:
    code = EU_FILE_TYPES.get(fmt.upper())
    return URIRef(f"{AUTHORITY}/file-type/{code}") if code else None


def media_type(value: str) -> URIRef | None:
    """The IANA URI of a media type such as ``text/csv`` (parameters dropped)."""
    value = value.split(";")[0].strip().lower()
    if value.count("/") != 1 or " " in value:
        return None
    return URIRef(IANA_MEDIA_TYPES + value)
