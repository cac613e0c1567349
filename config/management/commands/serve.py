import os
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from config.scheduling import publish_scheduled
from core import loops
from opendata.ckan_publish.worker import drain


class Command(BaseCommand):
    help = "Serve minhbach on one machine, with scheduled publishing and expiry running beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.PUBLISH_SCHEDULED_INTERVAL,
            help="seconds between two runs of publish_scheduled",
        )

    def handle(self, *args, host: str, port: str, interval: float, **options) -> None:
        stop = threading.Event()
        loops.start("publish_scheduled", interval, publish_scheduled, stop)
        self.stdout.write(f"Scheduled publishing runs every {interval:g} s.")
        if settings.CKAN_URL or settings.CKAN_TARGETS:
            # Datasets waiting for a CKAN catalog (retries after an outage) go out from here.
            loops.start("ckan_sync", settings.CKAN_SYNC_INTERVAL, drain, stop)
            self.stdout.write(f"CKAN sync runs every {settings.CKAN_SYNC_INTERVAL:g} s.")
        try:
            # One process (no autoreloader), so that the scheduler runs exactly once.
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        finally:
            stop.set()
