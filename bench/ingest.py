"""Ingestion of a large CSV: time, throughput and peak memory, against plain hashing.

Generates a CSV of Vietnamese-like records (codes, province and procedure names, dates,
numbers, free text) in a temporary folder, then ingests it through
``opendata.ingest.service.analyse`` — the function the ingestion task runs on a stored
file: checksum, format and encoding, delimiter, data dictionary, preview, row count.
The peers, timed in the same run on the same file: a plain Python read-and-SHA-256 loop
and, when installed, ``sha256sum``. Ingestion reads the file once, so its cost over the
Python loop is what decoding and parsing every row adds.

    .venv/bin/python bench/ingest.py            # 200 MB (the issue's figure)
    .venv/bin/python bench/ingest.py --mb 20    # a quick run

Peak RSS is the process's ru_maxrss; the goal is under 300 MB whatever the file size.
"""

import argparse
import hashlib
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import environment, setup_django

MB = 1024 * 1024

PROVINCES = [
    "Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Huế",
    "Đắk Lắk", "Lâm Đồng", "Khánh Hòa", "Nghệ An", "Thanh Hóa", "Quảng Ninh",
    "An Giang", "Đồng Nai", "Bắc Ninh", "Gia Lai", "Sơn La", "Lào Cai",
]  # fmt: skip
PROCEDURES = [
    "Đăng ký khai sinh", "Cấp lại căn cước", "Đăng ký thường trú", "Cấp giấy phép xây dựng",
    "Đăng ký kết hôn", "Cấp phiếu lý lịch tư pháp", "Đăng ký doanh nghiệp",
    "Cấp đổi giấy phép lái xe", "Đăng ký xe mô tô", "Trợ cấp thất nghiệp",
]  # fmt: skip
STATES = ["Đã giải quyết", "Đang xử lý", "Trả lại hồ sơ", "Quá hạn"]
NOTES = [
    "", "Nộp trực tuyến toàn trình", "Bổ sung giấy tờ; chờ xác minh", "Thanh toán qua Cổng",
    'Người dân phản ánh "chậm trả kết quả"', "Hồ sơ liên thông, nhiều bước",
]  # fmt: skip
HEADER = (
    "mã hồ sơ,tỉnh,thủ tục,ngày nộp,số ngày xử lý,phí (đồng),tỷ lệ đúng hạn,trạng thái,ghi chú\n"
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the CSV in MB (200)")
    parser.add_argument("--keep", type=Path, help="write the CSV here and keep it")
    args = parser.parse_args(argv)
    if not 1 <= args.mb <= 4096:
        parser.error("--mb must be between 1 and 4096")
    return args


def generate(path: Path, megabytes: int) -> int:
    """A CSV of at least ``megabytes`` MB, written in batches (little memory); its rows."""
    rng = random.Random(2025)
    start = date(2023, 1, 1)
    target = megabytes * MB
    written = 0
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        written += len(HEADER.encode())
        while written < target:
            lines = []
            for _ in range(5000):
                rows += 1
                note = rng.choice(NOTES)
                lines.append(
                    f"HS-{rows:09d},{rng.choice(PROVINCES)},{rng.choice(PROCEDURES)},"
                    f"{start + timedelta(days=rng.randrange(900))},{rng.randrange(1, 30)},"
                    f"{rng.randrange(0, 500) * 1000},{rng.random() * 100:.2f},"
                    f"{rng.choice(STATES)},{_quoted(note)}\n"
                )
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk.encode())
    return rows


def _quoted(text: str) -> str:
    if any(char in text for char in ',;"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def peak_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (MB if sys.platform == "darwin" else 1024)


def python_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(MB):
            digest.update(chunk)
    return digest.hexdigest()


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as temporary:
        directory = args.keep or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "ho-so-truc-tuyen.csv"
        print(f"generating {args.mb} MB of CSV in {path} ...", flush=True)
        rows, seconds = timed(generate, path, args.mb)
        size = path.stat().st_size
        print(f"  {rows} rows, {size / MB:.1f} MB in {seconds:.1f} s", flush=True)

        setup_django(
            environment(directory, OPENDATA_MAX_UPLOAD_BYTES=str(max(2 * 1024**3, size + 1)))
        )
        from opendata.ingest.service import analyse

        rss_before = peak_rss_mb()
        print("hashing with Python ...", flush=True)
        python_sha, python_seconds = timed(python_hash, path)
        results = [("python read+sha256", python_seconds)]
        sha256sum = shutil.which("sha256sum")
        if sha256sum:
            print("hashing with sha256sum ...", flush=True)
            _output, tool_seconds = timed(_sha256sum, sha256sum, path)
            results.append(("sha256sum", tool_seconds))
        print("ingesting ...", flush=True)
        with path.open("rb") as handle:
            analysis, ingest_seconds = timed(analyse, handle, path.name)
        rss_peak = peak_rss_mb()

    if analysis.sha256 != python_sha:
        print("checksum mismatch between ingestion and the Python loop", file=sys.stderr)
        return 1
    if analysis.row_count != rows:
        print(f"row count {analysis.row_count}, expected {rows}", file=sys.stderr)
        return 1

    results.insert(0, ("ingest (analyse)", ingest_seconds))
    print()
    print(
        f"file: {size / MB:.1f} MB, {rows} rows, {analysis.format} {analysis.encoding} "
        f"delimiter {analysis.delimiter!r}, {len(analysis.inferred_schema['fields'])} "
        f"columns: "
        + ", ".join(f"{f['name']}:{f['type']}" for f in analysis.inferred_schema["fields"])
    )
    print()
    header = ("step", "seconds", "MB/s", "time / ingest")
    lines = [
        (name, f"{seconds:.2f}", f"{size / MB / seconds:.1f}", f"{seconds / ingest_seconds:.2f}")
        for name, seconds in results
    ]
    print_table(header, lines)
    print()
    print(f"ingest/python-hash time = {ingest_seconds / python_seconds:.2f}")
    if sha256sum:
        print(f"ingest/sha256sum time = {ingest_seconds / results[-1][1]:.2f}")
    verdict = "under" if rss_peak < 300 else "OVER"
    print(
        f"peak RSS = {rss_peak:.0f} MB ({verdict} the 300 MB goal; {rss_before:.0f} MB "
        f"before ingestion, Django loaded)"
    )
    return 0


def print_table(header: tuple[str, ...], lines: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    for index, row in enumerate([header, *lines]):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("-+-".join("-" * width for width in widths))


def _sha256sum(tool: str, path: Path) -> str:
    return subprocess.run([tool, str(path)], capture_output=True, check=True, text=True).stdout


if __name__ == "__main__":
    sys.exit(main())
