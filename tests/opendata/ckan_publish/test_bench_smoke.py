"""bench/ckan_sync.py still runs end to end against the local CKAN, at a small size."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_ckan_sync_benchmark_runs_and_an_idle_sync_writes_nothing(ckan_server):
    root = Path(settings.BASE_DIR)
    result = subprocess.run(
        [sys.executable, str(root / "bench" / "ckan_sync.py"), "--datasets", "4", "--changed", "2"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {
        line[:34].strip(): line[34:].split()
        for line in result.stdout.splitlines()
        if line[:2] in {"1.", "2.", "3.", "4."} and ":" not in line[:34]
    }
    # seconds, writes, reads, pushed, failed
    # 4 packages, 12 files, 4 organizations created; 4 pushed, none failed.
    assert [rows["1. first sync"][i] for i in (1, 3, 4)] == ["20", "4", "0"]
    assert rows["2. second sync, nothing changed"][1:3] == ["0", "0"]
    assert rows["3. --all (compare with CKAN)"][1] == "0"
    assert rows["4. after changing 2"][1] == "4"
