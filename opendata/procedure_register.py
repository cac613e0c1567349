"""The register of published procedure guides, kept as an open dataset (CSV and JSON).

Rebuilt from the live, public procedure pages whenever one is published, withdrawn,
moved, expires or is deleted, or an agency or sector it names is renamed (see
opendata.signals): the files are replaced in place, so the
resources' URLs stay the same and only their checksum changes.
"""

import csv
import hashlib
import io
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from cms.models import Agency, ProcedurePage
from cms.selectors import visible
from opendata.ingest.tasks import ingest_data_file
from opendata.models import DataFile, Dataset, Licence, Resource

logger = logging.getLogger(__name__)

COLUMNS = [
    "code",
    "name",
    "locale",
    "agency_code",
    "agency_name",
    "sector",
    "applicant_types",
    "service_level",
    "channels",
    "processing_time",
    "processing_time_unit",
    "steps",
    "required_documents",
    "fee_vnd",
    "result",
    "online_service_url",
    "url",
    "last_published_at",
]
CSV_NAME = "thu-tuc-hanh-chinh.csv"
JSON_NAME = "thu-tuc-hanh-chinh.json"


@dataclass(frozen=True)
class RegisterFiles:
    csv: bytes
    json: bytes
    count: int


def register_rows() -> list[dict]:
    pages = (
        visible(ProcedurePage.objects.all())
        .select_related("agency", "sector", "locale")
        .order_by("code", "locale__language_code")
    )
    rows = []
    for page in pages:
        fees = [block.value["amount_vnd"] for block in page.fees]
        rows.append(
            {
                "code": page.code,
                "name": page.title,
                "locale": page.locale.language_code,
                "agency_code": page.agency.code,
                "agency_name": page.agency.localized_name(page.locale.language_code),
                "sector": page.sector.localized_name(page.locale.language_code),
                "applicant_types": "|".join(page.applicant_types),
                "service_level": page.service_level,
                "channels": "|".join(page.channels),
                "processing_time": page.processing_time_value,
                "processing_time_unit": page.processing_time_unit,
                "steps": len(page.steps),
                "required_documents": len(page.required_documents),
                # The total of the listed fees; 0 for a free procedure, empty when none listed.
                "fee_vnd": sum(fees) if fees else None,
                "result": page.result,
                "online_service_url": page.online_service_url,
                "url": page.get_full_url(),
                "last_published_at": page.last_published_at.isoformat()
                if page.last_published_at
                else None,
            }
        )
    return rows


def build_register_files() -> RegisterFiles:
    rows = register_rows()
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # No generation time inside: identical content must give identical bytes, so that a
    # rebuild with nothing changed writes nothing.
    document = {"count": len(rows), "procedures": rows}
    return RegisterFiles(
        csv=text.getvalue().encode(),
        json=json.dumps(document, ensure_ascii=False, indent=1).encode(),
        count=len(rows),
    )


def _publisher() -> Agency | None:
    code = settings.OPENDATA_PROCEDURE_REGISTER_PUBLISHER
    if code:
        return Agency.objects.filter(code=code).first()
    return Agency.objects.filter(parent__isnull=True).order_by("kind", "pk").first()


def _create_register_dataset() -> Dataset | None:
    publisher = _publisher()
    if publisher is None:
        logger.warning("no agency to publish the procedure register; not created")
        return None
    dataset = Dataset(
        name=settings.OPENDATA_PROCEDURE_REGISTER,
        title="Danh mục thủ tục hành chính đã công bố",
        title_en="Register of published administrative procedures",
        description=(
            "Mọi hướng dẫn thủ tục hành chính đang được công bố trên cổng: mã, tên, cơ quan "
            "giải quyết, lĩnh vực, đối tượng, mức độ dịch vụ công trực tuyến, cách thức nộp, "
            "thời hạn giải quyết, lệ phí và đường dẫn. Tự động cập nhật mỗi khi một thủ tục "
            "được xuất bản hoặc gỡ xuống."
        ),
        description_en=(
            "Every administrative procedure guide currently published: code, name, handling "
            "agency, sector, applicants, online service level, channels, processing time, "
            "fees and link. Updated automatically whenever a procedure is published or "
            "withdrawn."
        ),
        publisher=publisher,
        licence=Licence.objects.get(pk="CC-BY-4.0"),
        frequency="UPDATE_CONT",
        live=False,
    )
    dataset.save()
    return dataset


def _replace(data_file: DataFile, content: bytes) -> bool:
    """Store ``content`` as the file's new bytes and re-ingest it; False if they are the same."""
    if data_file.pk and data_file.sha256 == hashlib.sha256(content).hexdigest():
        return False
    old_name = data_file.file.name
    data_file.file.save(data_file.original_name, ContentFile(content), save=False)
    data_file.status = DataFile.Status.PENDING
    data_file.save()
    if old_name and old_name != data_file.file.name:
        data_file.file.storage.delete(old_name)
    # Always called from a task or a command, never a request: ingest in the same go.
    ingest_data_file.call(data_file.pk)
    return True


@transaction.atomic
def refresh_procedure_register() -> Dataset | None:
    """Rewrite the register's files from the published procedures; create it if missing."""
    files = build_register_files()
    dataset = (
        Dataset.objects.select_for_update()
        .filter(name=settings.OPENDATA_PROCEDURE_REGISTER)
        .first()
    )
    created = dataset is None
    if created:
        dataset = _create_register_dataset()
        if dataset is None:
            return None
    resources = {
        resource.data_file.original_name: resource
        for resource in dataset.resources.select_related("data_file")
        if resource.data_file_id
    }
    for position, (filename, content, label, label_en) in enumerate(
        [
            (CSV_NAME, files.csv, "Danh mục thủ tục (CSV)", "Procedure register (CSV)"),
            (JSON_NAME, files.json, "Danh mục thủ tục (JSON)", "Procedure register (JSON)"),
        ]
    ):
        resource = resources.get(filename)
        if resource is None:
            data_file = DataFile(original_name=filename)
            _replace(data_file, content)
            Resource.objects.create(
                dataset=dataset,
                sort_order=position,
                name=label,
                name_en=label_en,
                data_file=data_file,
            )
        else:
            _replace(resource.data_file, content)
    if created:
        # A revision that holds the resources, published: the register is public at once.
        dataset.save_revision(log_action=True).publish()
    logger.info("procedure register rebuilt: %d procedures", files.count)
    return dataset


@task()
def refresh_procedure_register_task() -> None:
    refresh_procedure_register()


# Set on the (thread's own) database connection while a rebuild is wanted and not yet
# enqueued: loading 40 procedures in one transaction then rebuilds the register once.
PENDING = "_minhbach_procedure_register_pending"


def _enqueue_once() -> None:
    connection = transaction.get_connection()
    if getattr(connection, PENDING, False):
        setattr(connection, PENDING, False)
        refresh_procedure_register_task.enqueue()


def schedule_refresh() -> None:
    """Rebuild the register once the current transaction commits (never inline).

    Every call adds a commit hook, and the first hook to run after the commit enqueues the
    one rebuild (it reads everything the transaction wrote); the others find nothing to do.
    Keeping the hooks, rather than adding one only when none is pending, stays right when
    a savepoint that held the first hook is rolled back.
    """
    setattr(transaction.get_connection(), PENDING, True)
    transaction.on_commit(_enqueue_once)
