"""package_search's q/fq in Solr's language (read by luqum) on the real search backend:
OR within a field, exclusions, date ranges with Solr's date math on a frozen clock, name
wildcards and every sort a CKAN harvester sends."""

import datetime

import pytest
import time_machine

from opendata.ckan_api import query
from opendata.models import Dataset
from tests.opendata.ckan_api.test_actions import call, catalogue, names, ok  # noqa: F401

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ALL = ["bao-cao-nam", "chu-ky-so", "dich-vu-cong-truc-tuyen", "tram-y-te"]
SINCE = "2025-01-01T00:00:00Z"


def _published(name: str, moment: datetime.datetime) -> None:
    Dataset.objects.filter(name=name).update(last_published_at=moment, first_published_at=moment)
    dataset = Dataset.objects.get(name=name)
    dataset.save()  # re-indexed through search.signals, as any save


@pytest.fixture
def dated(catalogue):  # noqa: F811
    _published("dich-vu-cong-truc-tuyen", datetime.datetime(2024, 12, 31, 23, 0, tzinfo=UTC))
    _published("tram-y-te", datetime.datetime(2025, 1, 1, 0, 0, tzinfo=UTC))
    _published("chu-ky-so", datetime.datetime(2025, 3, 14, 9, 0, tzinfo=UTC))
    _published("bao-cao-nam", datetime.datetime(2025, 3, 15, 8, 0, tzinfo=UTC))
    return catalogue


def search(client, **data) -> list[str]:
    return names(ok(client, "package_search", sort="name asc", rows=100, **data))


def test_what_ckanext_harvest_sends(client, dated):
    everything = ALL
    by_id = ok(client, "package_search", sort="id asc", rows=100)
    assert [p["id"] for p in by_id["results"]] == sorted(p["id"] for p in by_id["results"])
    assert sorted(names(by_id)) == everything
    desc = ok(client, "package_search", sort="id desc", rows=100)
    assert names(desc) == names(by_id)[::-1]
    since = "metadata_modified:[2025-01-01T00:00:00Z TO *]"
    assert search(client, fq=since) == ["bao-cao-nam", "chu-ky-so", "tram-y-te"]
    assert search(client, fq="organization:ubnd-hn OR organization:btttt") == everything
    assert search(client, fq="organization:ubnd-hn OR organization:khac") == [
        "dich-vu-cong-truc-tuyen",
        "tram-y-te",
    ]
    assert search(client, fq="-organization:ubnd-hn") == ["bao-cao-nam", "chu-ky-so"]
    assert search(client, fq=f"-organization:ubnd-hn -organization:btttt {since}") == []
    assert search(client, fq=f"organization:ubnd-hn OR organization:btttt {since}") == [
        "bao-cao-nam",
        "chu-ky-so",
        "tram-y-te",
    ]


@pytest.mark.parametrize(
    ("fq", "expected"),
    [
        (f"metadata_modified:[{SINCE} TO 2025-03-14T09:00:00Z]", ["chu-ky-so", "tram-y-te"]),
        (f"metadata_modified:{{{SINCE} TO 2025-03-14T09:00:00Z}}", []),
        (f"metadata_modified:[{SINCE} TO 2025-03-14T09:00:00Z}}", ["tram-y-te"]),
        ("metadata_modified:[* TO 2025-01-01T00:00:00Z}", ["dich-vu-cong-truc-tuyen"]),
        ("metadata_modified:[NOW-1DAY TO *]", ["bao-cao-nam"]),
        ("metadata_modified:[NOW-2DAYS TO *]", ["bao-cao-nam", "chu-ky-so"]),
        ("metadata_modified:[NOW/DAY TO NOW]", ["bao-cao-nam"]),
        ("metadata_modified:[NOW/DAY-1DAY TO NOW/DAY}", ["chu-ky-so"]),
        ("metadata_created:[NOW-3MONTHS TO NOW-1DAY]", ALL[1:]),
        ("metadata_created:[NOW/MONTH-3MONTHS+1MONTH TO NOW-2MONTHS]", ["tram-y-te"]),
        ("metadata_modified:[2024-12-31T23:00:00Z+1HOUR TO *] -tags:y\\ tế", ALL[:2]),
        ('metadata_modified:"2025-03-15T08:00:00Z"', ["bao-cao-nam"]),
        ("metadata_modified:[* TO *]", ALL),
        ("metadata_modified:[2025-02-01T00:00:00Z TO 2025-01-01T00:00:00Z]", []),
    ],
)  # fmt: skip
def test_date_ranges_and_date_math_on_a_frozen_clock(client, dated, fq, expected):
    with time_machine.travel(datetime.datetime(2025, 3, 15, 10, 0, tzinfo=UTC), tick=False):
        assert search(client, fq=fq) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"fq": "groups:chinh-phu-so AND NOT organization:btttt"}, ["dich-vu-cong-truc-tuyen"]),
        ({"fq": "!tags:(hồ\\ sơ OR y\\ tế)"}, ["bao-cao-nam"]),
        ({"fq": "organization:btttt && !res_format:csv"}, ["bao-cao-nam"]),
        ({"fq": "(organization:btttt || organization:ubnd-hn) && tags:y\\ tế"}, ["tram-y-te"]),
        ({"q": '"a && b || !c"'}, []),
        ({"fq": "NOT (organization:btttt OR license_id:CC0-1.0)"}, ["dich-vu-cong-truc-tuyen"]),
        ({"fq": "(organization:btttt) AND (res_format:CSV)"}, ["chu-ky-so"]),
        ({"q": "name:chu-*"}, ["chu-ky-so"]),
        ({"q": "name:tram-y-t?"}, ["tram-y-te"]),
        ({"q": "name:*-y-* -res_format:csv"}, []),
        ({"q": 'title:"chữ ký số"^2 organization:btttt'}, ["chu-ky-so"]),
        ({"fq": "-type:harvest"}, ALL),
        ({"fq": "-state:active"}, []),
    ],
)  # fmt: skip
def test_boolean_operators_groups_and_wildcards(client, dated, params, expected):
    assert search(client, **params) == expected


@pytest.mark.parametrize(
    "sort",
    [
        "name asc", "name desc", "title_string asc", "metadata_modified desc",
        "metadata_created asc", "score desc, metadata_modified desc", "id asc, name desc",
    ],
)  # fmt: skip
def test_every_ckan_sort_orders_as_its_first_field(client, dated, sort):
    results = ok(client, "package_search", sort=sort, rows=100)["results"]
    field, direction = sort.split(",")[0].split()
    field = {"title_string": "title", "score": "metadata_modified"}.get(field, field)
    values = [package[field] for package in results]
    if field == "title":
        values = [value.lower() for value in values]
    descending = direction == "desc" or sort.startswith("score")
    if field != "title":  # the service compares titles folded, without diacritics
        assert values == sorted(values, reverse=descending)
    assert len(values) == 4


@pytest.mark.parametrize(
    ("fq", "clause"),
    [
        ("tags:a OR groups:b", "tags:a OR groups:b"),
        ("-dich", "-dich"),
        ("res_format:[a TO b]", "res_format:[a TO b]"),
        ("tags:y*", "tags:y*"),
    ],
)
def test_a_refusal_names_the_clause(client, fq, clause):
    status, body = call(client, "package_search", fq=fq)
    assert status == 400
    assert body["error"]["__type"] == "Search Query Error"
    assert clause in body["error"]["message"]


def test_solr_date_math():
    now = datetime.datetime(2024, 1, 31, 13, 45, 30, 123456, tzinfo=UTC)

    def at(value):
        return query.solr_date(value, lambda: now)

    assert at("NOW") == now
    assert at("NOW/DAY") == datetime.datetime(2024, 1, 31, tzinfo=UTC)
    assert at("NOW+1MONTH") == datetime.datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=UTC)
    assert at("NOW/MONTH-1YEAR") == datetime.datetime(2023, 1, 1, tzinfo=UTC)
    assert at("NOW-90MINUTES/HOUR") == datetime.datetime(2024, 1, 31, 12, tzinfo=UTC)
    assert at("2025-01-01T10:00:00.5Z+2DAYS") == datetime.datetime(
        2025, 1, 3, 10, 0, 0, 500000, tzinfo=UTC
    )
    assert at("NOW/SECOND") == datetime.datetime(2024, 1, 31, 13, 45, 30, tzinfo=UTC)
