"""DCAT endpoints: the catalogue and each dataset, at ckanext-dcat's URLs.

``?profiles=`` chooses the DCAT-AP version (opendata.dcat.application_profiles).

Errors are the project's JSON error body (core.http.errors): 400 for a parameter to fix,
404 for an unknown format or a dataset that is not public (drafts, private and withdrawn
datasets alike), 406 when content negotiation finds no RDF format.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from rdflib import Graph

from core.errors import ErrorCode
from core.http.errors import json_error
from opendata.dcat import application_profiles, negotiation, paging, profile
from opendata.dcat.queries import PageOutOfRange, catalogue_page, public_dataset
from opendata.models import Dataset


def _unknown_format(extension: str) -> JsonResponse:
    return json_error(
        404,
        ErrorCode.NOT_FOUND,
        f"Unknown RDF format {extension!r}",
        formats=sorted(negotiation.FORMATS),
    )


def _bad_profile(unknown: application_profiles.UnknownProfile) -> JsonResponse:
    return json_error(
        400, ErrorCode.BAD_USER_INPUT, str(unknown), profiles=sorted(application_profiles.PROFILES)
    )


def _rdf_response(graph: Graph, extension: str) -> HttpResponse:
    fmt = negotiation.FORMATS[extension]
    options = {"auto_compact": True} if fmt.rdflib_name == "json-ld" else {}
    body = graph.serialize(format=fmt.rdflib_name, encoding="utf-8", **options)
    return HttpResponse(body, content_type=f"{fmt.media_type}; charset=utf-8")


def dataset_rdf(request: HttpRequest, id_or_name: str, extension: str) -> HttpResponse:
    """One public dataset in the RDF format of ``extension`` (a key of FORMATS); 404 else.

    The HTML dataset page calls this when ``negotiation.rdf_format_for(request)`` names a
    format, so that ``/dataset/<name>/`` answers harvesters that ask for RDF.
    """
    if extension not in negotiation.FORMATS:
        return _unknown_format(extension)
    try:
        application_profile = application_profiles.parse_profiles(
            request.GET.get(application_profiles.PARAMETER)
        )
    except application_profiles.UnknownProfile as unknown:
        return _bad_profile(unknown)
    try:
        dataset = public_dataset(id_or_name)
    except Dataset.DoesNotExist:
        return json_error(404, ErrorCode.NOT_FOUND, "Dataset not found")
    response = _rdf_response(profile.dataset_graph(dataset, application_profile), extension)
    patch_vary_headers(response, ["Accept"])
    return response


@require_safe
def dataset_with_format(request: HttpRequest, id_or_name: str, extension: str) -> HttpResponse:
    return dataset_rdf(request, id_or_name, extension)


@require_safe
def dataset_negotiated(request: HttpRequest, id_or_name: str) -> HttpResponse:
    """The dataset URI itself: RDF for who asks for it, the dataset's page for everyone else."""
    extension = negotiation.rdf_format_for(request)
    if extension:
        return dataset_rdf(request, id_or_name, extension)
    try:
        dataset = public_dataset(id_or_name)
    except Dataset.DoesNotExist:
        return json_error(404, ErrorCode.NOT_FOUND, "Dataset not found")
    response = HttpResponseRedirect(profile.landing_page(dataset))
    response.status_code = 303
    patch_vary_headers(response, ["Accept"])
    return response


def _catalog(request: HttpRequest, extension: str) -> HttpResponse:
    try:
        number = paging.parse_page(request.GET.get("page"))
        since_text = request.GET.get("modified_since")
        since = paging.parse_modified_since(since_text)
    except paging.BadParameter as bad:
        return json_error(400, ErrorCode.BAD_USER_INPUT, str(bad))
    profiles_text = request.GET.get(application_profiles.PARAMETER)
    try:
        application_profile = application_profiles.parse_profiles(profiles_text)
    except application_profiles.UnknownProfile as unknown:
        return _bad_profile(unknown)
    try:
        page = catalogue_page(number, modified_since=since)
    except PageOutOfRange as out:
        return json_error(400, ErrorCode.BAD_USER_INPUT, str(out), last_page=out.last)
    graph = profile.new_graph()
    catalog = profile.add_catalog(graph, page, application_profile)
    paging.add_paging(
        graph,
        catalog,
        page,
        base=settings.BASE_URL,
        path=request.path,
        modified_since=since_text.strip() if since_text else None,
        # The next page in the profile of this one, for a harvester that asked for one.
        profiles=application_profile.name if (profiles_text or "").strip() else None,
    )
    return _rdf_response(graph, extension)


@require_safe
def catalog_with_format(request: HttpRequest, extension: str) -> HttpResponse:
    if extension not in negotiation.FORMATS:
        return _unknown_format(extension)
    return _catalog(request, extension)


@require_safe
def catalog_negotiated(request: HttpRequest) -> HttpResponse:
    extension = negotiation.rdf_format_for(request)
    if extension is None and negotiation.takes_anything(request):
        extension = "ttl"
    if extension is None:
        response = json_error(
            406,
            ErrorCode.NOT_ACCEPTABLE,
            "The catalogue is RDF: ask for one of these media types, or use /catalog.<format>",
            media_types=sorted({fmt.media_type for fmt in negotiation.FORMATS.values()}),
        )
    else:
        response = _catalog(request, extension)
    patch_vary_headers(response, ["Accept"])
    return response
