from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from cms.demo.loader import DemoContentError, demo_counts, load_demo_content


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
        for label, count in demo_counts().items():
            self.stdout.write(f"  {label}: {count}")
        # Other apps add their demo on top of the pages (datasets link to news and
        # procedures) through a ``load_demo()`` in their own ``demo`` package; cms does not
        # import them by name.
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if app_config.name == "cms" or find_spec(module_name) is None:
                continue
            loader = getattr(import_module(module_name), "load_demo", None)
            if loader is not None:
                self.stdout.write(f"  {loader()}")
        self.stdout.write(self.style.SUCCESS("demo content loaded"))
