"""The test suite's settings: the product's, with three defaults of its own.

The whole suite comes from one address and reuses queries across rolled-back databases:
rate limits and the server's response cache are off unless a test turns them on (or the
environment sets them), and the search index sits apart from a developer's real one.
config/settings.py knows nothing of tests, so production never picks these up.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import VAR_DIR, env_int

GRAPHQL_RATE_LIMIT = os.environ.get("GRAPHQL_RATE_LIMIT", "0")
GRAPHQL_RESPONSE_CACHE_SECONDS = env_int("GRAPHQL_RESPONSE_CACHE_SECONDS", 0)
SEARCH_INDEX_PATH = Path(os.environ.get("SEARCH_INDEX_PATH", VAR_DIR / "search-tests"))
