"""Editors, approvers and the review workflow every news item and procedure goes through.

Editors create, edit and submit; they cannot publish. Approvers approve or reject with a
comment and publish. Wagtail's default "Moderators approval" workflow is replaced by ours
on the root page, so that every page below it (both locales) is moderated.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
APPROVERS = "Approvers"
WORKFLOW = "Review and publish"
TASK = "Approval"

SNIPPET_MODELS = ["agency", "topic", "sector", "legaldocument"]


def ensure_permissions_exist(apps):
    # Permissions are normally created after all migrations ran (post_migrate); the groups
    # below need the ones of this app, images and documents now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups_and_workflow(apps, schema_editor):
    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    approvers = Group.objects.filter(name="Moderators").first()
    if approvers is None:
        approvers, _ = Group.objects.get_or_create(name=APPROVERS)
    else:
        approvers.name = APPROVERS
        approvers.save()

    page_permissions = {
        editors: ["add_page", "change_page"],
        approvers: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    }
    for group, codenames in page_permissions.items():
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        group.permissions.set(
            [
                permission("wagtailadmin", "access_admin"),
                permission("wagtail_localize", "submit_translation"),
            ]
            + [
                permission("cms", f"{action}_{model}")
                for model in SNIPPET_MODELS
                for action in ("add", "change", "view")
            ]
        )
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=root_page, permission=permission("wagtailcore", codename)
            )
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in ("add", "change", "choose"):
                GroupCollectionPermission.objects.create(
                    group=group,
                    collection=root_collection,
                    permission=permission(app_label, f"{action}_{model}"),
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.set([approvers])
    Workflow.objects.filter(name="Moderators approval").update(active=False)
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, migrations.RunPython.noop)]
