"""manage.py search_check: does the index hold exactly what the public may see?"""

from django.core.management.base import BaseCommand, CommandError

from search import service

MAX_LISTED = 50


class Command(BaseCommand):
    help = (
        "Compare the public search index with the database, per type and locale; list the "
        "ids missing from the index or extra in it. Exit code 1 when they differ."
    )

    def handle(self, *args, **options) -> None:
        report = service.check()
        self.stdout.write(f"{'type':<12} {'locale':<6} {'database':>8} {'index':>8}  state")
        for row in report:
            state = "ok" if row.ok else "DIFFERENT"
            self.stdout.write(
                f"{row.type:<12} {row.locale:<6} {row.in_database:>8} {row.in_index:>8}  {state}"
            )
            for label, ids in (("missing", row.missing), ("extra", row.extra)):
                if ids:
                    shown = ", ".join(ids[:MAX_LISTED])
                    more = f" (and {len(ids) - MAX_LISTED} more)" if len(ids) > MAX_LISTED else ""
                    self.stdout.write(f"    {label}: {shown}{more}")
        if not all(row.ok for row in report):
            raise CommandError(
                "The search index differs from the database: run `manage.py search_rebuild`."
            )
