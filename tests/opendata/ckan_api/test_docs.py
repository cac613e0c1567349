"""The examples of docs/ckan-api.md, run against a catalogue holding the datasets they show.

Each ```http request is sent; the ```json block after it is the answer: error answers
must match exactly, successful ones must contain what the block shows (ids and dates, which
change from run to run, are left out of the page). The ```python and ```sh examples run
against a live server.
"""

import datetime
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from opendata.ckan_api.actions import ACTIONS
from tests.factories import AgencyFactory, DatasetFactory, ResourceFactory, ThemeFactory

DOC = Path(__file__).resolve().parents[3] / "docs" / "ckan-api.md"
SITE = "https://dulieu.example.gov.vn"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def blocks(language: str | None = None) -> list[tuple[str, str]]:
    found = BLOCK.findall(DOC.read_text())
    return [(lang, body) for lang, body in found if language in (None, lang)]


def http_examples() -> list[tuple[str, str, object]]:
    """(method, path, expected answer) for each ```http block and the ```json after it."""
    examples, found = [], blocks()
    for (lang, body), (next_lang, answer) in itertools.pairwise(found):
        if lang == "http":
            assert next_lang == "json", f"no JSON answer after {body!r}"
            method, path = body.strip().split(" ", 1)
            examples.append((method, path, json.loads(answer)))
    return examples


def contains(actual, expected) -> bool:
    """``expected`` is ``actual`` with some dict keys left out (lists keep their length)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return actual == expected


def documented_catalogue() -> None:
    ministry = AgencyFactory(code="BTTTT", name="Bộ Thông tin và Truyền thông")
    theme = ThemeFactory(name="Chính phủ số", slug="chinh-phu-so")
    for name, title, title_en, tag, licence, resource in [
        (
            "ho-so-truc-tuyen",
            "Hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
            "Online dossiers on the National Public Service Portal",
            "dịch vụ công",
            "CC-BY-4.0",
            "Số hồ sơ theo năm",
        ),
        (
            "xep-hang-egdi",
            "Xếp hạng EGDI của Việt Nam theo năm",
            "Viet Nam's EGDI rank by year",
            "chỉ số",
            "CC0-1.0",
            "Xếp hạng theo năm",
        ),
    ]:
        dataset = DatasetFactory(
            publish=False,
            resources=0,
            name=name,
            title=title,
            title_en=title_en,
            description="Số liệu do Bộ công bố.",
            publisher=ministry,
            licence_id=licence,
            temporal_start=datetime.date(2019, 1, 1),
            temporal_end=datetime.date(2024, 12, 31),
        )
        dataset.themes.set([theme])
        dataset.tags.add(tag)
        dataset.save()
        # The file's columns are searched too: each file has its own.
        columns = [{"name": "năm", "type": "integer"}, {"name": resource, "type": "integer"}]
        ResourceFactory(
            dataset=dataset,
            name=resource,
            sort_order=0,
            data_file__inferred_schema={"fields": columns},
        )
        dataset.save_revision().publish()
    DatasetFactory(publish=False, name="ban-nhap", publisher=ministry)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "expected"), http_examples())
def test_http_example(client, settings, method, path, expected):
    settings.BASE_URL = settings.BASE_URL = SITE
    documented_catalogue()
    response = client.get(path) if method == "GET" else client.post(path)
    answer = response.json()
    if isinstance(expected, str) or expected.get("success") is False:
        assert answer == expected
        assert response.status_code >= 400
    else:
        assert response.status_code == 200, answer
        assert contains(answer, expected), json.dumps(answer, ensure_ascii=False, indent=1)


def test_every_documented_action_is_answered():
    table = DOC.read_text().split("## Actions", 1)[1].split("###", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE))
    assert documented == set(ACTIONS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_python_and_command_line_examples(live_server, settings, tmp_path, capsys):
    settings.BASE_URL = settings.BASE_URL = live_server.url
    documented_catalogue()
    (python,) = [body for _, body in blocks("python")]
    exec(python.replace(SITE, live_server.url), {})
    assert "CSV " + live_server.url in capsys.readouterr().out

    (command,) = [body for _, body in blocks("sh")]
    argv = shlex.split(command.replace(SITE, live_server.url))
    assert argv[:1] == ["ckanapi"]
    bin_dir = Path(sys.executable).parent
    argv[0] = str(bin_dir / "ckanapi")
    argv[argv.index("-O") + 1] = str(tmp_path / "datasets.jsonl")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    names = [json.loads(line)["name"] for line in (tmp_path / "datasets.jsonl").open()]
    assert names == ["ho-so-truc-tuyen", "xep-hang-egdi"]
