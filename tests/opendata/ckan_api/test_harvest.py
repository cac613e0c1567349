"""ckanext-harvest's CKAN harvester harvests minhbach: a real harvest by CKAN's own command.

The local CKAN 2.12 (devtools/ckan/local_ckan.py) has ckanext-harvest 1.6.3; its harvest
sources point at minhbach, served with the demo content on pytest-django's live server, and
``ckan harvester run-test <source>`` runs gather, fetch and import synchronously. What arrived
is read back through ckanapi and compared with minhbach's own package_show.

One module-scoped set-up does every harvest (the CKAN command loads CKAN each time, seconds
apiece), and the tests only compare what it recorded:

1. a full harvest of every dataset (``sort=id asc``, paged by 100);
2. three datasets changed and one withdrawn, then the same source again: incremental, with
   ``fq=metadata_modified:[<last harvest - 1 h> TO *]``;
3. a source with ``organizations_filter_include`` of two organizations
   (``fq=organization:a OR organization:b``) and one with ``organizations_filter_exclude``
   (``fq=-organization:x``).

The local CKAN's database is shared by every run (and by CI's two runs side by side), so the
demo's agency codes, theme slugs and dataset names get a suffix of this run's own, and the ids
minhbach derives for organizations and groups a namespace of this run's own; dataset ids are
UUIDs made when the demo is loaded.
"""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from ckanapi import NotFound, RemoteCKAN
from django.core.management import call_command
from django.db import connections
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import override_settings

from cms.models import Agency
from cms.site_structure import ensure_site_structure
from devtools.ckan.local_ckan import PG_HOST, PG_PORT, PG_SUPERUSER, ckan_env
from opendata.ckan_api import serializers
from opendata.models import Dataset, Theme
from search import service
from tests.ckan.fixtures import ckan_server, unique_name  # noqa: F401

# Committed data, seen by the live server's threads; the migrations' licences come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What the demo's datasets were last published at before this run changes some: long enough
# ago that the incremental harvest's window (its last run minus an hour) holds none of them.
PUBLISHED = datetime.datetime(2025, 6, 1, 8, 0, tzinfo=datetime.UTC)
CHANGED = 3
RESOURCE_KEYS = ("name", "url", "format", "size", "hash", "mimetype", "description")


@dataclass
class Harvest:
    """What one run-test did: the remote datasets it gathered, and its objects' outcomes."""

    gathered: set[str]  # remote dataset ids (harvest object guids) of the job
    statuses: dict[str, str]  # guid -> report_status ("added", "updated", "not modified")
    errors: list[str] = field(default_factory=list)


@dataclass
class Recorded:
    suffix: str
    public: dict[str, dict]  # id -> minhbach's package_show before any change
    hidden: dict[str, str]  # id -> why it is hidden ("draft", "private", "withdrawn")
    full: Harvest
    arrived: dict[str, dict | None]  # id -> the local CKAN's package_show after the full run
    changed: dict[str, dict]  # id -> minhbach's package_show after the change
    withdrawn: str  # the id withdrawn between the two runs
    incremental: Harvest
    after_incremental: dict[str, dict | None]
    included_orgs: tuple[str, str]
    include: Harvest
    excluded_org: str
    exclude: Harvest
    by_org: dict[str, set[str]]  # organization name -> public ids at the filter runs


def _run_test(install, source: str) -> Harvest:
    """``ckan harvester run-test``, then what its job recorded in CKAN's harvest tables."""
    proc = subprocess.run(
        [str(install.ckan_bin), "-c", install.ini, "harvester", "run-test", source],
        capture_output=True,
        text=True,
        env=ckan_env({"CKAN_INI": install.ini}),
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_SUPERUSER, dbname=install.db_name
    ) as conn:
        (job_id,) = conn.execute(
            "SELECT j.id FROM harvest_job j JOIN harvest_source s ON s.id = j.source_id "
            "JOIN package p ON p.id = s.id WHERE p.name = %s "
            "ORDER BY j.created DESC LIMIT 1",
            (source,),
        ).fetchone()
        objects = conn.execute(
            "SELECT guid, report_status FROM harvest_object WHERE harvest_job_id = %s", (job_id,)
        ).fetchall()
        errors = [
            row[0]
            for row in conn.execute(
                "SELECT message FROM harvest_gather_error WHERE harvest_job_id = %s "
                "UNION ALL SELECT e.message FROM harvest_object_error e "
                "JOIN harvest_object o ON o.id = e.harvest_object_id "
                "WHERE o.harvest_job_id = %s",
                (job_id, job_id),
            )
        ]
    return Harvest({guid for guid, _ in objects}, dict(objects), errors)


def _local(ckan: RemoteCKAN, ids) -> dict[str, dict | None]:
    found: dict[str, dict | None] = {}
    for package_id in ids:
        try:
            found[package_id] = ckan.action.package_show(id=package_id)
        except NotFound:
            found[package_id] = None
    return found


def _public(remote: RemoteCKAN) -> dict[str, dict]:
    names = remote.action.package_list()
    return {p["id"]: p for p in (remote.action.package_show(id=name) for name in names)}


def _isolate(suffix: str) -> None:
    """Names of this run's own in the shared CKAN (see the module's docstring)."""
    Agency.objects.update(code=Concat(F("code"), Value(f"-{suffix}")))
    Theme.objects.update(slug=Concat(F("slug"), Value(f"-{suffix}")))
    Dataset.objects.update(name=Concat(F("name"), Value(f"-{suffix}")))
    Dataset.objects.filter(live=True).update(
        last_published_at=PUBLISHED, first_published_at=PUBLISHED
    )


def _restore_initial_data() -> None:
    # A transactional test before this module may have emptied the database (flush).
    connection = connections["default"]
    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized:
        connection.creation.deserialize_db_from_string(serialized)
    ensure_site_structure()


@pytest.fixture(scope="module")
def recorded(ckan_server, live_server, django_db_setup, django_db_blocker, tmp_path_factory):  # noqa: F811
    install = ckan_server.install
    suffix = uuid.uuid4().hex[:8]
    media = tmp_path_factory.mktemp("harvest-media")
    local_settings = override_settings(
        BASE_URL=live_server.url,
        MEDIA_ROOT=str(media),
        OPENDATA_ROOT=str(media / "opendata"),
        SEARCH_BACKEND="embedded",
        SEARCH_INDEX_PATH=tmp_path_factory.mktemp("harvest-index"),
    )
    namespace = serializers.ID_NAMESPACE
    with django_db_blocker.unblock(), local_settings:
        service._backend.cache_clear()
        serializers.ID_NAMESPACE = uuid.uuid4()
        try:
            yield _harvest_everything(install, ckan_server, live_server.url, suffix)
        finally:
            serializers.ID_NAMESPACE = namespace
            service._backend.cache_clear()


def _harvest_everything(install, server, url: str, suffix: str) -> Recorded:
    _restore_initial_data()
    call_command("load_demo_content", stdout=io.StringIO())
    _isolate(suffix)
    hidden = {str(d.uuid): ("private" if d.is_private else "draft") for d in Dataset.objects.all()}
    # Withdrawn before the first harvest: it must never arrive.
    gone_early = Dataset.objects.filter(live=True, is_private=False).order_by("name").last()
    gone_early.unpublish()
    service.rebuild()
    remote = RemoteCKAN(url, user_agent="minhbach-tests")
    public = _public(remote)
    for package_id in public:
        hidden.pop(package_id)
    hidden[str(gone_early.uuid)] = "withdrawn"

    ckan = server.ckan()
    owner = ckan.action.organization_create(name=unique_name("harvesters"))
    sources = {}

    def source(kind: str, **config) -> str:
        name = unique_name(f"minhbach-{kind}")
        ckan.action.harvest_source_create(
            name=name,
            title=f"minhbach {kind}",
            url=url,
            source_type="ckan",
            owner_org=owner["id"],
            config=json.dumps({"remote_orgs": "create", "remote_groups": "create", **config}),
        )
        sources[kind] = name
        return name

    full = _run_test(install, source("full"))
    arrived = _local(ckan, [*public, *hidden])

    # Three datasets edited and republished, one withdrawn; then the same source again.
    ordered = sorted(public.values(), key=lambda p: p["name"])
    edited = [Dataset.objects.get(uuid=p["id"]) for p in ordered[:CHANGED]]
    for dataset in edited:
        dataset.title = f"{dataset.title} (cập nhật)"
        dataset.description = f"{dataset.description}\n\nĐã sửa đổi số liệu."
        dataset.save()
        dataset.save_revision().publish()
    withdrawn = Dataset.objects.get(uuid=ordered[-1]["id"])
    withdrawn.unpublish()
    changed = {p["id"]: remote.action.package_show(id=p["id"]) for p in ordered[:CHANGED]}
    incremental = _run_test(install, sources["full"])
    after_incremental = _local(ckan, [*public, *hidden])

    now_public = _public(remote)
    by_org: dict[str, set[str]] = {}
    for package in now_public.values():
        by_org.setdefault(package["organization"]["name"], set()).add(package["id"])
    largest, *others = sorted(by_org, key=lambda name: -len(by_org[name]))
    included = (largest, others[-1])
    include = _run_test(install, source("include", organizations_filter_include=list(included)))
    exclude = _run_test(install, source("exclude", organizations_filter_exclude=[largest]))
    return Recorded(
        suffix=suffix,
        public=public,
        hidden=hidden,
        full=full,
        arrived=arrived,
        changed=changed,
        withdrawn=str(withdrawn.uuid),
        incremental=incremental,
        after_incremental=after_incremental,
        included_orgs=included,
        include=include,
        excluded_org=largest,
        exclude=exclude,
        by_org=by_org,
    )


# ---------------------------------------------------------------------------- full harvest


def test_the_full_harvest_gathers_every_public_dataset_and_nothing_else(recorded):
    assert len(recorded.public) >= 10
    assert recorded.full.errors == []
    assert recorded.full.gathered == set(recorded.public)
    assert set(recorded.full.statuses.values()) == {"added"}
    assert set(recorded.hidden.values()) == {"draft", "private", "withdrawn"}
    for package_id in recorded.hidden:
        assert recorded.arrived[package_id] is None, recorded.hidden[package_id]


def _same_package(local: dict, ours: dict) -> None:
    name = ours["name"]
    assert local["id"] == ours["id"], name
    assert local["name"] == ours["name"]
    # Vietnamese title and description, byte for byte.
    assert local["title"] == ours["title"]
    assert local["notes"] == ours["notes"]
    assert local["license_id"] == ours["license_id"], name
    assert local["license_title"] == ours["license_title"] or local["license_id"], name
    assert local["version"] == ours["version"], name
    assert local["maintainer"] == ours["maintainer"], name
    assert local["maintainer_email"] == ours["maintainer_email"], name
    assert local["organization"]["name"] == ours["organization"]["name"], name
    assert local["organization"]["title"] == ours["organization"]["title"], name
    assert local["owner_org"] == ours["owner_org"], name
    assert sorted(t["name"] for t in local["tags"]) == sorted(t["name"] for t in ours["tags"])
    assert sorted(g["name"] for g in local["groups"]) == sorted(
        g["name"] for g in ours["groups"]
    ), name
    # Temporal and spatial coverage, frequency and identifier travel as extras.
    assert {e["key"]: e["value"] for e in local["extras"]} == {
        e["key"]: e["value"] for e in ours["extras"]
    }, name
    assert len(local["resources"]) == len(ours["resources"]), name
    for theirs, mine in zip(local["resources"], ours["resources"], strict=True):
        assert theirs["id"] == mine["id"], name
        for key in RESOURCE_KEYS:
            assert theirs.get(key) == mine.get(key), (name, key)


def test_every_field_arrives_as_minhbach_shows_it(recorded):
    kinds = {"temporal": 0, "spatial": 0, "groups": 0, "sized": 0, "hashed": 0}
    for package_id, ours in recorded.public.items():
        local = recorded.arrived[package_id]
        assert local is not None, ours["name"]
        _same_package(local, ours)
        extras = {e["key"] for e in ours["extras"]}
        kinds["temporal"] += "temporal_start" in extras
        kinds["spatial"] += "spatial_text" in extras
        kinds["groups"] += bool(ours["groups"])
        kinds["sized"] += any(r.get("size") for r in ours["resources"])
        kinds["hashed"] += any(r.get("hash") for r in ours["resources"])
    # The comparison covered each kind of field on real values, not only on empty ones.
    assert all(kinds.values()), kinds
    assert any(ch in p["title"] for p in recorded.public.values() for ch in "ăâđêôơưạảấầẩẫậắằẳẵặ")


# ---------------------------------------------------------------------------- incremental


def test_the_incremental_harvest_gathers_exactly_the_changed_datasets(recorded):
    assert recorded.incremental.errors == []
    assert recorded.incremental.gathered == set(recorded.changed)
    assert set(recorded.incremental.statuses.values()) == {"updated"}
    for package_id, ours in recorded.changed.items():
        local = recorded.after_incremental[package_id]
        assert local["title"].endswith("(cập nhật)")
        _same_package(local, ours)
    untouched = set(recorded.public) - set(recorded.changed) - {recorded.withdrawn}
    for package_id in untouched:
        before, after = recorded.arrived[package_id], recorded.after_incremental[package_id]
        assert after["metadata_modified"] == before["metadata_modified"]


def test_a_dataset_withdrawn_at_the_source_stays_in_the_harvesting_ckan(recorded):
    # ckanext-harvest 1.6.3's CKANHarvester only gathers what the source's search returns;
    # it never deletes a dataset that left the source (unlike the DCAT RDF harvester), so the
    # withdrawn dataset stays active there, as it was last harvested.
    assert recorded.withdrawn not in recorded.incremental.gathered
    before = recorded.arrived[recorded.withdrawn]
    after = recorded.after_incremental[recorded.withdrawn]
    assert after is not None and after["state"] == "active"
    assert after["metadata_modified"] == before["metadata_modified"]
    assert after["title"] == recorded.public[recorded.withdrawn]["title"]


# ---------------------------------------------------------------------------- filters


def test_an_organization_include_filter_of_two_gathers_their_datasets_only(recorded):
    first, second = recorded.included_orgs
    assert first != second
    assert recorded.include.errors == []
    expected = recorded.by_org[first] | recorded.by_org[second]
    assert expected and expected != set().union(*recorded.by_org.values())
    assert recorded.include.gathered == expected


def test_an_organization_exclude_filter_gathers_every_other_dataset(recorded):
    assert recorded.exclude.errors == []
    others = set().union(
        *(ids for name, ids in recorded.by_org.items() if name != recorded.excluded_org)
    )
    assert others
    assert recorded.exclude.gathered == others
