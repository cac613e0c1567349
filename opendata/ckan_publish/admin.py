"""What editors see of CKAN publishing in the admin: a list column, a panel, retry, a report."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column

from opendata.ckan_publish import mapping, outbox
from opendata.ckan_publish.client import CKANClient, CKANError
from opendata.ckan_publish.config import targets
from opendata.ckan_publish.sync import find_remote
from opendata.models import Dataset, DatasetSyncState
from opendata.selectors import public_datasets

REPORT_PAGE_SIZE = 20
PUBLISH_PERMISSION = "opendata.publish_dataset"


def state_label(state: DatasetSyncState | None) -> str:
    if state is None:
        return str(DatasetSyncState.Status.NEVER_SYNCED.label)
    if state.status == DatasetSyncState.Status.FAILED and state.error_kind:
        return f"{state.get_status_display()}: {state.get_error_kind_display()}"
    return str(state.get_status_display())


class SyncStateColumn(Column):
    """One line per target: the dataset's state there (states are prefetched)."""

    def __init__(self) -> None:
        super().__init__("ckan_sync", label=gettext_lazy("CKAN catalog"))

    def get_value(self, instance: Dataset) -> str:
        configured = targets()
        states = {state.target: state for state in instance.ckan_states.all()}
        labels = [state_label(states.get(target.name)) for target in configured]
        if len(configured) > 1:
            labels = [f"{t.name}: {label}" for t, label in zip(configured, labels, strict=True)]
        return "; ".join(labels) or "-"


class SyncStatePanel(Panel):
    """On the dataset's edit view: where it stands in each catalog, and a retry button."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "opendata/ckan_publish/panel.html"

        def is_shown(self) -> bool:
            return bool(targets()) and bool(self.instance.pk)

        def get_context_data(self, parent_context=None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            states = {s.target: s for s in DatasetSyncState.objects.filter(dataset=self.instance)}
            context["rows"] = [
                {"target": target, "state": states.get(target.name)} for target in targets()
            ]
            context["retry_url"] = reverse("ckan_publish_retry", args=[self.instance.pk])
            context["can_retry"] = self.request.user.has_perm(PUBLISH_PERMISSION)
            return context


@require_POST
def retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Push the dataset again (comparing with the remote copy); back to where the editor was."""
    if not request.user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    dataset = get_object_or_404(Dataset, pk=pk)
    if not targets():
        messages.error(request, _("Publishing to CKAN is not configured."))
    else:
        outbox.retry(dataset)
        messages.success(
            request, _("'%(title)s' is being sent to CKAN again.") % {"title": dataset}
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse(Dataset.snippet_viewset.get_url_name("edit"), args=[pk])
    return HttpResponseRedirect(back)


def difference(client: CKANClient, dataset: Dataset, state: DatasetSyncState | None) -> str:
    """Why the remote copy differs from what we would send now; empty when it does not."""
    package = mapping.package_dict(dataset, client.target)
    plans = mapping.resource_plans(dataset)
    remote_id = state.remote_id if state else ""
    try:
        remote = find_remote(client, str(dataset.uuid), remote_id, dataset.name)
    except CKANError as error:
        return _("Cannot read the remote copy: %(error)s") % {"error": error.message}
    if remote is None or remote.get("state") != "active":
        return _("Missing from the catalog.")
    wanted = mapping.desired_comparable(package, plans)
    current = mapping.comparable(remote)
    changed = [key for key in wanted if wanted[key] != current.get(key)]
    if not changed:
        return ""
    return _("Differs in: %(fields)s") % {"fields": ", ".join(changed)}


def report_view(request: HttpRequest) -> HttpResponse:
    """Public datasets whose copy in a catalog differs from what minhbach would send.

    Reads each dataset's remote package (package_show), a page at a time.
    """
    if not request.user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    configured = targets()
    datasets = public_datasets().select_related("publisher", "licence").order_by("name")
    page = Paginator(datasets, REPORT_PAGE_SIZE).get_page(request.GET.get("p"))
    rows = []
    for target in configured:
        client = CKANClient(target, settings.CKAN_REQUEST_TIMEOUT)
        try:
            states = {
                s.dataset_id: s
                for s in DatasetSyncState.objects.filter(target=target.name, dataset__in=page)
            }
            for dataset in page:
                if not target.accepts(dataset.publisher.code):
                    continue
                why = difference(client, dataset, states.get(dataset.pk))
                if why:
                    rows.append(
                        {
                            "target": target,
                            "dataset": dataset,
                            "state": states.get(dataset.pk),
                            "why": why,
                        }
                    )
        finally:
            client.close()
    return TemplateResponse(
        request,
        "opendata/ckan_publish/report.html",
        {
            "page_obj": page,
            "rows": rows,
            "targets": configured,
            "header_title": _("Datasets that differ in CKAN"),
        },
    )
