"""What each app indexes. ``search`` imports no app: apps register their document types.

An app declares its types in ``<app>/search_documents.py`` (found by
``SearchConfig.ready``) with :func:`register`. A type says which objects the public may
see and turns one of them into a :class:`~search.documents.Document`; which filters and
facets its documents carry (:mod:`search.vocabulary`); and which other models its
documents show, so that a change to one of those re-indexes them (:mod:`search.signals`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from search.documents import Document
from search.vocabulary import Facet, VocabularyError, merged


@dataclass(frozen=True)
class Dependency:
    """A model whose objects a type's documents show (a name, a label, a text).

    ``lookup`` is the path from the indexed model to it, as a queryset filter writes it:
    "agency", "topics", "resources__data_file". Several paths to one model may be given.
    """

    model: type[models.Model]
    lookup: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


class DocumentType:
    """Base class of a registered type: subclass it, set ``name`` and ``model``."""

    name: str  # "news", "procedure": the value of the "type" filter and facet
    model: type[models.Model]
    label: str = ""  # for the "type" facet
    # The filters and facets its documents carry (Document.facets), in the order surfaces
    # should list them.
    facets: tuple[Facet, ...] = ()
    # The models whose changes change its documents (besides ``model`` itself).
    depends_on: tuple[Dependency, ...] = ()
    batch_size = 200

    def visible(self) -> models.QuerySet:
        """Every object the public may see (the index holds these and nothing else)."""
        raise NotImplementedError

    def prepare(self, queryset: models.QuerySet) -> models.QuerySet:
        """Add select_related/prefetch_related so that :meth:`to_document` does no query
        per object."""
        return queryset

    def to_document(self, obj: models.Model) -> Document:
        raise NotImplementedError

    def documents(self, ids: Iterable[object] | None = None) -> Iterator[Document]:
        """Documents of the visible objects (all, or those with these primary keys)."""
        queryset = self.visible()
        if ids is not None:
            queryset = queryset.filter(pk__in=list(ids))
        queryset = self.prepare(queryset.order_by("pk"))
        for obj in queryset.iterator(chunk_size=self.batch_size):
            yield self.to_document(obj)

    def load(self, ids: Iterable[str]) -> dict[str, models.Model]:
        """The visible objects with these primary keys, by key as the index writes it.

        One query (plus :meth:`prepare`'s), whatever the number of ids: a surface that shows
        hits as objects loads each type's hits in one go. Ids no longer visible are absent.
        """
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        found = self.prepare(self.visible()).in_bulk(ids)
        return {str(pk): obj for pk, obj in found.items()}

    def visible_among(self, ids: Iterable[str]) -> set[str]:
        """Which of these primary keys are still visible (the index may lag a moment
        behind an unpublication): one query of keys only."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return set()
        return {str(pk) for pk in self.visible().filter(pk__in=ids).values_list("pk", flat=True)}

    def count(self, locale: str | None = None) -> int:
        return self.visible().count() if locale is None else self.by_locale(locale).count()

    def visible_ids(self, locale: str | None = None) -> set[str]:
        queryset = self.visible() if locale is None else self.by_locale(locale)
        return {str(pk) for pk in queryset.values_list("pk", flat=True)}

    def by_locale(self, locale: str) -> models.QuerySet:
        return self.visible().filter(locale__language_code=locale)

    def locales(self) -> list[str]:
        return [code for code, _name in settings.LANGUAGES]

    def affected_by(self, model_label: str, pks: Iterable[object]) -> list[str]:
        """The visible objects whose documents show these objects of a model it depends on
        (``model_label`` as ``Dependency.label``), by their primary keys."""
        pks = list(pks)
        lookups = [d.lookup for d in self.depends_on if d.label == model_label]
        if not (pks and lookups):
            return []
        condition = models.Q()
        for lookup in lookups:
            condition |= models.Q(**{f"{lookup}__in": pks})
        keys = self.visible().filter(condition).values_list("pk", flat=True)
        return sorted({str(pk) for pk in keys})


_types: dict[str, DocumentType] = {}


class RegistryError(LookupError):
    pass


def register(document_type: DocumentType) -> DocumentType:
    """Register a type (idempotent for the same name and model)."""
    existing = _types.get(document_type.name)
    if existing is not None and existing.model is not document_type.model:
        raise RegistryError(f"The search type {document_type.name!r} is already registered.")
    try:
        _declared([*{**_types, document_type.name: document_type}.values()])
    except VocabularyError as error:
        raise RegistryError(f"The search type {document_type.name!r}: {error}") from None
    _types[document_type.name] = document_type
    vocabulary.cache_clear()
    return document_type


def get(name: str) -> DocumentType:
    try:
        return _types[name]
    except KeyError:
        raise RegistryError(f"No search type {name!r}.") from None


def all_types() -> list[DocumentType]:
    return list(_types.values())


def for_model(model: type[models.Model]) -> DocumentType | None:
    """The type that indexes this model (or a parent model of it), if any."""
    for document_type in _types.values():
        if issubclass(model, document_type.model):
            return document_type
    return None


# ---------------------------------------------------------------------------- vocabulary


def _type_label(name: str) -> str:
    return _types[name].label if name in _types else ""


def _locale_label(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, "")


# What search gives every document itself. Both are asked for by arguments of their own
# (SearchQuery.types, .locale), not as filters; a client chooses the locale itself.
TYPE = Facet("type", filter=False, labels=_type_label)
LOCALE = Facet("locale", filter=False, by_default=False, labels=_locale_label)
BUILT_IN = (TYPE, LOCALE)


def _declared(document_types: list[DocumentType]) -> list[Facet]:
    return merged([BUILT_IN, *(document_type.facets for document_type in document_types)])


@functools.cache
def vocabulary() -> tuple[Facet, ...]:
    """Every facet a request may count, in the order surfaces list them: type, locale,
    then the names the registered types declare."""
    return tuple(_declared(all_types()))


def facet(name: str) -> Facet:
    for declared in vocabulary():
        if declared.name == name:
            return declared
    raise RegistryError(f"No facet {name!r}.")


def facet_names() -> list[str]:
    return [declared.name for declared in vocabulary()]


def filter_names() -> list[str]:
    return [declared.name for declared in vocabulary() if declared.filter]


def default_facets() -> list[str]:
    """Counted when a request names none: what a search page offers to narrow down by."""
    return [declared.name for declared in vocabulary() if declared.by_default]


# ---------------------------------------------------------------------------- dependencies


def dependency_models() -> list[type[models.Model]]:
    """Every model some registered type depends on, once each."""
    found = {d.model: None for t in _types.values() for d in t.depends_on}
    return list(found)


def depending_on(model: type[models.Model]) -> list[DocumentType]:
    """The registered types whose documents show objects of this model."""
    return [t for t in _types.values() if any(d.model is model for d in t.depends_on)]
