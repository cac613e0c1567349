"""What a backend indexes: one backend-neutral document per page (or dataset).

Every type fills the same three weighted text slots (title above summary above body), so
that a news item and a procedure guide in one result list are scored on the same scale;
identifiers users type exactly (procedure codes, legal document numbers) are keywords.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FacetTerm:
    """One value of a filter/facet, with the label a user interface shows for it."""

    value: str
    label: str = ""


@dataclass
class Document:
    type: str  # the registered type name: "news", "procedure"
    id: str  # the object's primary key, as a string
    locale: str  # "vi", "en"
    title: str
    summary: str = ""
    body: str = ""
    # Identifiers matched exactly under any spelling ("942/QĐ-TTg", "1.001193").
    document_numbers: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    # Filters and facets: {"agency": [FacetTerm("BTTTT", "Bộ Thông tin ...")], ...}.
    facets: dict[str, list[FacetTerm]] = field(default_factory=dict)
    date: datetime | None = None  # what "sort by date" uses (datasets: last published)
    created: datetime | None = None  # what "sort by created" uses (first published)
    name: str = ""  # what "sort by name" uses (a slug, a CKAN name); empty: the title
    uid: str = ""  # what "sort by uid" uses (a public identifier, a UUID); empty: the id
    # The index drops a document at this moment even before the database says so
    # (Wagtail unpublishes expired pages only when ``publish_scheduled`` runs).
    expire_at: datetime | None = None
    url: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.id)
