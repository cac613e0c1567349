"""GraphQL (/graphql/) against Wagtail's REST API v2 (/api/v2/) on the same news listing.

    .venv/bin/python bench/graphql_vs_rest.py [--news 2000] [--procedures 2000]
        [--duration 10] [--concurrency 8] [--workers 2] [--sizes 10,50,100] [--keep]

In one run: builds a throw-away SQLite database in a temporary folder (never var/),
migrates, loads the demo content, copies it up to --news news items and --procedures
procedure guides, starts the product under gunicorn on 127.0.0.1, and for each page size
asks both APIs for the same page of news with the same fields. It reports requests per
second, p50/p95 latency and SQL queries per request (counted in-process with Django's test
client on the same database), and the GraphQL/REST throughput ratio. Machines here are
shared and noisy: the two APIs are measured alternately (GraphQL, REST, REST, GraphQL,
each for half the duration), and the ratio is the figure to read, not the absolute rates.

Client traffic goes to 127.0.0.1 only, from --concurrency threads, each with its own
HTTP/1.1 connection (gunicorn's sync workers close it after each response, and the client
reopens it), for a fixed time.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import ROOT, environment, setup_django

KEPT_DIR = Path(tempfile.gettempdir()) / "minhbach-bench"

GRAPHQL = "GraphQL"
REST = "REST v2"

# The news fields beyond the page's own (id, title, slug, URL, first publication, locale),
# as Wagtail API v2 names them; each is compared only where v2 can return it.
WANTED_REST_FIELDS = ("publication_date", "summary", "agency", "topics")


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Measurement:
    ok: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def add(self, other: "Measurement") -> None:
        self.ok += other.ok
        self.errors += other.errors
        self.elapsed += other.elapsed
        self.latencies += other.latencies

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


@dataclass
class Row:
    size: int
    api: str
    measurement: Measurement | None = None
    queries: int | None = None
    response_bytes: int | None = None
    note: str = ""


# ---------------------------------------------------------------------------- set-up


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=int, default=2000, help="public news items (vi)")
    parser.add_argument("--procedures", type=int, default=2000, help="public procedures (vi)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--sizes", default="10,50,100", help="page sizes, comma-separated")
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"build the database in {KEPT_DIR}, keep it, and reuse it on the next run",
    )
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if not 1 <= args.concurrency <= 64:
        parser.error("--concurrency must be between 1 and 64")
    if not 1 <= args.workers <= 16:
        parser.error("--workers must be between 1 and 16")
    if not 0 < args.duration <= 600:
        parser.error("--duration must be more than 0 and at most 600 seconds")
    if not args.sizes or not all(1 <= size <= 100 for size in args.sizes):
        parser.error("--sizes must be between 1 and 100 (GraphQL's maximum page size)")
    return args


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def build_content(env: dict[str, str], news: int, procedures: int) -> dict[str, int]:
    print("migrating ...", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    print("loading the demo content ...", flush=True)
    manage(env, "load_demo_content")
    setup_django(env)
    from _content import scale_up

    print(f"scaling up to {news} news items and {procedures} procedure guides ...", flush=True)
    return scale_up(news, procedures, progress=lambda line: print(line, flush=True))


# ---------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            _wait_for_health(server, port, log)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_for_health(server: subprocess.Popen, port: int, log: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz in {timeout:.0f} s:\n{log.read_text()}")


# ---------------------------------------------------------------------------- client


def fetch(port: int, request: Request) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(request.method, request.path, request.body, request.headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def hammer(port: int, request: Request, duration: float, concurrency: int) -> Measurement:
    """``concurrency`` threads send ``request`` back to back for ``duration`` seconds."""
    results = [Measurement() for _ in range(concurrency)]
    start = threading.Barrier(concurrency + 1)
    deadline = 0.0

    def client(result: Measurement) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        try:
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    connection.request(request.method, request.path, request.body, request.headers)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    result.errors += 1
                    connection.close()  # reopened by the next request
                    continue
                if response.status == 200:
                    result.ok += 1
                    result.latencies.append(time.perf_counter() - began)
                else:
                    result.errors += 1
                if response.will_close:
                    connection.close()
        finally:
            connection.close()
            result.elapsed = time.perf_counter()

    threads = [threading.Thread(target=client, args=(result,)) for result in results]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline = began + duration
    start.wait()
    for thread in threads:
        thread.join()
    total = Measurement(elapsed=max(result.elapsed for result in results) - began)
    for result in results:
        total.ok += result.ok
        total.errors += result.errors
        total.latencies += result.latencies
    return total


# ---------------------------------------------------------------------------- the two APIs


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def rest_path(size: int, fields: list[str], ordered: bool) -> str:
    query = {"type": "cms.NewsPage", "locale": "vi", "limit": size}
    if fields:
        query["fields"] = ",".join(fields)
    if ordered:
        query["order"] = "-publication_date"
    return "/api/v2/pages/?" + urlencode(query)


def rest_request(size: int, fields: list[str], ordered: bool) -> Request:
    return Request("GET", rest_path(size, fields, ordered), headers={"Accept": "application/json"})


def graphql_request(size: int, selection: str) -> Request:
    query = "query News($first: Int!) { news(first: $first) { edges { node { %s } } } }"
    body = json.dumps({"query": query % selection, "variables": {"first": size}}).encode()
    return Request("POST", "/graphql/", body, {"Content-Type": "application/json"})


@dataclass
class Comparison:
    """What both APIs are asked for; ``rest_fields`` is empty when there is no REST API."""

    rest_available: bool
    rest_fields: list[str]
    rest_ordered: bool
    graphql_selection: str
    notes: list[str]


def compare_fields() -> Comparison:
    """Ask v2 (in-process) which wanted fields it serves, and mirror their shape in GraphQL."""
    from django.test import Client

    from config.schema import schema

    client = Client()
    # v2's listing always returns id, title and meta {type, detail_url, html_url, slug,
    # first_published_at, locale}; GraphQL is asked for the same.
    base = "id title slug url firstPublishedAt locale"
    probe = client.get(rest_path(1, [], False))
    if probe.status_code == 404:
        return Comparison(
            False,
            [],
            False,
            base + " publicationDate summary agency { code name } topics { slug }",
            ["REST API v2 is not routed at /api/v2/ yet: GraphQL measured alone."],
        )
    fields, notes, samples = [], [], {}
    for name in WANTED_REST_FIELDS:
        answer = client.get(rest_path(20, [name], False))
        if answer.status_code == 200:
            fields.append(name)
            samples[name] = [item.get(name) for item in answer.json()["items"]]
        else:
            notes.append(f"REST v2 cannot return {name!r} ({answer.status_code}): not compared.")
    selection = [base]
    for name in fields:
        type_name = {"agency": "Agency", "topics": "Topic"}.get(name)
        if type_name is None:
            selection.append(camel(name))
            continue
        graphql_type = schema.graphql_schema.get_type(type_name)
        sub = _sub_selection(samples[name], set(graphql_type.fields))
        selection.append(f"{camel(name)} {{ {sub} }}")
        notes.append(f"{name}: REST v2 returns {_shape(samples[name])}; GraphQL asked {{ {sub} }}.")
    ordered = "publication_date" in fields
    if not ordered:
        notes.append("REST v2 cannot order by publication_date: its default order is used.")
    return Comparison(True, fields, ordered, " ".join(selection), notes)


def _first_value(samples: list):
    for value in samples:
        if isinstance(value, list):
            if value:
                return value[0]
        elif value is not None:
            return value
    return None


def _sub_selection(samples: list, graphql_fields: set[str]) -> str:
    value = _first_value(samples)
    if isinstance(value, dict):
        keys = [camel(key) for key in value if key != "meta"]
        chosen = [key for key in keys if key in graphql_fields]
        if chosen:
            return " ".join(chosen)
    return "id"


def _shape(samples: list) -> str:
    value = _first_value(samples)
    if isinstance(value, dict):
        return "{" + ", ".join(value) + "}"
    return type(value).__name__


def requests_for(size: int, comparison: Comparison) -> dict[str, Request]:
    requests = {GRAPHQL: graphql_request(size, comparison.graphql_selection)}
    if comparison.rest_available:
        requests[REST] = rest_request(size, comparison.rest_fields, comparison.rest_ordered)
    return requests


def check(api: str, expected: int, status: int, body: bytes) -> str:
    """Why this response is not a page of ``expected`` news items, or ``""``."""
    if status != 200:
        return f"HTTP {status}: {body[:300].decode(errors='replace')}"
    data = json.loads(body)
    if api == GRAPHQL:
        if data.get("errors"):
            return f"errors: {data['errors']}"
        count = len(data["data"]["news"]["edges"])
    else:
        count = len(data["items"])
    return "" if count == expected else f"{count} items instead of {expected}"


def count_queries(request: Request) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def send():
        if request.method == "POST":
            return client.post(
                request.path, request.body, content_type=request.headers["Content-Type"]
            )
        return client.get(request.path)

    send()  # warm-up: the first request also loads what every later one reuses
    with CaptureQueriesContext(connection) as queries:
        response = send()
    assert response.status_code == 200, response.content[:300]
    return len(queries)


# ---------------------------------------------------------------------------- run


def measure(args: argparse.Namespace, port: int, comparison: Comparison, news: int) -> list[Row]:
    rows = []
    half = args.duration / 2
    for size in args.sizes:
        requests = requests_for(size, comparison)
        measured = {}
        for api, request in requests.items():
            status, body = fetch(port, request)
            problem = check(api, min(size, news), status, body)
            row = Row(size, api, response_bytes=len(body))
            if problem:
                if api == GRAPHQL:
                    raise RuntimeError(f"GraphQL, page size {size}: {problem}")
                row.note = problem  # e.g. a limit above WAGTAILAPI_LIMIT_MAX
            else:
                row.queries = count_queries(request)
                row.measurement = Measurement()
                measured[api] = request
                hammer(port, request, min(1.0, half), args.concurrency)  # warm-up
            rows.append(row)
        by_api = {row.api: row for row in rows if row.size == size}
        order = [GRAPHQL, REST, REST, GRAPHQL]
        for api in order:
            if api in measured:
                print(f"  page size {size}: {api} ...", flush=True)
                by_api[api].measurement.add(hammer(port, measured[api], half, args.concurrency))
    return rows


def print_report(rows: list[Row], comparison: Comparison) -> None:
    header = ("page size", "API", "req/s", "p50 ms", "p95 ms", "SQL queries", "bytes", "errors")
    lines = []
    for row in rows:
        m = row.measurement
        if m is None:
            lines.append((str(row.size), row.api, "-", "-", "-", "-", "-", row.note))
            continue
        lines.append(
            (
                str(row.size),
                row.api,
                f"{m.rate:.1f}",
                f"{m.percentile(0.50):.1f}",
                f"{m.percentile(0.95):.1f}",
                str(row.queries),
                str(row.response_bytes),
                str(m.errors),
            )
        )
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    right = {0, 2, 3, 4, 5, 6, 7}

    def fmt(line):
        cells = [
            cell.rjust(width) if i in right and not cell[:1].isalpha() else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        return " | ".join(cells).rstrip()

    print()
    print(fmt(header))
    print("-+-".join("-" * width for width in widths))
    for line in lines:
        print(fmt(line))
    print()
    for size in sorted({row.size for row in rows}):
        pair = {row.api: row.measurement for row in rows if row.size == size}
        if pair.get(GRAPHQL) and pair.get(REST) and pair[REST].rate:
            ratio = pair[GRAPHQL].rate / pair[REST].rate
            print(f"page size {size}: GraphQL/REST throughput = {ratio:.2f}")
        else:
            print(f"page size {size}: GraphQL/REST throughput = n/a (REST not measured)")
    print()
    print("compared: GraphQL news { " + comparison.graphql_selection + " }")
    if comparison.rest_available:
        print(
            "      vs: "
            + unquote(rest_path(0, comparison.rest_fields, comparison.rest_ordered)).replace(
                "limit=0", "limit=N"
            )
        )
    for note in comparison.notes:
        print("note: " + note)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if find_spec("gunicorn") is None:
        print("gunicorn is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    started = time.monotonic()
    if args.keep:
        directory = KEPT_DIR
        directory.mkdir(parents=True, exist_ok=True)
    else:
        directory = Path(tempfile.mkdtemp(prefix="minhbach-bench-"))
    print(f"database: {directory / 'db.sqlite3'}", flush=True)
    env = environment(directory)
    (directory / "static").mkdir(exist_ok=True)  # WhiteNoise warns about a missing folder
    try:
        counts = build_content(env, args.news, args.procedures)
        built = time.monotonic() - started
        print(f"content ready in {built:.0f} s: {counts}", flush=True)
        comparison = compare_fields()
        with gunicorn(env, args.workers, directory / "gunicorn.log") as port:
            print(
                f"gunicorn on 127.0.0.1:{port}, {args.workers} workers; "
                f"{args.concurrency} client threads, {args.duration:g} s per measurement",
                flush=True,
            )
            rows = measure(args, port, comparison, counts["news"])
        print_report(rows, comparison)
        print(
            f"\n{counts['news']} public news, {counts['procedures']} public procedures; "
            f"{os.cpu_count()} CPUs; total {time.monotonic() - started:.0f} s "
            f"(content {built:.0f} s)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
