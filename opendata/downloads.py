"""Stable download URLs of resources' files."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from opendata.selectors import public_resources


def resource_download(request: HttpRequest, dataset: str, resource: str, filename: str):
    # The resource id is what makes the URL stable; the dataset name and the file name in
    # it are for people reading the link.
    found = get_object_or_404(
        public_resources().select_related("data_file", "dataset"),
        uuid=resource,
        data_file__isnull=False,
    )
    data_file = found.data_file
    try:
        handle = data_file.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=data_file.original_name,
        content_type=data_file.media_type or "application/octet-stream",
    )
