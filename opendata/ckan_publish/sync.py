"""Bring one dataset in step with one CKAN target: the only place that decides what to write.

The remote package is found with package_show, by the id we got when we created it, else by
name (never with package_search, which a catalog may not index synchronously). Each part is
compared with what we would send and only what differs is written; resources carry our id
(``minhbach_id``), so a push interrupted after creating some of them finds them again
instead of creating twins.
"""

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from opendata.ckan_publish import mapping
from opendata.ckan_publish.client import CKANClient, CKANError, Invalid, NotAuthorised
from opendata.ckan_publish.config import Target
from opendata.models import Dataset, DatasetSyncState
from opendata.selectors import is_public

logger = logging.getLogger(__name__)


class Refused(CKANError):
    """Our own checks found what CKAN would refuse; nothing was sent."""

    kind = "problems"


@dataclass
class Outcome:
    """What a push did: ``result`` is created, updated, unchanged, withdrawn or absent."""

    result: str
    writes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def sync_dataset(
    client: CKANClient,
    dataset_uuid: uuid.UUID | str,
    *,
    name_hint: str = "",
    remote_hint: str = "",
    force: bool = False,
) -> Outcome:
    """Make the target's copy of the dataset what it should be now: present, or withdrawn."""
    target = client.target
    dataset = (
        Dataset.objects.select_related("publisher", "licence").filter(uuid=dataset_uuid).first()
    )
    if dataset is not None and is_public(dataset) and target.accepts(dataset.publisher.code):
        return _Publisher(client, dataset, force).run()
    state = None
    if dataset is not None:
        state = DatasetSyncState.objects.filter(target=target.name, dataset=dataset).first()
        name_hint = name_hint or dataset.name
        remote_hint = (state.remote_id if state else "") or remote_hint
    outcome = withdraw(client, str(dataset_uuid), remote_hint, name_hint)
    if state is not None:
        state.status = DatasetSyncState.Status.WITHDRAWN
        state.synced_at = timezone.now()
        state.content_hash = ""
        state.resources = {}
        _clear_error(state)
        state.save()
    return outcome


# ---------------------------------------------------------------------------- finding


def _is_ours(package: dict[str, Any], dataset_uuid: str) -> bool:
    extras = {e["key"]: e["value"] for e in package.get("extras", [])}
    return extras.get("minhbach_id") == dataset_uuid


def find_remote(
    client: CKANClient, dataset_uuid: str, remote_id: str, name: str
) -> dict[str, Any] | None:
    """Our package in the catalog, by remote id then by name; None if it has none.

    A package found by name that another publisher made is not ours to overwrite.
    """
    if remote_id:
        package = client.show("package_show", remote_id)
        if package is not None and _is_ours(package, dataset_uuid):
            return package
    if not name:
        return None
    package = client.show("package_show", name)
    if package is None or _is_ours(package, dataset_uuid):
        return package
    if package.get("state") == "deleted":
        # A withdrawn package of someone else's: CKAN lets a new package take its name.
        return None
    raise Invalid(
        "name: the catalog already has a package of this name that minhbach did not publish",
        fields={"name": ["The catalog already has a package of this name."]},
    )


def withdraw(client: CKANClient, dataset_uuid: str, remote_id: str, name: str) -> Outcome:
    package = find_remote(client, dataset_uuid, remote_id, name)
    if package is None or package.get("state") == "deleted":
        return Outcome("absent")
    if client.target.withdraw == "private":
        if package.get("private"):
            return Outcome("absent")
        client.call("package_patch", {"id": package["id"], "private": True})
        return Outcome("withdrawn", ["package_patch"])
    client.call("package_delete", {"id": package["id"]})
    return Outcome("withdrawn", ["package_delete"])


# ---------------------------------------------------------------------------- publishing


class _Publisher:
    def __init__(self, client: CKANClient, dataset: Dataset, force: bool):
        self.client = client
        self.target: Target = client.target
        self.dataset = dataset
        self.force = force
        self.outcome = Outcome("unchanged")
        self.state, _ = DatasetSyncState.objects.get_or_create(
            target=self.target.name, dataset=dataset
        )

    def write(self, action: str, data: dict[str, Any], upload=None) -> Any:
        self.outcome.writes.append(action)
        if upload is not None:
            return self.client.upload(action, data, upload.upload, upload.upload_name)
        return self.client.call(action, data)

    def run(self) -> Outcome:
        package = mapping.package_dict(self.dataset, self.target)
        plans = mapping.resource_plans(self.dataset)
        digest = mapping.content_hash(package, plans)
        state = self.state
        if not self.force and state.content_hash == digest:
            # Sent exactly this before (the hash is cleared on withdrawal): no call at all.
            if state.status != DatasetSyncState.Status.SYNCED:
                state.status = DatasetSyncState.Status.SYNCED
                _clear_error(state)
                state.save()
            return self.outcome
        problems = mapping.problems(self.dataset, self.target, licence_ids=self._licences())
        if problems:
            fields: dict[str, list[str]] = {}
            for problem in problems:
                fields.setdefault(problem.field, []).append(problem.message)
            raise Refused("; ".join(map(str, problems)), fields=fields)

        remote = find_remote(
            self.client, str(self.dataset.uuid), state.remote_id, self.dataset.name
        )
        if remote is None:
            self._ensure_organization(package["owner_org"])
            package["groups"] = self._available_groups(package["groups"])
            remote = self._create(package)
            self.outcome.result = "created"
        else:
            remote = self._update(remote, package)
        resources = self._sync_resources(remote, plans)

        state.remote_id = remote["id"]
        state.remote_name = remote["name"]
        state.remote_org = package["owner_org"]
        state.resources = resources
        state.content_hash = digest
        state.status = DatasetSyncState.Status.SYNCED
        state.synced_at = timezone.now()
        _clear_error(state)
        state.last_error = "\n".join(self.outcome.notes)
        state.save()
        return self.outcome

    # ------------------------------------------------------------------ reference data

    def _licences(self) -> frozenset[str]:
        reference = self.client.reference
        if reference.licences is None:
            reference.licences = self.client.licence_ids()
        return reference.licences

    def _ensure_organization(self, name: str) -> None:
        known = self.client.reference.organizations
        if name in known:
            return
        if self.client.show("organization_show", name) is None:
            agency = self.dataset.publisher
            try:
                self.write(
                    "organization_create",
                    {"name": name, "title": agency.name, "description": agency.name_en},
                )
            except NotAuthorised as error:
                raise NotAuthorised(
                    f"The catalog has no organization {name} and this token may not create it "
                    f"({error.message})."
                ) from error
        known.add(name)

    def _available_groups(self, groups: list[dict[str, str]]) -> list[dict[str, str]]:
        """The themes' groups, created when missing; one the token may not create is left out."""
        known = self.client.reference.groups
        kept = []
        for group in groups:
            name = group["name"]
            if name not in known and self.client.show("group_show", name) is None:
                theme = self.dataset.themes.filter(slug=name).first()
                try:
                    self.write(
                        "group_create", {"name": name, "title": theme.name if theme else name}
                    )
                except Invalid as error:
                    # E.g. an organization holds the name (they share CKAN's name space).
                    messages = [f"{name}: {m}" for ms in error.fields.values() for m in ms]
                    raise Invalid(
                        f"groups: {'; '.join(messages) or error.message}",
                        fields={"groups": messages or [error.message]},
                    ) from error
                except NotAuthorised:
                    self.outcome.notes.append(
                        f"groups: the catalog has no group {name} and this token may not create it"
                    )
                    continue
            known.add(name)
            kept.append(group)
        return kept

    # ------------------------------------------------------------------ package

    def _create(self, package: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.write("package_create", package)
        except Invalid as error:
            raise _as_not_authorised(error, package["owner_org"]) from error
        except NotAuthorised as error:
            raise NotAuthorised(
                f"This token may not publish to the organization {package['owner_org']}: "
                f"{error.message}"
            ) from error

    def _update(self, remote: dict[str, Any], package: dict[str, Any]) -> dict[str, Any]:
        current = mapping.comparable(remote)
        wanted = mapping.comparable(package)
        current.pop("resources"), wanted.pop("resources")
        if current == wanted and remote.get("state") == "active":
            return remote
        if current["owner_org"] != wanted["owner_org"]:
            self._ensure_organization(package["owner_org"])
        if current["groups"] != wanted["groups"]:
            package["groups"] = self._available_groups(package["groups"])
        data = {**package, "id": remote["id"], "state": "active"}
        try:
            updated = self.write("package_patch", data)
        except Invalid as error:
            raise _as_not_authorised(error, package["owner_org"]) from error
        if self.outcome.result == "unchanged":
            self.outcome.result = "updated"
        return updated

    # ------------------------------------------------------------------ resources

    def _sync_resources(
        self, remote: dict[str, Any], plans: list[mapping.ResourcePlan]
    ) -> dict[str, dict[str, str]]:
        existing = [r for r in remote.get("resources", []) if r.get("state", "active") == "active"]
        by_key = {r[mapping.RESOURCE_KEY]: r for r in existing if r.get(mapping.RESOURCE_KEY)}
        sent: dict[str, dict[str, str]] = {}
        order, created_ids = [], []
        for plan in plans:
            found = by_key.pop(plan.key, None)
            if found is None:
                data = {**plan.fields, "package_id": remote["id"]}
                created = self.write("resource_create", data, upload=plan if plan.upload else None)
                resource_id = created["id"]
                created_ids.append(resource_id)
            else:
                resource_id = found["id"]
                self._update_resource(found, plan)
            order.append(resource_id)
            sent[plan.key] = {"id": resource_id, "sha256": plan.sha256}
        for leftover in existing:
            if leftover["id"] not in order:
                self.write("resource_delete", {"id": leftover["id"]})
        # CKAN appends new resources after those kept: reorder only if that is not our order.
        current_order = [r["id"] for r in existing if r["id"] in order] + created_ids
        if current_order != order:
            self.write("package_resource_reorder", {"id": remote["id"], "order": order})
        if self.outcome.result == "unchanged" and self.outcome.writes:
            self.outcome.result = "updated"
        return sent

    def _update_resource(self, found: dict[str, Any], plan: mapping.ResourcePlan) -> None:
        needs_upload = plan.upload is not None and (
            found.get("url_type") != "upload" or found.get("hash") != plan.sha256
        )
        current = mapping.comparable({"resources": [found]})["resources"][0]
        wanted = mapping.comparable({"resources": [{**plan.fields, "upload": bool(plan.upload)}]})[
            "resources"
        ][0]
        if needs_upload:
            self.write("resource_patch", {**plan.fields, "id": found["id"]}, upload=plan)
        elif current != wanted:
            data = {**plan.fields, "id": found["id"]}
            if plan.upload is None:
                data["url_type"] = ""
            self.write("resource_patch", data)


def _as_not_authorised(error: Invalid, organization: str) -> CKANError:
    """CKAN refuses a package for an organization the token may not add to as a field error."""
    if set(error.fields) == {"owner_org"}:
        return NotAuthorised(
            f"This token may not publish to the organization {organization}: "
            + " ".join(error.fields["owner_org"]),
            fields=error.fields,
        )
    return error


def _clear_error(state: DatasetSyncState) -> None:
    state.error_kind = ""
    state.last_error = ""
    state.error_fields = {}


@transaction.atomic
def record_failure(target: Target, dataset_uuid: str, error: CKANError, status: str) -> None:
    """Keep the error on the dataset's state, for the editor (a deleted dataset has none)."""
    state = DatasetSyncState.objects.filter(target=target.name, dataset__uuid=dataset_uuid).first()
    if state is None:
        return
    state.status = status
    state.error_kind = error.kind
    state.last_error = error.message
    state.error_fields = error.fields
    state.save()
