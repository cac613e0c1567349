import io
import logging
import os
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def publish_scheduled_forever(interval: float, stop: threading.Event) -> None:
    """Run Wagtail's publish_scheduled every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        output = io.StringIO()
        try:
            call_command("publish_scheduled", stdout=output)
        except Exception:
            # The loop must outlive a failed run (a locked database, say): the next
            # run catches up with everything that is due.
            logger.exception("publish_scheduled failed")
        finally:
            close_old_connections()
        if "Nothing to do" not in output.getvalue() and output.getvalue().strip():
            logger.info("publish_scheduled: %s", output.getvalue().strip())
        stop.wait(interval)


def ckan_sync_forever(interval: float, stop: threading.Event) -> None:
    """Drain the CKAN outbox (opendata's `ckan_sync`) every ``interval`` seconds."""
    while not stop.is_set():
        output = io.StringIO()
        try:
            call_command("ckan_sync", stdout=output)
        except Exception:
            logger.exception("ckan_sync failed")
        finally:
            close_old_connections()
        if not output.getvalue().startswith("0 pushed, 0 unchanged, 0 to retry, 0 failed"):
            logger.info("ckan_sync: %s", output.getvalue().strip())
        stop.wait(interval)


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
        if not settings.GRAPHQL_RESPONSE_CACHE_SECONDS and "GRAPHQL_RESPONSE_CACHE_SECONDS" not in (
            os.environ
        ):
            # One process here: a local-memory cache sees every publish, so the anonymous
            # GraphQL response cache is exact (settings keep it off where workers share
            # no cache).
            settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 300
        stop = threading.Event()
        scheduler = threading.Thread(
            target=publish_scheduled_forever,
            args=(interval, stop),
            name="publish-scheduled",
            daemon=True,
        )
        scheduler.start()
        self.stdout.write(f"Scheduled publishing runs every {interval:g} s.")
        if settings.CKAN_URL or settings.CKAN_TARGETS:
            # Datasets waiting for a CKAN catalog (retries after an outage) go out from here.
            threading.Thread(
                target=ckan_sync_forever,
                args=(settings.CKAN_SYNC_INTERVAL, stop),
                name="ckan-sync",
                daemon=True,
            ).start()
            self.stdout.write(f"CKAN sync runs every {settings.CKAN_SYNC_INTERVAL:g} s.")
        try:
            # One process (no autoreloader), so that the scheduler runs exactly once.
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        finally:
            stop.set()
