"""Read actions answered as the local CKAN 2.12 answers them for the same data, key by key
and type by type: format_autocomplete, vocabulary_list, organization_list_for_user, and the
bare answer to an unknown action."""

import uuid

import pytest
import requests

from tests.ckan.fixtures import ckan_server, unique_name  # noqa: F401
from tests.factories import AgencyFactory, DatasetFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

API = "/api/3/action/"


def both(client, server, action: str, **params):
    """(status, body) from minhbach and from the local CKAN, anonymously."""
    ours = client.get(API + action, params)
    theirs = requests.get(f"{server.url}{API}{action}", params=params, timeout=30)
    return (ours.status_code, ours.json()), (theirs.status_code, theirs.json())


def _without_help(body):
    return {k: v for k, v in body.items() if k != "help"} if isinstance(body, dict) else body


@pytest.fixture
def formats(ckan_server):  # noqa: F811
    """The same resource formats here and in the local CKAN, unique to this test run."""
    token = uuid.uuid4().hex[:8].upper()
    wanted = {f"CSV{token}": 3, f"XLSX{token}": 2, f"GEOJSON{token}": 1}
    ckan = ckan_server.ckan()
    organization = ckan.action.organization_create(name=unique_name("formats"))
    for value, count in wanted.items():
        for n in range(count):
            ckan.action.package_create(
                name=unique_name("formats"),
                owner_org=organization["id"],
                resources=[{"url": f"https://example.invalid/{n}", "format": value}],
            )
            dataset = DatasetFactory(resources=0)
            ResourceFactory(
                dataset=dataset, data_file=None, url="https://example.invalid/", format=value
            )
    return token


def test_format_autocomplete(client, ckan_server, formats):  # noqa: F811
    for params in ({"q": formats}, {"q": formats.lower(), "limit": 2}, {"q": f"xlsx{formats}"}):
        ours, theirs = both(client, ckan_server, "format_autocomplete", **params)
        assert ours[0] == theirs[0] == 200
        assert ours[1].keys() == theirs[1].keys()
        assert ours[1]["success"] is theirs[1]["success"] is True
        # CKAN's resource_create lowercases a format it does not know (clean_format), and
        # these are made up to be unique to the run: compared in CKAN's spelling.
        assert [value.lower() for value in ours[1]["result"]] == theirs[1]["result"]
    assert ours[1]["result"] == [f"XLSX{formats}"]
    for params in ({}, {"q": "x", "limit": "x"}, {"q": "x", "limit": -1}):
        ours, theirs = both(client, ckan_server, "format_autocomplete", **params)
        assert ours[0] == theirs[0] == 409
        assert _without_help(ours[1]) == _without_help(theirs[1])


@pytest.mark.parametrize("action", ["vocabulary_list", "organization_list_for_user"])
def test_empty_lists_as_ckan_gives_them_to_an_anonymous_caller(client, ckan_server, action):  # noqa: F811
    ours, theirs = both(client, ckan_server, action)
    assert ours[0] == theirs[0] == 200
    assert _without_help(ours[1]) == _without_help(theirs[1]) == {"success": True, "result": []}


def test_an_unknown_action_is_the_same_bare_string(client, ckan_server):  # noqa: F811
    ours, theirs = both(client, ckan_server, "dataset_frobnicate")
    assert ours == theirs == (400, "Bad request: Action name not known: dataset_frobnicate")


@pytest.fixture
def named(ckan_server):  # noqa: F811
    """One organization, group and dataset with two tags, here and in the local CKAN."""
    token = uuid.uuid4().hex[:8]
    title = f"Sở Nội vụ {token}"
    ckan = ckan_server.ckan()
    organization = ckan.action.organization_create(name=f"org-{token}", title=title)
    group = ckan.action.group_create(name=f"nhom-{token}", title=f"Nhóm {token}")
    tags = [f"hồ sơ {token}", f"Văn bản {token}"]
    ckan.action.package_create(
        name=unique_name("tags"),
        owner_org=organization["id"],
        groups=[{"id": group["id"]}],
        tags=[{"name": tag} for tag in tags],
    )
    agency = AgencyFactory(code=f"ORG-{token}", name=title)
    theme = ThemeFactory(slug=f"nhom-{token}", name=f"Nhóm {token}")
    dataset = DatasetFactory(publish=False, publisher=agency, resources=0)
    dataset.themes.set([theme])
    dataset.tags.add(*tags)
    dataset.save()
    dataset.save_revision().publish()
    return token


def _same_shape(ours, theirs) -> None:
    """Equal keys and types all the way down; ids are each catalogue's own."""
    assert type(ours) is type(theirs)
    if isinstance(ours, dict):
        assert ours.keys() == theirs.keys()
        for key in ours:
            if key != "id":
                _same_shape(ours[key], theirs[key])
    elif isinstance(ours, list):
        assert len(ours) == len(theirs)
        for mine, other in zip(ours, theirs, strict=True):
            _same_shape(mine, other)
    else:
        assert ours == theirs


@pytest.mark.parametrize(
    ("action", "params"),
    [
        ("tag_search", {"query": "{token}"}),
        ("tag_search", {"q": "văn {token}"}),
        ("tag_search", {"query": "{token}", "limit": 1, "offset": 1}),
        ("tag_autocomplete", {"q": "{token}"}),
        ("organization_autocomplete", {"q": "{token}"}),
        ("organization_autocomplete", {"q": "nội VỤ {token}"}),
        ("group_autocomplete", {"q": "nhom-{token}"}),
    ],
)
def test_tag_and_autocomplete_actions(client, ckan_server, named, action, params):  # noqa: F811
    params = {key: str(value).format(token=named) for key, value in params.items()}
    ours, theirs = both(client, ckan_server, action, **params)
    assert ours[0] == theirs[0] == 200
    mine, other = ours[1]["result"], theirs[1]["result"]
    if action == "tag_autocomplete":  # CKAN leaves the order to the database
        mine, other = sorted(mine), sorted(other)
    if isinstance(mine, dict):  # tag_search: CKAN leaves the order to the database
        if "limit" in params:  # so which tag a page holds is CKAN's database's choice
            assert mine["count"] == other["count"] == 2
            (mine_tag,), (other_tag,) = mine["results"], other["results"]
            assert mine_tag.keys() == other_tag.keys()
            return
        mine["results"].sort(key=lambda tag: tag["name"])
        other["results"].sort(key=lambda tag: tag["name"])
    _same_shape(mine, other)
    assert mine
