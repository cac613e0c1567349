"""ckanext-dcat's URL shapes: /catalog.<format>, /catalog, /dataset/<id or name>.<format>.

Dataset names and ids never contain a dot (CKAN's name rule), so the extension is
everything after the last one.
"""

from django.urls import path, re_path

from opendata.dcat import views

app_name = "dcat"

urlpatterns = [
    re_path(r"^catalog\.(?P<extension>[A-Za-z0-9]+)$", views.catalog_with_format, name="catalog"),
    path("catalog", views.catalog_negotiated, name="catalog-negotiated"),
    re_path(
        r"^dataset/(?P<id_or_name>[A-Za-z0-9_-]+)\.(?P<extension>[A-Za-z0-9]+)$",
        views.dataset_with_format,
        name="dataset",
    ),
    re_path(
        r"^dataset/(?P<id_or_name>[A-Za-z0-9_-]+)$",
        views.dataset_negotiated,
        name="dataset-negotiated",
    ),
]
