"""The push enqueued when an outbox entry's transaction commits."""

from django.conf import settings
from django_tasks import task

from opendata.ckan_publish.worker import drain


@task()
def push_dataset(target: str, dataset_uuid: str) -> str:
    """One short attempt for one dataset; what fails is left to the sync loop's retries.

    With the default in-process backend this runs inside the editor's request, hence the
    short timeout (CKAN_REQUEST_TIMEOUT).
    """
    report = drain(target=target, key=dataset_uuid, timeout=settings.CKAN_REQUEST_TIMEOUT)
    return str(report)
