"""CKAN Action API latency with many datasets: package_search and package_show over HTTP.

    .venv/bin/python bench/ckan_api.py [--datasets 10000] [--duration 5] [--concurrency 4]
        [--workers 2]

In one run: builds a throw-away SQLite database in a temporary folder, migrates, writes
--datasets public datasets in bulk (with agencies, themes, tags and one CSV resource each),
builds the search index from them (search.service.rebuild, as ``search_rebuild`` does:
package_search goes through the search service), starts the product under gunicorn on
127.0.0.1 and sends each request below back to back from --concurrency threads for
--duration seconds. It reports requests per second, p50/p95
latency, SQL queries per request (counted in-process on the same database) and response
size. The peer is /healthz (one SELECT 1 through the same Django stack), measured before
and after the API requests: the p50 ratio to it is the figure to read on a shared machine.
"""

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlencode

# The GraphQL benchmark's set-up, server and client: one way to start and measure.
from graphql_vs_rest import (
    Measurement,
    Request,
    count_queries,
    environment,
    fetch,
    gunicorn,
    hammer,
    manage,
    setup_django,
)

BATCH = 2000
AGENCIES = 60
THEMES = 12
TAGS = 300
WORDS = [
    "dịch vụ công", "hồ sơ trực tuyến", "khai sinh", "thuế điện tử", "y tế", "giáo dục",
    "giao thông", "đất đai", "doanh nghiệp", "bảo hiểm xã hội", "chữ ký số", "văn bản",
]  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10_000, help="public datasets")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args(argv)
    if not 1 <= args.datasets <= 200_000:
        parser.error("--datasets must be between 1 and 200000")
    if not 0 < args.duration <= 600:
        parser.error("--duration must be more than 0 and at most 600 seconds")
    if not 1 <= args.concurrency <= 64 or not 1 <= args.workers <= 16:
        parser.error("--concurrency must be 1..64 and --workers 1..16")
    return args


def build_catalogue(count: int) -> dict[str, str]:
    """``count`` public datasets written in bulk; returns names the requests below use."""
    from django.db import transaction
    from taggit.models import Tag

    from cms.models import Agency
    from opendata.models import DataFile, Dataset, DatasetTag, Licence, Resource, Theme

    rng = random.Random(20250701)
    now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        agencies = Agency.objects.bulk_create(
            Agency(code=f"SO-{n:03d}", name=f"Sở Thông tin và Truyền thông {n}", kind="province")
            for n in range(AGENCIES)
        )
        themes = Theme.objects.bulk_create(
            Theme(name=f"Chủ đề {n}", slug=f"chu-de-{n}", eu_theme="GOVE") for n in range(THEMES)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{WORDS[n % len(WORDS)]} {n}", slug=f"the-{n}") for n in range(TAGS)
        )
    licences = list(Licence.objects.all())
    sha = "0" * 64
    for first in range(0, count, BATCH):
        size = min(BATCH, count - first)
        with transaction.atomic():
            datasets, chosen_tags = [], []
            for n in range(first, first + size):
                agency = agencies[n % AGENCIES]
                words = rng.sample(WORDS, 2)
                picked = rng.sample(tags, 3)
                dataset = Dataset(
                    uuid=uuid.uuid4(),
                    name=f"bo-du-lieu-{n:06d}",
                    title=f"Số liệu {words[0]} và {words[1]} năm {2000 + n % 25}",
                    title_en=f"Figures {n}",
                    description=f"Thống kê {words[0]} của {agency.name}.",
                    publisher=agency,
                    licence=licences[n % len(licences)],
                    frequency="ANNUAL",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now - datetime.timedelta(minutes=n),
                    last_published_at=now - datetime.timedelta(seconds=n),
                )
                datasets.append(dataset)
                chosen_tags.append(picked)
            Dataset.objects.bulk_create(datasets)
            files = DataFile.objects.bulk_create(
                DataFile(
                    file=f"files/bench/{d.name}.csv",
                    original_name=f"{d.name}.csv",
                    status="ready",
                    size=1234,
                    sha256=sha,
                    format="CSV",
                    media_type="text/csv",
                    row_count=10,
                )
                for d in datasets
            )
            Resource.objects.bulk_create(
                Resource(dataset=d, name="Bảng số liệu", data_file=f, sort_order=0)
                for d, f in zip(datasets, files, strict=True)
            )
            DatasetTag.objects.bulk_create(
                DatasetTag(content_object=d, tag=tag)
                for d, picked in zip(datasets, chosen_tags, strict=True)
                for tag in picked
            )
            Dataset.themes.through.objects.bulk_create(
                Dataset.themes.through(dataset_id=d.pk, theme_id=themes[i % THEMES].pk)
                for i, d in enumerate(datasets)
            )
        print(f"  {first + size} datasets", flush=True)
    build_index(count)
    return {"dataset": f"bo-du-lieu-{count // 2:06d}", "organization": "so-007"}


def build_index(count: int) -> None:
    """The search index of every public dataset, as ``manage.py search_rebuild`` builds it."""
    from search import service

    print("building the search index ...", flush=True)
    started = time.monotonic()
    written = service.rebuild()
    if written != count:
        raise RuntimeError(f"the search index holds {written} documents, not {count}")
    print(f"  {written} documents in {time.monotonic() - started:.1f} s", flush=True)


def requests(names: dict[str, str]) -> list[tuple[str, Request]]:
    def action(name: str, **params) -> Request:
        path = f"/api/3/action/{name}"
        return Request("GET", path + ("?" + urlencode(params) if params else ""))

    facets = {"facet.field": '["organization", "tags", "groups", "res_format", "license_id"]'}
    organization = f"organization:{names['organization']}"
    return [
        ("status_show (no database)", action("status_show")),
        ("package_show by name", action("package_show", id=names["dataset"])),
        ("package_search rows=10", action("package_search", rows=10)),
        ("package_search rows=100", action("package_search", rows=100)),
        ("package_search q=khai sinh", action("package_search", q="khai sinh")),
        ("package_search fq=organization", action("package_search", fq=organization)),
        ("package_search 5 facets rows=0", action("package_search", rows=0, **facets)),
        (
            "package_search q+fq+facets",
            action("package_search", q="y te", fq="res_format:CSV", **facets),
        ),
    ]


def measure(port: int, named: list[tuple[str, Request]], args) -> list[tuple]:
    floor = Request("GET", "/healthz")
    rows = []
    before = hammer(port, floor, args.duration, args.concurrency)
    for label, request in named:
        status, body = fetch(port, request)
        if status != 200:
            raise RuntimeError(f"{label}: HTTP {status}: {body[:300]!r}")
        hammer(port, request, min(1.0, args.duration / 2), args.concurrency)  # warm-up
        print(f"  {label} ...", flush=True)
        result = hammer(port, request, args.duration, args.concurrency)
        rows.append((label, result, count_queries(request), len(body)))
    after = hammer(port, floor, args.duration, args.concurrency)
    peer = Measurement()
    peer.add(before)
    peer.add(after)
    return [("/healthz (peer)", peer, count_queries(floor), len(fetch(port, floor)[1])), *rows]


def print_report(rows: list[tuple]) -> None:
    peer_p50 = rows[0][1].percentile(0.5)
    header = ("request", "req/s", "p50 ms", "p95 ms", "p50 / peer", "SQL", "bytes", "errors")
    lines = [
        (
            label,
            f"{m.rate:.1f}",
            f"{m.percentile(0.5):.1f}",
            f"{m.percentile(0.95):.1f}",
            f"{m.percentile(0.5) / peer_p50:.1f}",
            str(queries),
            str(size),
            str(m.errors),
        )
        for label, m, queries, size in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def fmt(line) -> str:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        return " | ".join(cells)

    print()
    print(fmt(header))
    print("-+-".join("-" * width for width in widths))
    for line in lines:
        print(fmt(line))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if find_spec("gunicorn") is None:
        print("gunicorn is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    started = time.monotonic()
    directory = Path(tempfile.mkdtemp(prefix="minhbach-bench-ckan-"))
    env = environment(directory)
    (directory / "static").mkdir(exist_ok=True)
    try:
        print(f"database: {directory / 'db.sqlite3'}\nmigrating ...", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        setup_django(env)
        print(f"writing {args.datasets} datasets ...", flush=True)
        names = build_catalogue(args.datasets)
        built = time.monotonic() - started
        with gunicorn(env, args.workers, directory / "gunicorn.log") as port:
            print(
                f"gunicorn on 127.0.0.1:{port}, {args.workers} workers; {args.concurrency} "
                f"client threads, {args.duration:g} s per measurement",
                flush=True,
            )
            rows = measure(port, requests(names), args)
        print_report(rows)
        print(
            f"\n{args.datasets} public datasets on SQLite; {os.cpu_count()} CPUs; "
            f"total {time.monotonic() - started:.0f} s (set-up {built:.0f} s)"
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
