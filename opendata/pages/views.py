"""The researchers' pages: the catalogue and a dataset's page, server-rendered."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

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
    dataset = find_public_dataset(name)
    if dataset is None:
        raise Http404("No public dataset has this name")
    rdf = rdf_negotiation_hook(request, dataset)
    if rdf is not None:
        return rdf
    context = {
        "view": dataset_page(dataset, request.path, _language()),
        "other_languages": _other_languages(request),
    }
    return render(request, "opendata/pages/dataset_detail.html", context)


def rdf_negotiation_hook(request: HttpRequest, dataset) -> HttpResponse | None:
    """Where RDF content negotiation plugs in: None means "render the HTML page".

    To be wired to ``opendata.dcat.negotiation.rdf_format_for(request)``: when it names an
    RDF format (a harvester's ``Accept: text/turtle``), answer with, or redirect to, the
    dataset's DCAT form (``/dataset/<name>.ttl``, ...) instead of the page.
    """
    return None
