"""What each app indexes. ``search`` imports no app: apps register their document types.

An app declares its types in ``<app>/search_documents.py`` (found by
``SearchConfig.ready``) with :func:`register`. A type says which objects the public may
see and turns one of them into a :class:`~search.documents.Document`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import models

from search.documents import Document


class DocumentType:
    """Base class of a registered type: subclass it, set ``name`` and ``model``."""

    name: str  # "news", "procedure": the value of the "type" filter and facet
    model: type[models.Model]
    label: str = ""  # for the "type" facet
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
        from django.conf import settings

        return [code for code, _name in settings.LANGUAGES]


_types: dict[str, DocumentType] = {}


class RegistryError(LookupError):
    pass


def register(document_type: DocumentType) -> DocumentType:
    """Register a type (idempotent for the same name and model)."""
    existing = _types.get(document_type.name)
    if existing is not None and existing.model is not document_type.model:
        raise RegistryError(f"The search type {document_type.name!r} is already registered.")
    _types[document_type.name] = document_type
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
