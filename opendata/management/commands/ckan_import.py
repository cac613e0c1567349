from django.core.management.base import BaseCommand, CommandError, CommandParser

from opendata.ckan_publish.importer import ImportFailed, run_import


class Command(BaseCommand):
    help = (
        "Read the datasets of a CKAN catalog (pages of package_search) into minhbach as drafts, "
        "for migrating an existing portal. Names already here are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="the catalog's address, e.g. https://data.example.gov.vn")
        parser.add_argument("--token", default="", help="an API token (to read private datasets)")
        parser.add_argument(
            "--agency", default="", help="agency code for packages that have no organization"
        )
        parser.add_argument("--prefix", default="", help="put this before every imported name")
        parser.add_argument("--rows", type=int, default=100, help="packages per page (max 1000)")
        parser.add_argument("--limit", type=int, default=None, help="stop after this many")

    def handle(self, *args, url: str, **options) -> None:
        if not url.startswith(("http://", "https://")):
            raise CommandError("The catalog's address must start with http:// or https://.")
        try:
            report = run_import(
                url,
                token=options["token"],
                agency_code=options["agency"],
                prefix=options["prefix"],
                rows=options["rows"],
                limit=options["limit"],
            )
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for name, reason in report.refused.items():
            self.stderr.write(f"{name}: {reason}")
        self.stdout.write(str(report))
