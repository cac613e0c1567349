"""Publishing to a real local CKAN 2.12: first sync, an idle second sync, then 10 changes.

    .venv/bin/python bench/ckan_sync.py [--datasets 1000] [--resources 3] [--changed 10]

In one run: starts the local CKAN of the tests (devtools/ckan/local_ckan.py: its own venv,
PostgreSQL and Redis on this machine) on a free port, builds a throw-away SQLite database
in a temporary folder with --datasets public datasets of --resources small CSV files each
(distinct bytes, so distinct SHA-256), and writes one outbox entry per dataset as
publishing does. Then it drains the outbox (the `ckan_sync` worker, one process, one
connection) and reports, for each phase, the time and the write and read calls made:

1. first sync: every package created, every file uploaded;
2. second sync with nothing changed: an entry per dataset again (a re-publication) -
   goal 0 writes (the content hash of what was sent decides, without reading CKAN);
3. `ckan_sync --all`: every dataset compared with its remote copy (package_show) -
   goal 0 writes;
4. --changed datasets retitled and one file of each replaced - goal: the writes for
   those only (a package_patch and a resource_patch with the new file each).

Names carry a run id: CKAN's database outlives the run (as in the tests).
"""

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _django import ROOT, environment, setup_django

sys.path.insert(0, str(ROOT))
from graphql_vs_rest import manage

from devtools.ckan.local_ckan import CkanServer, CkanUnavailable, free_port, setup

AGENCIES = 10


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--resources", type=int, default=3, help="files per dataset")
    parser.add_argument("--changed", type=int, default=10, help="datasets changed in phase 4")
    args = parser.parse_args(argv)
    if not 1 <= args.datasets <= 100_000 or not 0 <= args.resources <= 20:
        parser.error("--datasets must be 1..100000 and --resources 0..20")
    if not 0 <= args.changed <= args.datasets:
        parser.error("--changed must be between 0 and --datasets")
    return args


def csv_bytes(run: str, n: int, r: int) -> bytes:
    rows = "\n".join(f"{2015 + y},{(n * 7 + r * 13 + y) % 1000}" for y in range(10))
    return f"năm,giá trị {run} {n} {r}\n{rows}\n".encode()


def build(run: str, count: int, resources: int, opendata_root: Path) -> list[int]:
    """``count`` public datasets written in bulk, each with ``resources`` real files."""
    from django.db import transaction

    from cms.models import Agency
    from opendata.models import DataFile, Dataset, Licence, Resource

    licence = Licence.objects.get(pk="CC-BY-4.0")
    with transaction.atomic():
        agencies = Agency.objects.bulk_create(
            Agency(
                code=f"B{run.upper()}-{n}",
                name=f"Sở Thông tin và Truyền thông {n}",
                kind="province",
            )
            for n in range(AGENCIES)
        )
        datasets = Dataset.objects.bulk_create(
            Dataset(
                uuid=uuid.uuid4(),
                name=f"b{run}-{n:05d}",
                title=f"Số liệu dịch vụ công trực tuyến {n}",
                description="Số hồ sơ trực tuyến theo năm (dữ liệu thử cho benchmark).",
                publisher=agencies[n % AGENCIES],
                licence=licence,
                frequency="ANNUAL",
                live=True,
                has_unpublished_changes=False,
            )
            for n in range(count)
        )
        folder = opendata_root / "files" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for n, dataset in enumerate(datasets):
            for r in range(resources):
                data = csv_bytes(run, n, r)
                path = folder / f"{dataset.name}-{r}.csv"
                path.write_bytes(data)
                files.append(
                    DataFile(
                        file=f"files/bench/{path.name}",
                        original_name=path.name,
                        status="ready",
                        size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(),
                        format="CSV",
                        media_type="text/csv",
                    )
                )
        files = DataFile.objects.bulk_create(files)
        Resource.objects.bulk_create(
            Resource(
                dataset=datasets[i // resources] if resources else None,
                name=f"Bảng số liệu {i % resources + 1}",
                data_file=data_file,
                sort_order=i % resources,
            )
            for i, data_file in enumerate(files)
        )
    return [d.pk for d in datasets]


def record_all(pks: list[int], force: bool = False) -> None:
    from opendata.ckan_publish import outbox
    from opendata.models import Dataset

    for dataset in Dataset.objects.filter(pk__in=pks).select_related("publisher"):
        outbox.record(dataset, outbox.Action.PUBLISH, force=force, enqueue=False)


def change(run: str, pks: list[int], opendata_root: Path) -> None:
    """Retitle each dataset and replace the bytes of its first file."""
    from opendata.models import DataFile, Dataset, Resource

    for pk in pks:
        dataset = Dataset.objects.get(pk=pk)
        dataset.title += " (đã cập nhật)"
        dataset.save(update_fields=["title", "updated_at"])
        resource = Resource.objects.filter(dataset=dataset).order_by("sort_order").first()
        if resource is None:
            continue
        data = csv_bytes(run, pk, 99)
        path = opendata_root / resource.data_file.file.name
        path.write_bytes(data)
        DataFile.objects.filter(pk=resource.data_file_id).update(
            size=len(data), sha256=hashlib.sha256(data).hexdigest()
        )


def phase(label: str, rows: list) -> None:
    from opendata.ckan_publish.worker import drain

    started = time.monotonic()
    report = drain()
    elapsed = time.monotonic() - started
    rows.append((label, elapsed, report))
    print(f"  {label}: {elapsed:.1f} s, {report}", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        install = setup()
    except CkanUnavailable as error:
        print(f"local CKAN unavailable: {error}", file=sys.stderr)
        return 2
    server = CkanServer(install, port=free_port())
    run = uuid.uuid4().hex[:6]
    directory = Path(tempfile.mkdtemp(prefix="minhbach-bench-ckan-sync-"))
    opendata_root = directory / "opendata"
    try:
        server.start()
        env = environment(
            directory,
            OPENDATA_ROOT=str(opendata_root),
            CKAN_URL=server.url,
            CKAN_API_TOKEN=server.sysadmin_token,
            CKAN_RETRY_BASE_SECONDS="1",
        )
        print(f"CKAN at {server.url}; database {directory / 'db.sqlite3'}; migrating ...")
        manage(env, "migrate", "--noinput", "-v", "0")
        setup_django(env)
        print(f"writing {args.datasets} datasets x {args.resources} files ...", flush=True)
        pks = build(run, args.datasets, args.resources, opendata_root)
        rows: list = []
        record_all(pks)
        phase("1. first sync", rows)
        record_all(pks)
        phase("2. second sync, nothing changed", rows)
        record_all(pks, force=True)
        phase("3. --all (compare with CKAN)", rows)
        changed = pks[: args.changed]
        change(run, changed, opendata_root)
        record_all(pks)
        phase(f"4. after changing {args.changed}", rows)

        print(
            f"\n{'phase':<34} {'seconds':>8} {'writes':>7} {'reads':>7} {'pushed':>7} {'failed':>7}"
        )
        for label, elapsed, report in rows:
            print(
                f"{label:<34} {elapsed:>8.1f} {report.write_calls:>7} {report.read_calls:>7} "
                f"{report.pushed:>7} {report.failed:>7}"
            )
        first = rows[0]
        print(
            f"\n{args.datasets} datasets x {args.resources} files; first sync "
            f"{args.datasets / first[1]:.1f} datasets/s; {os.cpu_count()} CPUs; "
            f"CKAN 2.12 `ckan run` (one process) on this machine"
        )
        failed = sum(report.failed for _, _, report in rows)
        return 1 if failed else 0
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
