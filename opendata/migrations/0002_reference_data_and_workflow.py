"""The licence register, the 34 province-level units, and datasets in the review workflow.

Datasets follow the same "Review and publish" workflow as pages: editors create, edit and
submit them; approvers publish, withdraw and lock them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LICENCES = [
    # id, Vietnamese name, English name, URL, CKAN id, open
    (
        "CC-BY-4.0",
        "Creative Commons Ghi công 4.0",
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "cc-by",
        True,
    ),
    (
        "CC0-1.0",
        "Creative Commons CC0 (dành cho công chúng)",
        "Creative Commons CC0 (public domain dedication)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "cc-zero",
        True,
    ),
    (
        "ODC-By-1.0",
        "Giấy phép Ghi công Open Data Commons",
        "Open Data Commons Attribution License",
        "https://opendatacommons.org/licenses/by/1-0/",
        "odc-by",
        True,
    ),
    (
        "ODbL-1.0",
        "Giấy phép Cơ sở dữ liệu mở Open Data Commons (ODbL)",
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
        "odc-odbl",
        True,
    ),
    ("other", "Giấy phép khác", "Other licence", "", "other-closed", False),
]

# Province-level units after Resolution 202/2025/QH15 (in force 1 July 2025), by GSO code.
PROVINCES = [
    ("01", "Thành phố Hà Nội", "Ha Noi City"),
    ("04", "Tỉnh Cao Bằng", "Cao Bang Province"),
    ("08", "Tỉnh Tuyên Quang", "Tuyen Quang Province"),
    ("11", "Tỉnh Điện Biên", "Dien Bien Province"),
    ("12", "Tỉnh Lai Châu", "Lai Chau Province"),
    ("14", "Tỉnh Sơn La", "Son La Province"),
    ("15", "Tỉnh Lào Cai", "Lao Cai Province"),
    ("19", "Tỉnh Thái Nguyên", "Thai Nguyen Province"),
    ("20", "Tỉnh Lạng Sơn", "Lang Son Province"),
    ("22", "Tỉnh Quảng Ninh", "Quang Ninh Province"),
    ("24", "Tỉnh Bắc Ninh", "Bac Ninh Province"),
    ("25", "Tỉnh Phú Thọ", "Phu Tho Province"),
    ("31", "Thành phố Hải Phòng", "Hai Phong City"),
    ("33", "Tỉnh Hưng Yên", "Hung Yen Province"),
    ("37", "Tỉnh Ninh Bình", "Ninh Binh Province"),
    ("38", "Tỉnh Thanh Hóa", "Thanh Hoa Province"),
    ("40", "Tỉnh Nghệ An", "Nghe An Province"),
    ("42", "Tỉnh Hà Tĩnh", "Ha Tinh Province"),
    ("44", "Tỉnh Quảng Trị", "Quang Tri Province"),
    ("46", "Thành phố Huế", "Hue City"),
    ("48", "Thành phố Đà Nẵng", "Da Nang City"),
    ("51", "Tỉnh Quảng Ngãi", "Quang Ngai Province"),
    ("52", "Tỉnh Gia Lai", "Gia Lai Province"),
    ("56", "Tỉnh Khánh Hòa", "Khanh Hoa Province"),
    ("66", "Tỉnh Đắk Lắk", "Dak Lak Province"),
    ("68", "Tỉnh Lâm Đồng", "Lam Dong Province"),
    ("75", "Tỉnh Đồng Nai", "Dong Nai Province"),
    ("79", "Thành phố Hồ Chí Minh", "Ho Chi Minh City"),
    ("80", "Tỉnh Tây Ninh", "Tay Ninh Province"),
    ("82", "Tỉnh Đồng Tháp", "Dong Thap Province"),
    ("86", "Tỉnh Vĩnh Long", "Vinh Long Province"),
    ("91", "Tỉnh An Giang", "An Giang Province"),
    ("92", "Thành phố Cần Thơ", "Can Tho City"),
    ("96", "Tỉnh Cà Mau", "Ca Mau Province"),
]

WORKFLOW = "Review and publish"
REFERENCE_MODELS = ["licence", "theme", "province"]


def create_reference_data(apps, schema_editor):
    Licence = apps.get_model("opendata", "Licence")
    Province = apps.get_model("opendata", "Province")
    for id_, name, name_en, url, ckan_id, is_open in LICENCES:
        Licence.objects.update_or_create(
            id=id_,
            defaults={
                "name": name,
                "name_en": name_en,
                "url": url,
                "ckan_id": ckan_id,
                "is_open": is_open,
            },
        )
    for code, name, name_en in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


def add_datasets_to_workflow(apps, schema_editor):
    app_config = apps.get_app_config("opendata")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    dataset_type = ContentType.objects.get(app_label="opendata", model="dataset")
    # Wagtail adds these after migrations (post_migrate); the groups need them now.
    for action in ("publish", "lock", "unlock"):
        Permission.objects.get_or_create(
            content_type=dataset_type,
            codename=f"{action}_dataset",
            defaults={"name": f"Can {action} dataset"},
        )

    def permissions(model, actions):
        return [
            Permission.objects.get(content_type__app_label="opendata", codename=f"{a}_{model}")
            for a in actions
        ]

    reference = [p for m in REFERENCE_MODELS for p in permissions(m, ("add", "change", "view"))]
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(*permissions("dataset", ("add", "change", "view")), *reference)
    approvers = Group.objects.filter(name="Approvers").first()
    if approvers is not None:
        approvers.permissions.add(
            *permissions("dataset", ("add", "change", "view", "publish", "lock", "unlock")),
            *reference,
        )
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is not None:
        WorkflowContentType.objects.update_or_create(
            content_type=dataset_type, defaults={"workflow": workflow}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0001_initial"),
        ("cms", "0002_editorial_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_reference_data, migrations.RunPython.noop),
        migrations.RunPython(add_datasets_to_workflow, migrations.RunPython.noop),
    ]
