from django.urls import path

from opendata.downloads import resource_download

app_name = "opendata"

urlpatterns = [
    path(
        "dataset/<str:dataset>/resource/<uuid:resource>/download/<str:filename>",
        resource_download,
        name="resource-download",
    ),
]
