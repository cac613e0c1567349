"""Which datasets and resources the public may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from opendata.models import Dataset, Resource


def public_datasets(queryset: QuerySet[Dataset] | None = None) -> QuerySet[Dataset]:
    """Live, not private, not past their expiry: the only datasets any public surface shows.

    Expiry is checked here as well as by ``publish_scheduled``, which may not have run yet.
    """
    queryset = Dataset.objects.all() if queryset is None else queryset
    return queryset.filter(live=True, is_private=False).filter(
        Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
    )


def is_public(dataset: Dataset) -> bool:
    """Whether the stored row of ``dataset`` is public now (what every surface would show)."""
    return public_datasets(Dataset.objects.filter(pk=dataset.pk)).exists()


def public_resources(queryset: QuerySet[Resource] | None = None) -> QuerySet[Resource]:
    """Resources of public datasets whose file, if any, passed ingestion."""
    queryset = Resource.objects.all() if queryset is None else queryset
    return queryset.filter(dataset__in=public_datasets()).filter(
        Q(data_file__isnull=True) | Q(data_file__status="ready")
    )
