"""Ingestion of uploaded data files: checks, checksum, format, data dictionary, preview.

``safety.first_look`` holds the quick checks the upload form runs; ``service.analyse``
the full pass; ``service.ingest`` records its outcome on a DataFile (the task calls it).
"""
