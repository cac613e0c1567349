"""The Python examples of docs/search.md run, in order, against an empty index."""

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "search.md"
# Blocks that only show a shape (the registration example) are not run.
NOT_RUN = ("class NewsDocument",)


def examples() -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [block for block in blocks if not any(marker in block for marker in NOT_RUN)]


def test_the_examples_run():
    blocks = examples()
    assert len(blocks) >= 4
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
