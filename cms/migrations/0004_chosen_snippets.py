"""Topics and legal documents are chosen for a page as ordered child objects (with a chooser
that searches), no longer as many-to-many fields (a multi-select box).

The links move over in the order they were made, which is the order the GraphQL API listed
them in. Revisions and wagtail-localize's frozen sources hold the old fields too (a draft in
review, a translation still to be updated): their content is rewritten, so that publishing
or translating them keeps the topics and documents.
"""

import json

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

# (page model, old many-to-many field, its column in the old through table, new child
# relation, the child's model, the child's field for the chosen snippet)
RELATIONS = [
    ("newspage", "topics", "topic", "topic_links", "newspagetopic", "topic"),
    (
        "newspage",
        "legal_documents",
        "legaldocument",
        "legal_document_links",
        "newspagelegaldocument",
        "legal_document",
    ),
    (
        "procedurepage",
        "legal_basis",
        "legaldocument",
        "legal_basis_links",
        "procedurepagelegaldocument",
        "legal_document",
    ),
]


def links_from_ids(page_id: int, ids: list, chosen: str) -> list[dict]:
    return [{"pk": None, "sort_order": n, "page": page_id, chosen: pk} for n, pk in enumerate(ids)]


def ids_from_links(links: list[dict], chosen: str) -> list:
    links = sorted(links, key=lambda link: (link.get("sort_order") is None, link.get("sort_order")))
    return [link[chosen] for link in links if link.get(chosen) is not None]


def rewrite(content: dict, page_model: str, forwards: bool) -> bool:
    """Rewrites one serialized page in place; whether anything changed."""
    changed = False
    for model, old, _column, relation, _child, chosen in RELATIONS:
        if model != page_model:
            continue
        if forwards and old in content:
            ids = content.pop(old) or []
            content[relation] = links_from_ids(content.get("pk"), ids, chosen)
            changed = True
        elif not forwards and relation in content:
            content[old] = ids_from_links(content.pop(relation) or [], chosen)
            changed = True
    return changed


def rewrite_stored_content(apps, forwards: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for page_model in ("newspage", "procedurepage"):
        content_type = ContentType.objects.filter(app_label="cms", model=page_model).first()
        if content_type is None:
            continue  # a new database: nothing was stored yet
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            if rewrite(revision.content, page_model, forwards):
                revision.save(update_fields=["content"])
        sources = TranslationSource.objects.filter(specific_content_type=content_type)
        for source in sources.iterator():
            content = json.loads(source.content_json)
            if rewrite(content, page_model, forwards):
                source.content_json = json.dumps(content)
                source.save(update_fields=["content_json"])


def move_links(apps, forwards: bool) -> None:
    for page_model, old, column, _relation, child_model, chosen in RELATIONS:
        Page = apps.get_model("cms", page_model)
        Child = apps.get_model("cms", child_model)
        OldLink = getattr(Page, old).through
        if forwards:
            sort_order: dict[int, int] = {}
            children = []
            for link in OldLink.objects.order_by("pk"):
                page_id = getattr(link, f"{page_model}_id")
                n = sort_order[page_id] = sort_order.get(page_id, -1) + 1
                children.append(
                    Child(
                        page_id=page_id,
                        sort_order=n,
                        **{f"{chosen}_id": getattr(link, f"{column}_id")},
                    )
                )
            Child.objects.bulk_create(children)
        else:
            OldLink.objects.bulk_create(
                OldLink(
                    **{
                        f"{page_model}_id": child.page_id,
                        f"{column}_id": getattr(child, f"{chosen}_id"),
                    }
                )
                for child in Child.objects.order_by("page_id", "sort_order", "pk")
            )


def forwards(apps, schema_editor) -> None:
    move_links(apps, forwards=True)
    rewrite_stored_content(apps, forwards=True)


def backwards(apps, schema_editor) -> None:
    move_links(apps, forwards=False)
    rewrite_stored_content(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_vietnamese_workflow_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewsPageTopic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="topic_links",
                        to="cms.newspage",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cms.topic",
                        verbose_name="topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "topic",
                "verbose_name_plural": "topics",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("page", "topic"), name="cms_news_topic_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="NewsPageLegalDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "legal_document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cms.legaldocument",
                        verbose_name="legal document",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="legal_document_links",
                        to="cms.newspage",
                    ),
                ),
            ],
            options={
                "verbose_name": "related legal document",
                "verbose_name_plural": "related legal documents",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "legal_document"), name="cms_news_legal_document_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProcedurePageLegalDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "legal_document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cms.legaldocument",
                        verbose_name="legal document",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="legal_basis_links",
                        to="cms.procedurepage",
                    ),
                ),
            ],
            options={
                "verbose_name": "legal basis",
                "verbose_name_plural": "legal basis",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "legal_document"), name="cms_procedure_legal_basis_once"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
        # Django cannot give an existing many-to-many field a through model: the old fields
        # (and their tables) go, the new ones read the child objects' table.
        migrations.RemoveField(model_name="newspage", name="topics"),
        migrations.RemoveField(model_name="newspage", name="legal_documents"),
        migrations.RemoveField(model_name="procedurepage", name="legal_basis"),
        migrations.AddField(
            model_name="newspage",
            name="topics",
            field=models.ManyToManyField(
                blank=True,
                related_name="news",
                through="cms.NewsPageTopic",
                to="cms.topic",
                verbose_name="topics",
            ),
        ),
        migrations.AddField(
            model_name="newspage",
            name="legal_documents",
            field=models.ManyToManyField(
                blank=True,
                related_name="news",
                through="cms.NewsPageLegalDocument",
                to="cms.legaldocument",
                verbose_name="related legal documents",
            ),
        ),
        migrations.AddField(
            model_name="procedurepage",
            name="legal_basis",
            field=models.ManyToManyField(
                blank=True,
                related_name="procedures",
                through="cms.ProcedurePageLegalDocument",
                to="cms.legaldocument",
                verbose_name="legal basis",
            ),
        ),
    ]
