"""What search results are narrowed down by (filters) and counted by (facets).

``search`` gives every document two facets of its own, its type and its locale. Every
other name is declared by the app whose documents carry it, on its document type
(``DocumentType.facets``); the registry gathers the declarations into one vocabulary that
queries are checked against, backends index, and GraphQL and /api/search offer.

Two apps may declare the same name (news, procedures and datasets all have an agency):
the declarations must then agree, and at most one describes it. Surfaces list the names
in an order that agrees with the order every type declares its own in (:func:`merged`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from search.documents import FacetTerm

KEYWORD = "keyword"  # any string, matched exactly as written
INTEGER = "integer"  # a whole number, written in decimal: "4", "2024"
KINDS = (KEYWORD, INTEGER)


class VocabularyError(ValueError):
    """Declarations that cannot make one vocabulary (a conflict, an unknown kind)."""


@dataclass(frozen=True)
class Facet:
    """One name of the vocabulary.

    Labels come with the values: each document gives them (:meth:`term`), or, for the
    names ``search`` owns, ``labels`` finds them when results are shown.
    """

    name: str
    description: str = ""  # for developers (the GraphQL filter's description)
    kind: str = KEYWORD
    filter: bool = True  # results may be narrowed down by it ("type"/"locale": separately)
    by_default: bool = True  # counted when a request names no facets
    labels: Callable[[str], str] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise VocabularyError(f"Unknown kind {self.kind!r} of the facet {self.name!r}.")

    def term(self, value: str | int, label: str | None = None) -> FacetTerm:
        """A document's value, written as the index and the filters spell it; the label
        defaults to the value itself (a year, a format)."""
        written = str(int(value)) if self.kind == INTEGER else str(value)
        return FacetTerm(written, written if label is None else label)

    def label(self, value: str, indexed: str) -> str:
        """What a person sees for a counted value."""
        if indexed:
            return indexed
        return (self.labels(value) if self.labels else "") or value


def _agreed(first: Facet, other: Facet) -> Facet:
    """One declaration from two of the same name; the description of either."""
    if replace(first, description="") != replace(other, description=""):
        raise VocabularyError(f"The facet {first.name!r} is declared twice, differently.")
    if first.description and other.description and first.description != other.description:
        raise VocabularyError(f"The facet {first.name!r} is described twice, differently.")
    return first if first.description else other


def merged(declarations: Iterable[Sequence[Facet]]) -> list[Facet]:
    """One facet per name, ordered so that each declaring sequence keeps its order; where
    they leave it open, names declared earlier come first."""
    facets: dict[str, Facet] = {}
    after: dict[str, set[str]] = {}  # name -> the names that must come before it
    for sequence in declarations:
        for position, facet in enumerate(sequence):
            known = facets.get(facet.name)
            facets[facet.name] = facet if known is None else _agreed(known, facet)
            after.setdefault(facet.name, set()).update(f.name for f in sequence[:position])
    ordered: list[str] = []
    while len(ordered) < len(facets):
        ready = [name for name in facets if name not in ordered and after[name] <= set(ordered)]
        if not ready:
            raise VocabularyError("The facets are declared in contradictory orders.")
        ordered.append(ready[0])
    return [facets[name] for name in ordered]
