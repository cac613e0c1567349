"""The researchers' pages, inside i18n_patterns: /dataset/... in Vietnamese, /en/dataset/..."""

from django.urls import path

from opendata.pages.views import dataset_detail, dataset_list

app_name = "catalogue"

urlpatterns = [
    path("dataset/", dataset_list, name="dataset-list"),
    path("dataset/<str:name>/", dataset_detail, name="dataset-detail"),
]
