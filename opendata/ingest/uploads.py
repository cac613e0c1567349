"""Turning an editor's upload into a pending DataFile whose ingestion runs after commit."""

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from opendata.ingest.limits import current_limits
from opendata.ingest.safety import FirstLook, first_look
from opendata.ingest.tasks import enqueue_ingestion
from opendata.models import DataFile


def check_upload(upload: UploadedFile) -> FirstLook:
    """The quick checks, on the upload before it is stored; raises RejectedFile."""
    return first_look(upload, upload.name or "", current_limits())


def store_upload(upload: UploadedFile, user=None) -> DataFile:
    """A new DataFile for ``upload`` (never an existing one rewritten: a published revision
    may point to it), ingested in the background once the transaction commits.

    Call it only once the whole form is valid and after ``check_upload``: the quick checks
    refuse what they can before a byte is stored, the task refuses the rest.
    """
    original_name = PurePath(upload.name or "file").name[-255:]
    data_file = DataFile(
        original_name=original_name,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    upload.seek(0)
    data_file.file.save(original_name, upload, save=False)
    data_file.save()
    enqueue_ingestion(data_file.pk)
    return data_file
