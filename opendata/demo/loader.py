"""Demo datasets: files under data/files plus files built from the demo content.

Run by ``manage.py load_demo_content`` after the pages; safe to re-run (a dataset whose
name exists is left as it is).
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from cms.models import Agency, NewsPage, ProcedurePage
from opendata.demo.generated import FILES, GENERATORS
from opendata.ingest.tasks import ingest_data_file
from opendata.models import DataFile, Dataset, Licence, Province, Resource, Theme
from opendata.procedure_register import refresh_procedure_register

DATA = Path(__file__).parent / "data" / "datasets.json"


@dataclass
class DemoDatasetsReport:
    created: int = 0
    skipped: int = 0
    files: int = 0


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _data_file(spec: dict) -> DataFile:
    if "file" in spec:
        filename = spec["file"]
        content = (FILES / filename).read_bytes()
    else:
        filename = spec["filename"]
        content = GENERATORS[spec["generated"]]()
    data_file = DataFile(original_name=filename)
    data_file.file.save(filename, ContentFile(content), save=False)
    data_file.save()
    # A management command, not a request: ingest now, so the demo is complete on return.
    ingest_data_file.call(data_file.pk)
    data_file.refresh_from_db()
    return data_file


def _create(spec: dict, themes: dict[str, Theme], report: DemoDatasetsReport) -> None:
    dataset = Dataset(
        name=spec["name"],
        title=spec["title"],
        title_en=spec.get("title_en", ""),
        description=spec["description"],
        description_en=spec.get("description_en", ""),
        publisher=Agency.objects.get(code=spec["publisher"]),
        maintainer=spec.get("maintainer", ""),
        maintainer_email=spec.get("maintainer_email", ""),
        licence=Licence.objects.get(pk=spec["licence"]),
        frequency=spec.get("frequency", "UNKNOWN"),
        temporal_start=_date(spec.get("temporal_start")),
        temporal_end=_date(spec.get("temporal_end")),
        version=spec.get("version", ""),
        is_private=spec.get("state") == "private",
        live=False,
    )
    dataset.full_clean()
    dataset.save()
    dataset.themes.set([themes[slug] for slug in spec.get("themes", [])])
    dataset.provinces.set(Province.objects.filter(code__in=spec.get("provinces", [])))
    dataset.related_news.set(
        NewsPage.objects.filter(slug__in=spec.get("related_news", []), locale__language_code="vi")
    )
    dataset.related_procedures.set(
        ProcedurePage.objects.filter(
            code__in=spec.get("related_procedures", []), locale__language_code="vi"
        )
    )
    dataset.tags.set(spec.get("tags", []))
    for position, resource in enumerate(spec.get("resources", [])):
        data_file = None if "url" in resource else _data_file(resource)
        report.files += data_file is not None
        Resource.objects.create(
            dataset=dataset,
            sort_order=position,
            name=resource["name"],
            name_en=resource.get("name_en", ""),
            description=resource.get("description", ""),
            data_file=data_file,
            url=resource.get("url", ""),
            format=resource.get("format", ""),
        )
    dataset.save()
    revision = dataset.save_revision(log_action=True)
    if spec.get("state") != "draft":
        revision.publish()
    report.created += 1


@transaction.atomic
def load_demo_datasets() -> DemoDatasetsReport:
    spec = json.loads(DATA.read_text(encoding="utf-8"))
    themes = {}
    for theme in spec["themes"]:
        themes[theme["slug"]], _ = Theme.objects.get_or_create(
            slug=theme["slug"],
            defaults={key: value for key, value in theme.items() if key != "slug"},
        )
    report = DemoDatasetsReport()
    existing = set(Dataset.objects.values_list("name", flat=True))
    for dataset in spec["datasets"]:
        if dataset["name"] in existing:
            report.skipped += 1
        else:
            _create(dataset, themes, report)
    # The register follows the procedures by itself; build it now in case none changed.
    refresh_procedure_register()
    return report
