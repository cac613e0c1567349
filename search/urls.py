from django.urls import re_path

from search import views

app_name = "search"

# With or without the trailing slash: an API is called by hand-written URLs.
urlpatterns = [
    re_path(r"^api/search/?$", views.search, name="search"),
    re_path(r"^api/search/suggest/?$", views.suggest, name="suggest"),
]
