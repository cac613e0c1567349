import io
import logging
import os
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def command_forever(name: str, interval: float, stop: threading.Event, idle: str) -> None:
    """Run the management command ``name`` every ``interval`` seconds until ``stop`` is set,
    logging what it printed unless it starts with ``idle`` (its "nothing done" answer)."""
    while not stop.is_set():
        output = io.StringIO()
        try:
            call_command(name, stdout=output)
        except Exception:
            # The loop must outlive a failed run (a locked database, CKAN down): the next
            # run catches up with everything that is due.
            logger.exception("%s failed", name)
        finally:
            close_old_connections()
        printed = output.getvalue().strip()
        if printed and not printed.startswith(idle):
            logger.info("%s: %s", name, printed)
        stop.wait(interval)


def start_loop(name: str, interval: float, stop: threading.Event, idle: str) -> None:
    threading.Thread(
        target=command_forever, args=(name, interval, stop, idle), name=name, daemon=True
    ).start()


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
        start_loop("publish_scheduled", interval, stop, idle="Nothing to do")
        self.stdout.write(f"Scheduled publishing runs every {interval:g} s.")
        if settings.CKAN_URL or settings.CKAN_TARGETS:
            # Datasets waiting for a CKAN catalog (retries after an outage) go out from here.
            start_loop(
                "ckan_sync",
                settings.CKAN_SYNC_INTERVAL,
                stop,
                idle="0 pushed, 0 unchanged, 0 to retry, 0 failed",
            )
            self.stdout.write(f"CKAN sync runs every {settings.CKAN_SYNC_INTERVAL:g} s.")
        try:
            # One process (no autoreloader), so that the scheduler runs exactly once.
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        finally:
            stop.set()
