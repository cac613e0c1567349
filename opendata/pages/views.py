"""The researchers' pages: the catalogue and a dataset's page, server-rendered."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_info

from opendata.dcat.negotiation import rdf_format_for
from opendata.dcat.views import dataset_rdf
from opendata.pages.detail import dataset_page, find_public_dataset
from opendata.pages.listing import BadQuery, catalogue_page, parse_query


def _language() -> str:
    return (get_language() or "vi")[:2]


def _other_languages(request: HttpRequest) -> list[dict[str, str]]:
    """The same page (query string included) in the site's other languages."""
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
        }
        for code, _ in settings.LANGUAGES
        if code != _language()
    ]


def dataset_list(request: HttpRequest) -> HttpResponse:
    try:
        query = parse_query(request.GET)
    except BadQuery as error:
        context = {"message": error, "other_languages": _other_languages(request)}
        return render(request, "opendata/pages/bad_query.html", context, status=400)
    page = catalogue_page(query, _language())
    if query.page > page.pages:
        raise Http404("No such page of the catalogue")
    context = {"catalogue": page, "other_languages": _other_languages(request)}
    return render(request, "opendata/pages/dataset_list.html", context)


def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    # Harvesters that ask for RDF (ckanext-dcat's content negotiation) get the DCAT form.
    if extension := rdf_format_for(request):
        return dataset_rdf(request, name, extension)
    dataset = find_public_dataset(name)
    if dataset is None:
        raise Http404("No public dataset has this name")
    context = {
        "view": dataset_page(dataset, request.path, _language()),
        "other_languages": _other_languages(request),
    }
    response = render(request, "opendata/pages/dataset_detail.html", context)
    patch_vary_headers(response, ["Accept"])
    return response
