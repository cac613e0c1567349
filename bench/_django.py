"""The product's Django environment for a benchmark run: everything lives in one folder.

Shared by every benchmark so that they measure the same configuration: SQLite in the
folder, tasks run in process, production's DEBUG=0 (DEBUG keeps every query in memory
and adds to each request).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(directory: Path, **overrides: str) -> dict[str, str]:
    """The process environment for this run (``overrides`` win), for ``manage.py`` child
    processes, gunicorn, and :func:`setup_django`."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MINHBACH_ENV="development",
        MINHBACH_VAR_DIR=str(directory),
        DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
        MEDIA_ROOT=str(directory / "media"),
        STATIC_ROOT=str(directory / "static"),
        SEARCH_INDEX_PATH=str(directory / "search"),
        DEBUG="0",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        LOG_LEVEL="WARNING",
        # Every request does the full work: no GraphQL response cache (REST has none), and
        # no per-client rate limit (all the traffic comes from one address).
        GRAPHQL_RESPONSE_CACHE_SECONDS="0",
        GRAPHQL_RATE_LIMIT="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    env.update(overrides)
    return env


def setup_django(env: dict[str, str]) -> None:
    """Configure Django in this process with ``env`` (from :func:`environment`)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
