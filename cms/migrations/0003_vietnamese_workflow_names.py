"""The review workflow and its task carry Vietnamese names: the admin, its history and the
notification e-mails show them to editors who read Vietnamese first."""

from django.db import migrations

NAMES = {
    "workflow": ("Review and publish", "Duyệt và xuất bản"),
    "task": ("Approval", "Phê duyệt"),
}


def rename(apps, forwards: bool) -> None:
    for key, model in (("workflow", "Workflow"), ("task", "Task")):
        english, vietnamese = NAMES[key]
        old, new = (english, vietnamese) if forwards else (vietnamese, english)
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_vietnamese(apps, schema_editor) -> None:
    rename(apps, forwards=True)


def to_english(apps, schema_editor) -> None:
    rename(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_editorial_workflow"),
        # It finds the workflow by its English name: it runs first.
        ("opendata", "0002_reference_data_and_workflow"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
