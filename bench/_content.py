"""Benchmark content: the demo, scaled up to thousands of published pages.

Copies are made from the demo's live, public pages in the default locale, with new slugs
(and, for procedures, new codes), through Wagtail's own ``add_child`` and
``save_revision().publish()``: they get tree paths, revisions, search index entries and
publication dates like pages an editor published. Idempotent: a second call only adds
what is missing, so a kept database (``--keep``) is topped up, never duplicated.

Imported only after Django is set up (by bench/graphql_vs_rest.py).
"""

import copy
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as search_signal_handler
from wagtail.fields import StreamField
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.models import NewsIndexPage, NewsPage, ProcedureIndexPage, ProcedurePage, chosen_links
from cms.selectors import visible

BATCH = 200  # pages per transaction: SQLite commits are the slow part

# Page fields a copy takes over from its source; the rest (tree, ids, dates of
# publication, revisions, translation key) Wagtail sets for the new page.
PAGE_FIELDS = ("title", "seo_title", "search_description", "locale_id", "owner_id")


def public_pages(model: type[Page]):
    return visible(model.objects.filter(locale__language_code=settings.LANGUAGE_CODE))


def scale_up(news: int, procedures: int, progress: Callable[[str], None] = print) -> dict[str, int]:
    """At least ``news`` public news items and ``procedures`` guides in the default locale."""
    news_index = NewsIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    procedure_index = ProcedureIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    _copy_until(NewsPage, news_index, news, _renamed_news, progress)
    _copy_until(ProcedurePage, procedure_index, procedures, _renamed_procedure, progress)
    return {
        "news": public_pages(NewsPage).count(),
        "procedures": public_pages(ProcedurePage).count(),
    }


def _copy_until(model, parent: Page, target: int, rename, progress) -> None:
    existing = public_pages(model).count()
    missing = target - existing
    label = model._meta.verbose_name_plural
    if missing <= 0:
        progress(f"  {label}: {existing} public, nothing to add")
        return
    sources = list(public_pages(model).order_by("pk"))
    if not sources:
        raise RuntimeError(f"no public {label} to copy: was the demo content loaded?")
    taken = set(model.objects.values_list("slug", flat=True))
    m2m = _m2m_fields(model)
    relations = {
        source.pk: {name: list(getattr(source, name).all()) for name in m2m} for source in sources
    }
    started = time.monotonic()
    number, added = existing, 0
    while added < missing:
        batch = []
        with transaction.atomic(), _indexed_once_per_batch(model, batch):
            while len(batch) < min(BATCH, missing - added):
                number += 1
                source = sources[number % len(sources)]
                page = _copy(model, source, relations[source.pk])
                rename(page, source, number)
                if page.slug in taken:
                    continue
                taken.add(page.slug)
                parent.add_child(instance=page)  # validates the page (full_clean)
                page.save_revision(clean=False).publish()
                batch.append(page)
        added += len(batch)
        rate = added / (time.monotonic() - started)
        progress(f"  {label}: {existing + added}/{target} public ({rate:.0f} pages/s)")


@contextmanager
def _indexed_once_per_batch(model, batch: list[Page]):
    """Search and reference indexes updated once per page, in bulk, not on each of its saves.

    A page is saved three times on its way to publication (add_child, save_revision,
    publish), and each save would index it again: the indexes are the same, reached at
    a third of the cost.
    """
    post_save.disconnect(search_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(search_signal_handler, sender=model)
    for page in batch:
        ReferenceIndex.create_or_update_for_object(page)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, batch)


def _m2m_fields(model) -> list[str]:
    return [field.name for field in model._meta.local_many_to_many]


def _link_model(model, name: str) -> tuple[str, type, str]:
    """A many-to-many field's rows as the page holds them: (its child relation, the link
    model, the link's field that names the chosen object)."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    parent = next(f for f in through._meta.fields if isinstance(f, ParentalKey))
    chosen = next(f for f in through._meta.fields if f.related_model is field.related_model)
    return parent.remote_field.related_name, through, chosen.name


def _copy(model, source, relations: dict[str, list]):
    page = model(**{name: getattr(source, name) for name in PAGE_FIELDS})
    for field in model._meta.local_concrete_fields:
        if field.name == "page_ptr":
            continue
        value = getattr(source, field.attname)
        if isinstance(field, StreamField):
            # As its stored JSON, so that no block value is shared between two pages.
            value = field.get_prep_value(value)
        setattr(page, field.attname, copy.deepcopy(value))
    for name, targets in relations.items():
        # As child objects (the admin's chosen links): saved with the page, and in its revision.
        relation, link, field = _link_model(model, name)
        setattr(page, relation, chosen_links(link, field, targets))
    return page


def _renamed_news(page: NewsPage, source: NewsPage, number: int) -> None:
    page.title = f"{source.title} (bản {number})"
    page.slug = f"{source.slug}-ban-{number}"
    # Spread over time, so that "newest first" sorts thousands of distinct dates.
    page.publication_date = source.publication_date - timedelta(hours=number)


def _renamed_procedure(page: ProcedurePage, source: ProcedurePage, number: int) -> None:
    page.title = f"{source.title} (bản {number})"
    page.slug = f"{source.slug}-ban-{number}"
    page.code = f"{source.code}-b{number}"
