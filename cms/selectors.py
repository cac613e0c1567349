"""What the public may see: live, public, not past expiry. Every read API goes through here."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import PageViewRestriction


def restricted_paths() -> list[str]:
    """Tree paths of the pages with a view restriction (their descendants are restricted too)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def visible(queryset: QuerySet, restricted: Iterable[str] | None = None) -> QuerySet:
    """Live, without a view restriction on the page or an ancestor, not past its expiry.

    Wagtail unpublishes expired pages only when ``publish_scheduled`` next runs; a read API
    must not serve them in the meantime. ``restricted`` (from ``restricted_paths()``) lets a
    caller that filters many querysets in one request read the restrictions once.
    """
    if restricted is None:
        restricted = restricted_paths()
    queryset = queryset.live().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    for path in restricted:
        queryset = queryset.exclude(path__startswith=path)
    return queryset
