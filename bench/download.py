"""A large resource file downloaded from minhbach under gunicorn, against python -m http.server.

    .venv/bin/python bench/download.py [--mb 1024] [--rounds 2] [--keep]

In one run: writes a file of --mb MiB of random bytes (in 1 MiB chunks) into a throw-away
OPENDATA_ROOT, builds a throw-away SQLite database, publishes a dataset with that file as
its resource, then starts gunicorn (one sync worker) on 127.0.0.1 and ``python -m
http.server`` serving the same folder. Each server is downloaded from with http.client,
reading 1 MiB at a time, alternately (minhbach, http.server, http.server, minhbach, ...)
for --rounds rounds, because the machines here are shared and noisy: read the ratio, not
the absolute rates. While minhbach serves, a thread samples the gunicorn worker's VmRSS
(/proc/<pid>/status) every 20 ms; the growth from before the first download to the peak is
what the download costs in memory (goal: < 50 MB, whatever the file's size). Finally one
more download is hashed and compared with the sha256 the database holds, and a few ranges
are compared with the file's bytes.
"""

import argparse
import hashlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from graphql_vs_rest import environment, free_port, gunicorn, manage, setup_django

CHUNK = 1024 * 1024
MINHBACH = "minhbach (gunicorn)"
PLAIN = "python -m http.server"


@dataclass
class Result:
    server: str
    seconds: list[float] = field(default_factory=list)
    size: int = 0

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def throughput(self) -> float:
        """MiB/s of the best round: the one least disturbed by the machine's other work."""
        return self.size / CHUNK / self.best


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=1024, help="file size in MiB (default 1024)")
    parser.add_argument("--rounds", type=int, default=2, help="downloads per server")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if not 1 <= args.mb <= 16 * 1024:
        parser.error("--mb must be between 1 and 16384")
    if not 1 <= args.rounds <= 10:
        parser.error("--rounds must be between 1 and 10")
    return args


def write_file(path: Path, mib: int) -> str:
    """Random bytes (so that nothing on the way can compress them); returns their sha256."""
    digest = hashlib.sha256()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as output:
        for _ in range(mib):
            chunk = os.urandom(CHUNK)
            digest.update(chunk)
            output.write(chunk)
    return digest.hexdigest()


def publish(relative_name: str, size: int, sha256: str) -> str:
    """A published dataset whose one resource is the file; returns its download path."""
    from cms.models import Agency
    from opendata.models import DataFile, Dataset, Licence, Resource

    agency = Agency.objects.create(name="Bộ Khoa học và Công nghệ", code="BKHCN-BENCH")
    data_file = DataFile(
        original_name="Dữ liệu lớn.bin",
        status=DataFile.Status.READY,
        size=size,
        sha256=sha256,
        format="ZIP",
        media_type="application/octet-stream",
    )
    data_file.file.name = relative_name
    data_file.save()
    dataset = Dataset.objects.create(
        title="Bộ dữ liệu lớn",
        name="bo-du-lieu-lon",
        description="Tệp thử tốc độ tải xuống.",
        publisher=agency,
        licence=Licence.objects.get(pk="CC0-1.0"),
        live=False,
    )
    resource = Resource.objects.create(dataset=dataset, name="Tệp lớn", data_file=data_file)
    dataset.save_revision().publish()
    return resource.get_download_url()  # reverse() has percent-encoded it


@contextmanager
def plain_server(directory: Path, log: Path):
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=directory, stdout=output, stderr=output)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=20)


def download(port: int, path: str, hasher=None) -> tuple[float, int]:
    """Seconds and bytes of one GET, read in chunks (never held whole)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    began = time.perf_counter()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {response.read(500)!r}")
        received = 0
        while chunk := response.read(CHUNK):
            received += len(chunk)
            if hasher is not None:
                hasher.update(chunk)
        return time.perf_counter() - began, received
    finally:
        connection.close()


def ranges_ok(port: int, path: str, file: Path, size: int) -> bool:
    """A few single ranges from minhbach equal the same bytes of the file on disk."""
    wanted = [(0, 99), (size // 2, size // 2 + CHUNK - 1), (size - 10, size - 1)]
    with file.open("rb") as source:
        for first, last in wanted:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("GET", path, headers={"Range": f"bytes={first}-{last}"})
                response = connection.getresponse()
                body = response.read()
            finally:
                connection.close()
            source.seek(first)
            if response.status != 206 or body != source.read(last - first + 1):
                return False
    return True


def worker_pid(master_port: int) -> int:
    """The pid of the gunicorn worker that serves ``master_port``."""
    # gunicorn's master forks the workers; with one worker, it is the master's only child.
    for master in Path("/proc").iterdir():
        if not master.name.isdigit():
            continue
        try:
            cmdline = (master / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"gunicorn" in b" ".join(cmdline) and f"127.0.0.1:{master_port}".encode() in cmdline:
            children = (master / "task" / master.name / "children").read_text().split()
            if children:
                return int(children[0])
    raise RuntimeError("gunicorn's worker process was not found")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class RssSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = rss_mib(pid)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, rss_mib(self.pid))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="minhbach-download-"))
    env = environment(directory)
    opendata_root = directory / "opendata"
    env["OPENDATA_ROOT"] = str(opendata_root)
    try:
        relative = "files/bench/large.bin"
        print(f"writing {args.mb} MiB of random bytes ...", flush=True)
        sha256 = write_file(opendata_root / relative, args.mb)
        size = args.mb * CHUNK
        print("migrating ...", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        setup_django(env)
        path = publish(relative, size, sha256)
        results = {MINHBACH: Result(MINHBACH, size=size), PLAIN: Result(PLAIN, size=size)}
        plain_path = "/" + relative
        with (
            gunicorn(env, 1, directory / "gunicorn.log") as port,
            plain_server(opendata_root, directory / "http.server.log") as plain_port,
        ):
            pid = worker_pid(port)
            download(port, path)  # warm-up: imports and the first queries
            before = rss_mib(pid)
            sampler = RssSampler(pid)
            sampler.start()
            order = [MINHBACH, PLAIN, PLAIN, MINHBACH] * args.rounds
            for server in order[: 2 * args.rounds]:
                seconds, received = (
                    download(port, path) if server == MINHBACH else download(plain_port, plain_path)
                )
                if received != size:
                    raise RuntimeError(f"{server}: {received} bytes instead of {size}")
                results[server].seconds.append(seconds)
            sampler.stopped.set()
            sampler.join()
            after = rss_mib(pid)
            hasher = hashlib.sha256()
            download(port, path, hasher)
            ranges = ranges_ok(port, path, opendata_root / relative, size)
        report(args, results, before, sampler.peak, after, hasher.hexdigest() == sha256, ranges)
        return 0
    finally:
        if args.keep:
            print(f"kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


def report(
    args, results, before: float, peak: float, after: float, checksum_ok: bool, ranges: bool
) -> None:
    print()
    print(f"file: {args.mb} MiB, {args.rounds} download(s) per server, best round shown")
    print("server | MiB | best seconds | MiB/s")
    for result in results.values():
        print(
            f"{result.server} | {result.size // CHUNK} | {result.best:.3f} | "
            f"{result.throughput:.1f}"
        )
    ratio = results[MINHBACH].throughput / results[PLAIN].throughput
    print(f"throughput minhbach/http.server = {ratio:.2f}")
    print(
        f"gunicorn worker RSS: {before:.1f} MiB before, {peak:.1f} MiB peak, "
        f"{after:.1f} MiB after; growth {peak - before:.1f} MiB (goal < 50 MB)"
    )
    print(f"sha256 of a download matches the database: {'yes' if checksum_ok else 'NO'}")
    print(f"ranges (206) hold the file's bytes: {'yes' if ranges else 'NO'}")


if __name__ == "__main__":
    sys.exit(main())
