import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.loops import run_every
from opendata.ckan_publish import outbox
from opendata.ckan_publish.config import targets
from opendata.ckan_publish.worker import drain
from opendata.models import Dataset, DatasetSyncState
from opendata.selectors import public_datasets


class Command(BaseCommand):
    help = (
        "Push waiting dataset changes to the CKAN catalogs (once, or --loop); --all or "
        "--dataset NAME compare with the remote copy and repair what differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="re-push every dataset (writes only what differs)"
        )
        parser.add_argument("--dataset", metavar="NAME", help="re-push this dataset only")
        parser.add_argument("--target", metavar="NAME", help="only this target")
        parser.add_argument("--loop", action="store_true", help="keep draining until stopped")
        parser.add_argument(
            "--interval", type=float, default=settings.CKAN_SYNC_INTERVAL, help="seconds (--loop)"
        )
        parser.add_argument("--verbose", action="store_true", help="one line per dataset")

    def handle(self, *args, **options) -> None:
        configured = targets()
        if not configured:
            raise CommandError("Publishing to CKAN is off: set CKAN_URL (or CKAN_TARGETS).")
        if options["target"] and options["target"] not in {t.name for t in configured}:
            raise CommandError(f"No CKAN target named {options['target']!r}.")
        key = None
        if options["dataset"]:
            dataset = Dataset.objects.filter(name=options["dataset"]).first()
            if dataset is None:
                raise CommandError(f"No dataset named {options['dataset']!r}.")
            outbox.retry(dataset, enqueue=False)
            key = dataset.uuid
        elif options["all"]:
            count = self.record_all()
            self.stdout.write(f"{count} datasets to compare with the catalogs.")
        if options["loop"]:
            self.stdout.write(f"Draining the CKAN outbox every {options['interval']:g} s.")
            run_every("ckan_sync", options["interval"], drain, threading.Event())
            return
        report = drain(target=options["target"], key=key)
        if options["verbose"]:
            for line in report.results:
                self.stdout.write(line)
        self.stdout.write(str(report))

    def record_all(self) -> int:
        public = public_datasets().select_related("publisher")
        for dataset in public:
            outbox.record(dataset, outbox.Action.PUBLISH, force=True, enqueue=False)
        # Withdrawn here but maybe still out there (a withdrawal that failed for good).
        sent_elsewhere = (
            Dataset.objects.exclude(pk__in=public.values("pk"))
            .filter(ckan_states__remote_id__gt="")
            .exclude(ckan_states__status=DatasetSyncState.Status.WITHDRAWN)
            .select_related("publisher")
            .distinct()
        )
        for dataset in sent_elsewhere:
            outbox.record(dataset, outbox.Action.WITHDRAW, force=True, enqueue=False)
        return public.count() + sent_elsewhere.count()
