"""The DCAT-AP versions a client may ask for with ``?profiles=``, named as ckanext-dcat
names its profiles, so that a harvester configured for a CKAN site asks us the same way.

``euro_dcat_ap_3`` (the default) is DCAT-AP 3; ``euro_dcat_ap_2`` is DCAT-AP 2, which
differs where DCAT-AP 3 changed a range: byte sizes are ``xsd:decimal`` there, and the
version is only ``owl:versionInfo`` (``dcat:version`` is DCAT 3's).
"""

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import XSD

PARAMETER = "profiles"


@dataclass(frozen=True)
class ApplicationProfile:
    name: str
    byte_size_datatype: URIRef
    # DCAT-AP 3 writes dcat:version; owl:versionInfo beside it keeps DCAT-AP 2 readers.
    dcat_version: bool


EURO_DCAT_AP_3 = ApplicationProfile("euro_dcat_ap_3", XSD.nonNegativeInteger, dcat_version=True)
EURO_DCAT_AP_2 = ApplicationProfile("euro_dcat_ap_2", XSD.decimal, dcat_version=False)
DEFAULT = EURO_DCAT_AP_3
PROFILES = {profile.name: profile for profile in (EURO_DCAT_AP_3, EURO_DCAT_AP_2)}


class UnknownProfile(ValueError):
    """A ``profiles`` value we do not serve; the message says which ones we do."""


def parse_profiles(value: str | None) -> ApplicationProfile:
    """The profile ``?profiles=`` names (ckanext-dcat's comma-separated list, of which we
    take exactly one), or the default when the parameter is absent or empty."""
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    if not names:
        return DEFAULT
    unknown = [name for name in names if name not in PROFILES]
    if unknown:
        raise UnknownProfile(
            f"Unknown profile {unknown[0]!r}: ask for one of {', '.join(sorted(PROFILES))}"
        )
    if len(set(names)) > 1:
        raise UnknownProfile(f"Ask for one profile at a time: one of {', '.join(sorted(PROFILES))}")
    return PROFILES[names[0]]
