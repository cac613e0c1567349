"""Work repeated beside the server (scheduled publishing, the CKAN outbox): one loop for all."""

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from django.db import close_old_connections

logger = logging.getLogger(__name__)


class Report(Protocol):
    """What one round did: false when it did nothing worth a log line, and its summary."""

    def __bool__(self) -> bool: ...

    def __str__(self) -> str: ...


class Stop(Protocol):
    """A threading.Event, or anything that waits like one (a test's counter)."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


def run_every(name: str, interval: float, run: Callable[[], Report], stop: Stop) -> None:
    """Call ``run`` every ``interval`` seconds until ``stop`` is set, logging its report when
    it did something, and its exception when it failed."""
    while not stop.is_set():
        try:
            report = run()
            if report:
                logger.info("%s: %s", name, report)
        except Exception:
            # The loop must outlive a failed round (a locked database, CKAN down): the next
            # round catches up with everything that is due.
            logger.exception("%s failed", name)
        finally:
            close_old_connections()
        stop.wait(interval)


def start(name: str, interval: float, run: Callable[[], Report], stop: Stop) -> threading.Thread:
    """``run_every`` in a daemon thread of its own."""
    thread = threading.Thread(
        target=run_every, args=(name, interval, run, stop), name=name, daemon=True
    )
    thread.start()
    return thread
