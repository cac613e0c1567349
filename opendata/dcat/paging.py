"""The catalogue's query parameters and its hydra paging, as ckanext-dcat reads and writes them.

``?page=N`` is 1-based; ``?modified_since=`` an ISO 8601 date or date-time (UTC when it
has no offset). The paging node carries both hydra's current terms (``hydra:next``, ...)
and the older ``hydra:nextPage`` family that ckanext-dcat also writes and its harvester
still reads.
"""

import datetime
import re
from urllib.parse import urlencode

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from opendata.dcat.queries import CataloguePage
from opendata.dcat.vocabulary import HYDRA

_DIGITS = re.compile(r"^[0-9]{1,9}$")


class BadParameter(ValueError):
    """A query parameter a client must fix; the message says how."""


def parse_page(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not _DIGITS.match(value) or int(value) < 1:
        raise BadParameter("page must be a positive integer starting at 1")
    return int(value)


def parse_modified_since(value: str | None) -> datetime.datetime | None:
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            moment = datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time.min)
        else:
            moment = datetime.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        # In UTC here, where a moment past year 1 or 9999 fails, not in the database.
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise BadParameter(
            "modified_since must be an ISO 8601 date or date-time, e.g. 2025-07-01 or "
            "2025-07-01T08:00:00+07:00"
        ) from None


def page_url(
    base: str, path: str, page: int, modified_since: str | None, profiles: str | None = None
) -> str:
    params = {"modified_since": modified_since} if modified_since else {}
    if profiles:
        params["profiles"] = profiles
    params["page"] = str(page)
    return f"{base}{path}?{urlencode(params)}"


def add_paging(
    graph: Graph,
    catalog: URIRef,
    page: CataloguePage,
    *,
    base: str,
    path: str,
    modified_since: str | None,
    profiles: str | None = None,
) -> URIRef:
    def url(number: int) -> str:
        return page_url(base, path, number, modified_since, profiles)

    view = URIRef(url(page.number))
    graph.add((view, RDF.type, HYDRA.PagedCollection))
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    graph.add((catalog, HYDRA.view, view))
    graph.add((view, HYDRA.totalItems, Literal(page.count)))
    graph.add((view, HYDRA.itemsPerPage, Literal(page.size)))
    links = {"first": 1, "last": page.last}
    if page.number > 1:
        links["previous"] = page.number - 1
    if page.number < page.last:
        links["next"] = page.number + 1
    for name, number in links.items():
        # hydra's links are IRIs; ckanext-dcat writes the older ``...Page`` terms as literals.
        graph.add((view, HYDRA[name], URIRef(url(number))))
        graph.add((view, HYDRA[f"{name}Page"], Literal(url(number))))
    return view
