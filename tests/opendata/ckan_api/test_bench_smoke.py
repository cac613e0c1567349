"""bench/ckan_api.py still runs end to end at a size that takes a minute.

It builds its own database in a temporary folder and starts gunicorn on 127.0.0.1; the
figures are not checked (they belong to bench/, not to timed tests), only that every
request was answered and measured.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_ckan_api_benchmark_prints_its_table():
    pytest.importorskip("gunicorn", reason="gunicorn is not installed (pip install -e '.[bench]')")
    command = [
        sys.executable,
        str(ROOT / "bench" / "ckan_api.py"),
        *("--datasets", "40", "--duration", "0.5", "--concurrency", "1", "--workers", "1"),
    ]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    rows = {
        line.split("|")[0].strip(): [cell.strip() for cell in line.split("|")[1:]]
        for line in run.stdout.splitlines()
        if line.count("|") == 7
    }
    assert "package_show by name" in rows, run.stdout
    assert "package_search q+fq+facets" in rows, run.stdout
    for label, cells in rows.items():
        if label == "request":
            continue
        assert float(cells[0]) > 0, f"{label}: no successful request"
        assert cells[-1] == "0", f"{label}: errors"
