"""manage.py search_rebuild: index every visible object into a new index, then switch."""

import sys
import time

from django.core.management.base import BaseCommand

from search import service


class Command(BaseCommand):
    help = (
        "Rebuild the public search index from the database. Searches are answered from "
        "the old index until the new one is complete."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar on standard error"
        )

    def handle(self, *args, no_progress: bool = False, **options) -> None:
        total = service.expected_total()
        started = time.monotonic()
        progress = None if no_progress else ProgressBar(total, self.stderr._out)
        written = service.rebuild(progress=progress)
        if progress is not None:
            progress.finish()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Indexed {written} documents in {elapsed:.1f} s.")


class ProgressBar:
    """A one-line bar, redrawn in place; on a pipe (not a terminal), one line per tenth."""

    WIDTH = 30

    def __init__(self, total: int, stream=None) -> None:
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.interactive = getattr(self.stream, "isatty", lambda: False)()
        self.last_tenth = -1

    def __call__(self, done: int) -> None:
        fraction = min(done / self.total, 1.0)
        if self.interactive:
            filled = int(fraction * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{self.total}")
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            self.stream.write(f"indexed {done}/{self.total}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()
