from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from cms.importing import import_records, parse_jsonl


class Command(BaseCommand):
    help = (
        "Import news, procedures and reference data from a JSON Lines file "
        "(see docs/import-format.md). Writes nothing if any record is invalid, "
        "unless --skip-invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .jsonl file, UTF-8")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid records and report the invalid ones",
        )
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")

    def handle(self, *args, file: Path, skip_invalid: bool, dry_run: bool, **options) -> None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        # Messages in one language, the one docs/import-format.md is written in: the
        # importer's own and Django's validation messages would otherwise mix two.
        with translation.override("en"):
            report = import_records(parse_jsonl(text), skip_invalid=skip_invalid, dry_run=dry_run)
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        if report.errors and not skip_invalid:
            raise CommandError(
                f"{len(report.errors)} error(s) in {file}; nothing was imported. "
                "Fix them, or use --skip-invalid to import the valid records."
            )
        if dry_run:
            self.stdout.write(self.style.WARNING("dry run: nothing was written"))
        elif report.written:
            for (kind, action), count in sorted(report.actions.items()):
                self.stdout.write(f"{kind}: {count} {action}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{report.created} created, {report.updated} updated, "
                    f"{report.skipped} skipped, {len(report.errors)} invalid"
                )
            )
