"""The content events open data follows, connected in one place.

- The procedure register (opendata.procedure_register) is rebuilt when a procedure goes
  live, away or elsewhere, and when a name its rows show changes (REGISTER_SHOWS).
- The CKAN outbox (opendata.ckan_publish.outbox) records what the catalogue publishes,
  withdraws or deletes, and files that become ready after publication.

Search's reactions are declared on the document types (search_documents.py) and the
response cache's in config.signals; this module holds only what opendata itself does.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from cms.models import Agency, ProcedurePage, Sector
from cms.selectors import visible
from opendata.ckan_publish import outbox
from opendata.models import DataFile, Dataset
from opendata.procedure_register import schedule_refresh

# Models whose names the register's rows show, and the procedure field that names them.
REGISTER_SHOWS = {Agency: "agency", Sector: "sector"}


def procedure_changed(sender, **kwargs) -> None:
    schedule_refresh()


def name_changed(sender, instance, **kwargs) -> None:
    # Only a name some live procedure shows changes the register's rows.
    field = REGISTER_SHOWS[sender]
    if visible(ProcedurePage.objects.filter(**{field: instance})).exists():
        schedule_refresh()


def connect() -> None:
    uid = "procedure-register"
    for signal in (page_published, page_unpublished, post_page_move, post_delete):
        signal.connect(procedure_changed, sender=ProcedurePage, dispatch_uid=f"{uid}:{id(signal)}")
    for model in REGISTER_SHOWS:
        post_save.connect(name_changed, sender=model, dispatch_uid=f"{uid}:{model.__name__}")

    published.connect(outbox.dataset_published, sender=Dataset, dispatch_uid="ckan-published")
    unpublished.connect(outbox.dataset_unpublished, sender=Dataset, dispatch_uid="ckan-unpublished")
    pre_delete.connect(outbox.dataset_deleted, sender=Dataset, dispatch_uid="ckan-deleted")
    post_save.connect(outbox.data_file_saved, sender=DataFile, dispatch_uid="ckan-file-ready")
