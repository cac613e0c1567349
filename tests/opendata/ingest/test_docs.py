"""docs/editors-datasets.md: its examples run, and its messages are the ones the code gives."""

import gettext
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


def catalogue() -> dict[str, str]:
    """opendata's Vietnamese catalogue, English message -> what the admin shows."""
    with (ROOT / "opendata/locale/vi/LC_MESSAGES/django.mo").open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    return {key: value for key, value in translations._catalog.items() if isinstance(key, str)}


def with_gaps(message: str) -> str:
    # The guide writes "…" where a message names the file, a size or a line.
    return re.sub(r"%\((\w+)\)[sd]", "…", message)


def test_every_message_the_guide_explains_is_one_the_code_gives_as_the_admin_shows_it():
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in [*(ROOT / "opendata" / "ingest").glob("*.py"), ROOT / "opendata/admin_forms.py"]
    )
    # Messages split over lines in the code are joined, as Python joins them.
    sources = with_gaps(re.sub(r'"\s*\n\s*"', "", sources))
    shown = {with_gaps(english): with_gaps(shown) for english, shown in catalogue().items()}
    # Each row quotes the Vietnamese message, then the English in brackets.
    messages = re.findall(r"`([^`]+)` \(`([^`]+)`\)", DOC)
    assert len(messages) > 30

    for vietnamese, english in messages:
        for fragment in filter(None, (part.strip() for part in english.split("…"))):
            assert fragment in sources, f"{english!r}: {fragment!r} is not in the code"
        assert shown.get(english) == vietnamese, f"the admin shows {english!r} otherwise"
