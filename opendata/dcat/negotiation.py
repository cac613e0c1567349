"""RDF formats: URL extensions, media types, and what an Accept header asks for.

The extensions and media types are ckanext-dcat's, so harvesters configured for a CKAN
catalogue work unchanged: ``.ttl``, ``.rdf`` (and ``.xml``), ``.jsonld`` and ``.n3``.
"""

from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class RdfFormat:
    extension: str
    rdflib_name: str
    media_type: str


FORMATS = {
    "ttl": RdfFormat("ttl", "turtle", "text/turtle"),
    "rdf": RdfFormat("rdf", "pretty-xml", "application/rdf+xml"),
    "xml": RdfFormat("xml", "pretty-xml", "application/rdf+xml"),
    "jsonld": RdfFormat("jsonld", "json-ld", "application/ld+json"),
    "n3": RdfFormat("n3", "n3", "text/n3"),
}

# An Accept header names media types; each maps to one extension (``rdf`` for RDF/XML,
# as ckanext-dcat answers).
_BY_MEDIA_TYPE = {
    "text/turtle": "ttl",
    "application/rdf+xml": "rdf",
    "application/ld+json": "jsonld",
    "text/n3": "n3",
}
# ``text/*`` and ``application/*`` choose the most readable RDF of that family.
_BY_WILDCARD = {"text": "ttl", "application": "rdf"}
# A browser asking for a page: the HTML wins even when RDF is acceptable at the same q.
_HTML = {"text/html", "application/xhtml+xml"}


def _accepted(header: str) -> list[tuple[str, float]]:
    """The media types of an Accept header, most wanted first (header order breaks ties)."""
    entries = []
    for position, part in enumerate(header.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if media and 0 < quality <= 1:
            entries.append((media.lower(), quality, position))
    entries.sort(key=lambda entry: (-entry[1], entry[2]))
    return [(media, quality) for media, quality, _position in entries]


def format_for_accept(header: str | None) -> str | None:
    """The extension of the RDF format ``header`` prefers, or None when it prefers HTML,
    nothing we serve, or anything at all (``*/*``)."""
    for media, _quality in _accepted(header or ""):
        if media in _HTML:
            return None
        if media in _BY_MEDIA_TYPE:
            return _BY_MEDIA_TYPE[media]
        family, _, subtype = media.partition("/")
        if subtype == "*" and family in _BY_WILDCARD:
            return _BY_WILDCARD[family]
    return None


def rdf_format_for(request: HttpRequest) -> str | None:
    """Which RDF format (``"ttl"``, ``"rdf"``, ``"jsonld"``, ``"n3"``) the request's Accept
    header prefers over HTML, or None: the page should answer with HTML then."""
    return format_for_accept(request.headers.get("Accept"))


def takes_anything(request: HttpRequest) -> bool:
    """No Accept header, or ``*/*`` first: a script that did not say what it wants."""
    accepted = _accepted(request.headers.get("Accept", ""))
    return not accepted or accepted[0][0] == "*/*"
