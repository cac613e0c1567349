"""The benchmarks still run end to end, at a size that takes seconds.

Each builds what it needs in a temporary folder (a database, files; gunicorn on 127.0.0.1
where it serves); the figures themselves are not checked (they belong to bench/, not to
timed tests).
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Usually 10-30 s. Only a guard against a hung benchmark, not a time to meet: CI runs two
# suites side by side on two cores, and a loaded machine has taken over 2 minutes.
HANG = 900


def test_graphql_vs_rest_benchmark_prints_its_table():
    pytest.importorskip("gunicorn", reason="gunicorn is not installed (pip install -e '.[bench]')")
    command = [
        sys.executable,
        str(ROOT / "bench" / "graphql_vs_rest.py"),
        *("--news", "30", "--procedures", "30", "--duration", "1", "--sizes", "10"),
        *("--concurrency", "2", "--workers", "1"),
    ]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=HANG)

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert any(line.startswith("page size | API") for line in lines), run.stdout
    rows = [line.split("|") for line in lines if line.strip().startswith("10 |")]
    apis = {cells[1].strip() for cells in rows}
    assert "GraphQL" in apis, run.stdout
    assert "REST v2" in apis, run.stdout
    for cells in rows:
        assert float(cells[2]) > 0, f"no successful request: {cells}"
        assert int(cells[5]) > 0, f"no SQL query counted: {cells}"
    assert "page size 10: GraphQL/REST throughput = " in run.stdout


def test_ingest_benchmark_prints_its_table():
    command = [sys.executable, str(ROOT / "bench" / "ingest.py"), "--mb", "2"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=HANG)

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "ingest (analyse)" in run.stdout
    assert "ingest/sha256sum time = " in run.stdout
    assert "peak RSS = " in run.stdout
