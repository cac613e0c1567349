from django.core.management.base import BaseCommand, CommandError

from cms.demo.loader import DemoContentError, demo_counts, load_demo_content
from opendata.demo import load_demo as load_opendata_demo


class Command(BaseCommand):
    help = (
        "Load the Vietnamese e-government demo: agencies, legal documents, policy news and "
        "procedure guides in every editorial state, demo users and images. Safe to re-run."
    )

    def handle(self, *args, **options) -> None:
        try:
            result = load_demo_content()
        except DemoContentError as error:
            raise CommandError(f"demo content not loaded: {error}") from error
        created = sum(report.created for report in result.reports.values())
        skipped = sum(report.skipped for report in result.reports.values())
        self.stdout.write(
            f"{created} records created, {skipped} already present, "
            f"{result.images_created} images created"
        )
        for username, password in result.passwords.items():
            self.stdout.write(
                self.style.WARNING(
                    f"Created demo user {username!r} with password: {password} (shown only "
                    "this once; set DEMO_USER_PASSWORD=... and run again to choose one)"
                )
            )
        for label, count in demo_counts().items():
            self.stdout.write(f"  {label}: {count}")
        # Datasets come on top of the pages: they link to news and procedures.
        self.stdout.write(f"  {load_opendata_demo()}")
        self.stdout.write(self.style.SUCCESS("demo content loaded"))
