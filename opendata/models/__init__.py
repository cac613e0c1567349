"""Open data: datasets, their resources and files, and the reference lists they use."""

from opendata.models.ckan_sync import DatasetSyncState, OutboxEntry
from opendata.models.datasets import Dataset, DatasetTag, Frequency, Resource
from opendata.models.downloads import DownloadCount
from opendata.models.files import DataFile, DataFileStorage
from opendata.models.reference import Licence, Province, Theme

__all__ = [
    "DataFile",
    "DataFileStorage",
    "Dataset",
    "DatasetSyncState",
    "DatasetTag",
    "DownloadCount",
    "Frequency",
    "Licence",
    "OutboxEntry",
    "Province",
    "Resource",
    "Theme",
]
