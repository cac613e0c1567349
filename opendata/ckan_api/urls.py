"""CKAN's API routes, unprefixed and outside the language prefixes (config/urls.py)."""

from django.urls import path

from opendata.ckan_api import views

app_name = "ckan_api"

urlpatterns = [
    path("api", views.api_version, name="root"),
    path("api/", views.api_version),
    path("api/3", views.api_version, {"ver": 3}, name="version"),
    path("api/3/", views.api_version, {"ver": 3}),
    path("api/3/action/<str:logic_function>", views.action, name="action"),
    path("api/action/<str:logic_function>", views.action, name="action-unversioned"),
]
