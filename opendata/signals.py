"""Content events that open data follows: procedures change the procedure register."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from cms.models import ProcedurePage
from opendata.procedure_register import schedule_refresh


def procedure_changed(sender, **kwargs) -> None:
    schedule_refresh()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(procedure_changed, sender=ProcedurePage, dispatch_uid="procedure-register")
