"""docs/editors-datasets.md: its examples run, and its messages are the ones the code gives."""

import io
import json
import re
from pathlib import Path

from opendata.admin_forms import DataDictionaryField
from opendata.ingest.service import analyse

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "editors-datasets.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.DOTALL)


def test_the_example_csv_gives_the_dictionary_the_guide_shows():
    (csv_example,) = blocks("csv")
    inferred, _edited = blocks("json")

    analysis = analyse(io.BytesIO(csv_example.encode()), "ho-so-truc-tuyen.csv")

    assert analysis.delimiter == ";"
    assert analysis.row_count == 3
    assert analysis.inferred_schema["fields"] == json.loads(inferred)
    assert analysis.preview["rows"][0][:2] == ["01", "Hà Nội"]


def test_the_edited_dictionary_of_the_guide_is_accepted_by_the_form():
    inferred, edited = blocks("json")

    cleaned = DataDictionaryField(required=False).clean(edited)

    assert [column["name"] for column in cleaned] == [
        column["name"] for column in json.loads(inferred)
    ]
    assert cleaned[3]["unit"] == "hồ sơ"


def test_every_message_the_guide_explains_is_one_the_code_gives():
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in [*(ROOT / "opendata" / "ingest").glob("*.py"), ROOT / "opendata/admin_forms.py"]
    )
    # Messages split over lines in the code are joined, as Python joins them.
    sources = re.sub(r'"\s*\n\s*"', "", sources)
    sources = re.sub(r"%\((\w+)\)[sd]", "…", sources)
    messages = re.findall(r"^\| `([^`]+)`", DOC, flags=re.MULTILINE)
    assert len(messages) > 30

    for message in messages:
        for fragment in filter(None, (part.strip() for part in message.split("…"))):
            assert fragment in sources, f"{message!r}: {fragment!r} is not in the code"
