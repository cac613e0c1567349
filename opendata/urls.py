from django.urls import path

from opendata.downloads import resource_download

app_name = "opendata"

# The resource id is checked by the view, so that a malformed one gets its JSON 404 too.
urlpatterns = [
    path(
        "dataset/<str:dataset>/resource/<str:resource>/download/<str:filename>",
        resource_download,
        name="resource-download",
    ),
]
