"""docs/researchers.md: its shell and Python examples run against a live server, and its
citations are what the site writes."""

import datetime
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from opendata.pages.citation import cite
from tests.factories import AgencyFactory, DataFileFactory, DatasetFactory, ResourceFactory

pytestmark = pytest.mark.django_db
# The live server reads the database from another thread: those tests are transactional,
# and serialized_rollback gives each the migrated reference data (licences) again.
LIVE = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOC = Path(__file__).resolve().parents[3] / "docs" / "researchers.md"
DATA = ("tháng,số hồ sơ\n" + "".join(f"{m},{m * 104_250}\n" for m in range(1, 13))).encode()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


@pytest.fixture
def dataset():
    dataset = DatasetFactory(
        title="Hồ sơ trực tuyến tiếp nhận năm 2024",
        title_en="Online dossiers received in 2024",
        name="ho-so-truc-tuyen-2024",
        version="2.1",
        publisher=AgencyFactory(
            name="Bộ Khoa học và Công nghệ", name_en="Ministry of Science and Technology"
        ),
        resources=0,
        publish=False,
    )
    ResourceFactory(
        dataset=dataset,
        data_file=DataFileFactory(data=DATA, original_name="Số liệu 2024.csv"),
    )
    dataset.save_revision().publish()
    return dataset


@pytest.fixture
def url(live_server, dataset) -> str:
    return live_server.url + dataset.resources.get().get_download_url()


def run_shell(script: str, url: str, cwd: Path) -> str:
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env={"URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@LIVE
def test_checking_a_download(url, tmp_path):
    script = next(block for block in blocks("sh") if "sha256sum" in block)
    output = run_shell(script, url, tmp_path)

    sha = hashlib.sha256(DATA).hexdigest()
    assert f"{sha}  data.csv" in output
    assert re.search(rf'(?i)etag: "{sha}"', output)


@LIVE
def test_range_examples(url, tmp_path):
    script = next(block for block in blocks("sh") if "-r 0-99" in block)
    (tmp_path / "data.csv").write_bytes(DATA[:40])  # an interrupted download, to resume
    run_shell(script, url, tmp_path)

    assert (tmp_path / "first-100-bytes.csv").read_bytes() == DATA[:100]
    assert (tmp_path / "last-50-bytes.csv").read_bytes() == DATA[-50:]
    assert (tmp_path / "data.csv").read_bytes() == DATA


@LIVE
def test_if_none_match_example_prints_304(url, tmp_path):
    script = next(block for block in blocks("sh") if "If-None-Match" in block)

    assert run_shell(script, url, tmp_path).strip() == "304"


@LIVE
def test_python_example_downloads_resumes_and_checks(url, tmp_path):
    namespace: dict = {}
    exec(blocks("python")[0], namespace)
    download = namespace["download"]
    target = tmp_path / "data.csv"

    assert download(url, str(target)) == hashlib.sha256(DATA).hexdigest()
    assert target.read_bytes() == DATA

    target.write_bytes(DATA[:100])  # interrupted: resumed from byte 100
    download(url, str(target))
    assert target.read_bytes() == DATA

    target.write_bytes(b"X" * 100)  # damaged on the way: detected
    with pytest.raises(ValueError, match="damaged"):
        download(url, str(target))


def _quoted(text: str, starts: str) -> str:
    """The block quote beginning with ``starts``, as plain text (no "> ", no *italics*)."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("> " + starts):
            inside = True
        if inside and not line.startswith(">"):
            break
        if inside:
            lines.append(line.removeprefix(">").strip())
    return " ".join(lines).replace("*", "")


@pytest.mark.parametrize(
    ("language", "starts", "path"),
    [
        ("en", "Ministry", "/en/dataset/ho-so-truc-tuyen-2024/"),
        ("vi", "Bộ Khoa học", "/dataset/ho-so-truc-tuyen-2024/"),
    ],
)
def test_citations_in_the_doc_are_the_sites(dataset, language, starts, path):
    dataset.last_published_at = datetime.datetime(2025, 6, 30, tzinfo=datetime.UTC)
    with translation.override(language):
        citation = cite(dataset, "https://dulieu.example.gov.vn" + path, datetime.date(2025, 7, 1))

    assert citation.apa.replace("*", "") == _quoted(DOC.read_text(), starts)
    if language == "en":
        assert citation.bibtex == blocks("bibtex")[0].strip()
