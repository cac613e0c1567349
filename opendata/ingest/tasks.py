"""Background work of ingestion: a file uploaded is ingested once its transaction commits."""

from django.db import transaction
from django_tasks import task

from opendata.ingest.service import ingest
from opendata.models import DataFile


@task()
def ingest_data_file(data_file_id: int) -> str:
    """Ingest an uploaded file; returns its status ("ready", "rejected") or "skipped".

    Idempotent: a file already ingested (the task enqueued twice, a retry after a worker
    died) is left alone.
    """
    data_file = DataFile.objects.filter(pk=data_file_id, status=DataFile.Status.PENDING).first()
    if data_file is None:
        return "skipped"
    return ingest(data_file).status


def enqueue_ingestion(data_file_id: int) -> None:
    """Ingest once the upload's transaction has committed, so the worker finds the row."""
    transaction.on_commit(lambda: ingest_data_file.enqueue(data_file_id))
