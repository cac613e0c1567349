"""Request-scoped batch loaders: no resolver queries the database per row.

GraphQL execution here is synchronous, so a loader cannot wait for its siblings to ask.
Instead, whoever produces a list of nodes (a connection, a parent's children) announces
their keys with ``want()``; the first ``load()`` of any of them fetches all announced keys
in one query, and every later ``load()`` is a cache hit. A key nobody announced is fetched
alone, which keeps single-item queries correct and still constant.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any


class BatchLoader:
    def __init__(
        self,
        batch: Callable[[list[Hashable]], dict[Hashable, Any]],
        default=None,
        on_load: Callable[[list[Any]], None] | None = None,
    ):
        self.batch = batch
        self.default = default
        # Told what each batch found, to announce the next level's keys (an agency's parent,
        # a legal document's issuer) before anyone asks for the first of them.
        self.on_load = on_load
        self.cache: dict[Hashable, Any] = {}
        self.pending: set[Hashable] = set()

    def want(self, keys: Iterable[Hashable]) -> None:
        self.pending.update(key for key in keys if key is not None and key not in self.cache)

    def load(self, key: Hashable) -> Any:
        if key is None:
            return None
        if key not in self.cache:
            keys = self.pending | {key}
            self.pending = set()
            found = self.batch(list(keys))
            for each in keys:
                value = found.get(each)
                if value is None:
                    value = self.default() if callable(self.default) else self.default
                self.cache[each] = value
            for each, value in found.items():
                # A batch may return more than asked (a whole small table): keep it all.
                self.cache.setdefault(each, value)
            if self.on_load is not None:
                self.on_load(list(found.values()))
        return self.cache[key]

    def load_many(self, keys: Iterable[Hashable]) -> list[Any]:
        keys = list(keys)
        self.want(keys)
        return [self.load(key) for key in keys]


class Loaders:
    """All loaders of one request, created lazily by name."""

    def __init__(self, factories: dict[str, Callable[["Loaders"], BatchLoader]]):
        self._factories = factories
        self._loaders: dict[str, BatchLoader] = {}

    def __getattr__(self, name: str) -> BatchLoader:
        try:
            factory = self._factories[name]
        except KeyError:
            raise AttributeError(name) from None
        loader = self._loaders.get(name)
        if loader is None:
            loader = self._loaders[name] = factory(self)
        return loader


def get_loaders(info, factories: dict[str, Callable[[Loaders], BatchLoader]], key: str) -> Loaders:
    """The request's ``Loaders`` for ``key`` (one namespace per app), made on first use."""
    context = info.context
    store = getattr(context, "_graphql_loaders", None)
    if store is None:
        store = {}
        context._graphql_loaders = store
    if key not in store:
        store[key] = Loaders(factories)
    return store[key]


# --- batch functions that the apps' loaders are made of -------------------------------------


def by_pk(objects: Iterable) -> dict[Hashable, Any]:
    return {obj.pk: obj for obj in objects}


def grouped(pairs: Iterable[tuple[Hashable, Any]]) -> dict[Hashable, list]:
    """``{key: [value, ...]}`` from (key, value) pairs, in their order."""
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def flat(groups: Iterable[list]) -> list:
    return [item for group in groups for item in group]


def m2m_batch(
    through, owner_field: str, target_field: str, order_by: Sequence[str] = ("pk",)
) -> Callable[[list[Hashable]], dict[Hashable, list]]:
    """A batch function: the targets of a many-to-many relation for many owners, in one
    query (``through`` is the relation's through model)."""

    def batch(keys: list[Hashable]) -> dict[Hashable, list]:
        rows = (
            through.objects.filter(**{f"{owner_field}__in": keys})
            .select_related(target_field)
            .order_by(*order_by)
        )
        return grouped(
            (getattr(row, f"{owner_field}_id"), getattr(row, target_field)) for row in rows
        )

    return batch
