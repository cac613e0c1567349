"""The read actions of CKAN's Action API, each a plain function of the request's data dict.

Only public datasets exist here (opendata.selectors): drafts, withdrawn and private
datasets are "Not found" everywhere, never "not allowed", so that their existence does not
leak. Agencies are organizations, themes are groups.
"""

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from core.text import fold
from opendata.catalogue import CatalogueFilters, is_uuid, search_datasets
from opendata.ckan_api import params
from opendata.ckan_api.errors import NotAuthorized, NotFound, ValidationError, missing
from opendata.ckan_api.search import package_search
from opendata.ckan_api.serializers import (
    derived_id,
    group_show_dict,
    license_dict,
    organization_id,
    organization_name,
    organization_show_dict,
    package_dicts,
    public_package_queryset,
    publishing_agencies,
    tag_dict,
)
from opendata.models import DatasetTag, Licence, Theme
from opendata.selectors import public_datasets, public_resources

CKAN_VERSION = "2.11.0"
LIST_MAX = 1000  # CKAN's ckan.group_and_organization_list_max
LIST_ALL_FIELDS_MAX = 25  # CKAN's ckan.group_and_organization_list_all_fields_max
SHOW_DATASETS = 10  # organization_show and group_show list their first 10 datasets

Action = Callable[[dict[str, Any]], Any]


def _id(data: dict[str, Any], key: str = "id") -> str:
    value = params.text(data, key).strip()
    if not value:
        raise missing(key)
    return value


# ---------------------------------------------------------------------------- site


def status_show(data: dict[str, Any]) -> dict[str, Any]:
    """The site's name, address and CKAN version it answers as."""
    return {
        "site_title": settings.WAGTAIL_SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "site_url": settings.BASE_URL,
        "error_emails_to": None,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": [],
        "ckan_version": CKAN_VERSION,
    }


def license_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every licence of the register."""
    return [license_dict(licence) for licence in Licence.objects.order_by("pk")]


# ---------------------------------------------------------------------------- datasets


def package_list(data: dict[str, Any]) -> list[str]:
    """Names of the public datasets, by name; ``limit`` and ``offset`` page it."""
    limit = params.natural_number(data, "limit")
    offset = params.natural_number(data, "offset", 0)
    names = public_datasets().order_by("name").values_list("name", flat=True)
    # As CKAN: a limit of 0 means no limit.
    return list(names[offset : offset + limit] if limit else names[offset:])


def package_show(data: dict[str, Any]) -> dict[str, Any]:
    """A public dataset by id (its UUID) or name."""
    key = params.text(data, "id").strip() or _id(data, "name_or_id")
    condition = Q(name=key)
    if is_uuid(key):
        condition |= Q(uuid=key)
    dataset = public_package_queryset().filter(condition).first()
    if dataset is None:
        raise NotFound
    return package_dicts([dataset])[0]


def current_package_list_with_resources(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The most recently modified datasets first, with their resources."""
    limit = params.natural_number(data, "limit")
    offset = params.natural_number(data, "offset")
    page = params.integer(data, "page")
    if page is not None and page < 1:
        raise params.ValidationError({"page": ["Must be a positive integer"]})
    if offset is None:
        offset = (page - 1) * limit if page and limit else 0
    search = {"q": "", "start": offset}
    if limit is not None:
        search["rows"] = limit
    return package_search(search)["results"]


def resource_show(data: dict[str, Any]) -> dict[str, Any]:
    """A resource of a public dataset, by id."""
    key = _id(data)
    resource = public_resources().filter(uuid=key).first() if is_uuid(key) else None
    if resource is None:
        raise NotFound
    dataset = public_package_queryset().get(pk=resource.dataset_id)
    for item in package_dicts([dataset])[0]["resources"]:
        if item["id"] == str(resource.uuid):
            return item
    raise NotFound("Resource was not found.")


# ---------------------------------------------------------------------------- organizations


def _list_window(data: dict[str, Any], all_fields: bool) -> tuple[int, int]:
    maximum = LIST_ALL_FIELDS_MAX if all_fields else LIST_MAX
    limit = params.natural_number(data, "limit")
    offset = params.natural_number(data, "offset", 0)
    if limit is None or limit > maximum:
        limit = maximum
    return limit, offset


def _sort_key(sort: tuple[str, bool]) -> Callable[[Any], Any]:
    field, _ = sort
    if field in ("packages", "package_count"):
        return lambda item: (item.package_count, fold(item.list_title).lower())
    if field == "name":
        return lambda item: item.list_name
    return lambda item: (fold(item.list_title).lower(), item.list_title)


def _sort_spec(data: dict[str, Any]) -> tuple[str, bool]:
    spec = params.text(data, "sort") or params.text(data, "order_by") or "title"
    if spec.strip() in ("packages", "package_count"):
        spec = "package_count desc"
    return params.list_sort(spec, ("name", "packages", "package_count", "title"))


def _matches(query: str, *texts: str) -> bool:
    needle = fold(query).lower()
    return any(needle in fold(text or "").lower() for text in texts)


def _listing(
    data: dict[str, Any],
    items: list[Any],
    names_param: str,
    texts: Callable[[Any], tuple[str, ...]],
    show: Callable[[Any], dict[str, Any]],
) -> list[Any]:
    """What organization_list and group_list share: the names wanted, ``q``, sort, window.

    ``items`` carry ``list_name`` and ``list_title``; the result is their names, or with
    all_fields their dicts.
    """
    all_fields = params.boolean(data, "all_fields", False)
    limit, offset = _list_window(data, all_fields)
    sort = _sort_spec(data)
    wanted = set(params.names_list(data, names_param))
    query = params.text(data, "q").strip()
    if wanted:
        items = [item for item in items if item.list_name in wanted]
    if query:
        items = [item for item in items if _matches(query, *texts(item))]
    items.sort(key=_sort_key(sort), reverse=sort[1])
    items = items[offset : offset + limit]
    if all_fields:
        return [show(item) for item in items]
    return [item.list_name for item in items]


def _recent_packages(filters: CatalogueFilters) -> list[dict[str, Any]]:
    """The most recently modified datasets of an organization or group (include_datasets)."""
    found = search_datasets("", filters, sort=["date"], limit=SHOW_DATASETS)
    return package_dicts(found.datasets)


def organization_list(data: dict[str, Any]) -> list[Any]:
    """Agencies that publish at least one public dataset: names, or dicts with all_fields."""
    agencies = list(publishing_agencies())
    for agency in agencies:
        agency.list_name, agency.list_title = organization_name(agency), agency.name
    return _listing(
        data,
        agencies,
        "organizations",
        lambda agency: (agency.list_name, agency.name, agency.name_en),
        organization_show_dict,
    )


def _organization(key: str):
    for agency in publishing_agencies():
        if key in (organization_name(agency), organization_id(agency), agency.code):
            return agency
    raise NotFound


def _show_options(data: dict[str, Any]) -> bool:
    """Reads the include_* flags as CKAN does (a bad one is an error); True: list datasets."""
    for flag in ("include_tags", "include_groups", "include_extras", "include_followers"):
        params.boolean(data, flag, True)
    for flag in ("include_users", "include_member_count", "include_dataset_count"):
        params.boolean(data, flag, False)
    return params.boolean(data, "include_datasets", False)


def organization_show(data: dict[str, Any]) -> dict[str, Any]:
    """An organization (an agency publishing public datasets) by name, id or agency code."""
    key = _id(data)
    include_datasets = _show_options(data)
    agency = _organization(key)
    result = organization_show_dict(agency)
    if include_datasets:
        result["packages"] = _recent_packages(CatalogueFilters(agency=[agency.code]))
    return result


# ---------------------------------------------------------------------------- groups


def _themes():
    counted = Q(datasets__in=public_datasets())
    return Theme.objects.annotate(package_count=Count("datasets", filter=counted, distinct=True))


def group_list(data: dict[str, Any]) -> list[Any]:
    """The catalogue's themes: names, or dicts with all_fields."""
    themes = list(_themes())
    for theme in themes:
        theme.list_name, theme.list_title = theme.slug, theme.name
    return _listing(
        data,
        themes,
        "groups",
        lambda theme: (theme.slug, theme.name, theme.name_en, theme.description),
        lambda theme: group_show_dict(theme, theme.package_count),
    )


def group_show(data: dict[str, Any]) -> dict[str, Any]:
    """A theme by name (slug) or id."""
    key = _id(data)
    include_datasets = _show_options(data)
    theme = next(
        (t for t in _themes() if key in (t.slug, derived_id("theme", t.pk))),
        None,
    )
    if theme is None:
        raise NotFound
    result = group_show_dict(theme, theme.package_count)
    if include_datasets:
        result["packages"] = _recent_packages(CatalogueFilters(theme=[theme.slug]))
    return result


# ---------------------------------------------------------------------------- tags


def tag_list(data: dict[str, Any]) -> list[Any]:
    """Tags of public datasets; ``query`` keeps those containing it (diacritics ignored)."""
    if data.get("vocabulary_id"):
        raise NotFound("Could not find vocabulary")  # there are only free tags
    query = (params.text(data, "query") or params.text(data, "q")).strip()
    all_fields = params.boolean(data, "all_fields", False)
    names = (
        DatasetTag.objects.filter(content_object__in=public_datasets())
        .values_list("tag__name", flat=True)
        .distinct()
        .order_by("tag__name")
    )
    names = [name for name in names if not query or _matches(query, name)]
    return [tag_dict(name) for name in names] if all_fields else names


def _tag_search(data: dict[str, Any]) -> tuple[list[str], int]:
    """CKAN's ``_tag_search`` over free tags of public datasets: every term of ``query``
    (or ``q``; text or a list) contained in the name, any case; ``offset``, ``limit``."""
    terms = data.get("query") or data.get("q") or []
    if isinstance(terms, str):
        terms = [terms]
    if not isinstance(terms, list) or not all(isinstance(term, str) for term in terms):
        raise ValidationError({"query": ["Not a list of strings"]})
    terms = [params.clean(term, "query").strip().lower() for term in terms if term.strip()]
    offset = params.natural_number(data, "offset", 0)
    limit = params.natural_number(data, "limit")
    if not terms:
        return [], 0
    names = (
        DatasetTag.objects.filter(content_object__in=public_datasets())
        .values_list("tag__name", flat=True)
        .distinct()
        .order_by("tag__name")
    )
    found = [name for name in names if all(term in name.lower() for term in terms)]
    end = None if limit is None else offset + limit
    return found[offset:end], len(found)


def tag_search(data: dict[str, Any]) -> dict[str, Any]:
    """Free tags of public datasets whose names contain every term of ``query``."""
    names, count = _tag_search(data)
    results = [
        {"id": derived_id("tag", name), "name": name, "vocabulary_id": None} for name in names
    ]
    return {"count": count, "results": results}


def tag_autocomplete(data: dict[str, Any]) -> list[str]:
    """The names tag_search finds."""
    return _tag_search(data)[0]


def _autocomplete(data: dict[str, Any], items: list[tuple[str, str, str]]) -> list[dict]:
    """CKAN's ``_group_or_org_autocomplete``: ``q`` in the name or (any case) the title."""
    if "q" not in data:
        raise missing("q")
    query = params.text(data, "q").strip().lower()
    limit = params.natural_number(data, "limit", 20, cap=LIST_MAX)
    found = [
        {"id": item_id, "name": name, "title": title}
        for item_id, name, title in sorted(items, key=lambda item: (fold(item[2]).lower(), item[1]))
        if query in name or query in title.lower()
    ]
    return found[:limit]


def organization_autocomplete(data: dict[str, Any]) -> list[dict[str, str]]:
    """Organizations whose name or title contains ``q``, as id, name and title."""
    agencies = publishing_agencies()
    return _autocomplete(
        data, [(organization_id(a), organization_name(a), a.name) for a in agencies]
    )


def group_autocomplete(data: dict[str, Any]) -> list[dict[str, str]]:
    """Groups (themes) whose name or title contains ``q``, as id, name and title."""
    return _autocomplete(
        data, [(derived_id("theme", t.pk), t.slug, t.name) for t in Theme.objects.all()]
    )


def vocabulary_list(data: dict[str, Any]) -> list[Any]:
    """Tag vocabularies: none, every tag here is a free tag."""
    return []


def format_autocomplete(data: dict[str, Any]) -> list[str]:
    """Resource formats containing ``q`` (any case), the most used first; ``limit`` (5)."""
    query = params.text(data, "q")
    if "q" not in data:
        raise missing("q")
    limit = params.natural_number(data, "limit", 5, cap=LIST_MAX)
    counts: dict[str, int] = {}
    for resource in public_resources().select_related("data_file"):
        value = resource.get_format()
        if value and query.lower() in value.lower():
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda value: (-counts[value], value))[:limit]


# ---------------------------------------------------------------------------- users


def organization_list_for_user(data: dict[str, Any]) -> list[Any]:
    """The organizations the caller may edit: none, the API has no users (CKAN answers an
    anonymous caller the same)."""
    return []


# ---------------------------------------------------------------------------- registry


def help_show(data: dict[str, Any]) -> str | None:
    """The documentation of an action."""
    name = _id(data, "name")
    if name not in ACTIONS:
        raise NotFound("Action function not found")
    return ACTIONS[name].__doc__


ACTIONS: dict[str, Action] = {
    action.__name__: action
    for action in (
        status_show,
        license_list,
        package_list,
        package_show,
        package_search,
        current_package_list_with_resources,
        resource_show,
        organization_list,
        organization_show,
        group_list,
        group_show,
        tag_list,
        tag_search,
        tag_autocomplete,
        organization_autocomplete,
        group_autocomplete,
        vocabulary_list,
        format_autocomplete,
        organization_list_for_user,
        help_show,
    )
}

# Actions that change data in CKAN: known, but refused (the catalogue is edited in the admin).
WRITE_ACTION = re.compile(
    r"^(\w+_(create|update|patch|delete|purge|revise|reorder|upsert)"
    r"|(un)?follow_\w+|bulk_update_\w+|package_owner_org_update|api_token_revoke)$"
)


def get_action(name: str) -> Action | None:
    return ACTIONS.get(name)


def is_write_action(name: str) -> bool:
    return bool(WRITE_ACTION.match(name))


def refuse_write(name: str) -> None:
    raise NotAuthorized(f"{name} is not allowed: this catalogue's API is read-only")
