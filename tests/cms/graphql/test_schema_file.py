"""The committed SDL (schema.graphql) is the schema the code serves: API changes show in review."""

from pathlib import Path

from django.core.management import call_command

import config.schema

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"
REGENERATE = (
    ".venv/bin/python manage.py graphql_schema --schema config.schema.schema --out schema.graphql"
)


def test_committed_schema_file_is_up_to_date(tmp_path):
    generated = tmp_path / "schema.graphql"
    call_command("graphql_schema", schema="config.schema.schema", out=str(generated))
    assert generated.read_text() == str(config.schema.schema)
    assert SCHEMA_FILE.exists(), f"schema.graphql is missing; create it with:\n  {REGENERATE}"
    assert SCHEMA_FILE.read_text() == generated.read_text(), (
        f"schema.graphql is stale: the GraphQL schema changed. Regenerate it with\n"
        f"  {REGENERATE}\nand commit it with the change."
    )
