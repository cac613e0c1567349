"""Search quality on the labelled query set: minhbach's embedded search against Wagtail's
own database search backend on the same pages, in one run.

    .venv/bin/python bench/search_quality.py [--engines embedded,wagtail] [--misses]

In a throw-away folder (never var/): a SQLite database, migrated, with the demo content.
Each engine indexes the demo's visible news and procedure guides; every query of
tests/search/queries.jsonl runs in its locale, and the first ten hits are compared with
the expected ones. Reports recall@10 and MRR@10, overall and split into queries typed
with and without diacritics.

Wagtail's backend searches the same two page types (``Page.objects.type(...)`` in the
query's locale, ``backend.search``); pages the public may not see are dropped from its
answer before the first ten are taken, as a public surface would have to.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import environment, setup_django

EMBEDDED, WAGTAIL = "minhbach embedded", "Wagtail database"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="embedded,wagtail", help="comma-separated")
    parser.add_argument("--misses", action="store_true", help="list the queries each engine misses")
    return parser.parse_args(argv)


def setup(directory: Path) -> None:
    setup_django(environment(directory))
    from django.core.management import call_command

    print("migrating and loading the demo content ...", flush=True)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())


def embedded_runner(backend_path: str, directory: Path):
    from django.utils.module_loading import import_string

    from search import service
    from search.query import SearchQuery

    backend = import_string(backend_path)({"PATH": directory})
    service.rebuild(backend=backend)

    def run(q: str, locale: str) -> list[tuple[str, str]]:
        results = service.search(SearchQuery(text=q, locale=locale, highlight=False), backend)
        return [(hit.type, hit.id) for hit in results.hits]

    return run


def wagtail_runner():
    from django.core.management import call_command
    from modelsearch.backends import get_search_backend
    from wagtail.models import Locale, Page

    from cms.models import NewsPage, ProcedurePage
    from cms.selectors import visible

    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    backend = get_search_backend("default")
    kinds = {NewsPage: "news", ProcedurePage: "procedure"}
    public = {
        (kinds[model], str(pk))
        for model in kinds
        for pk in visible(model.objects.all()).values_list("pk", flat=True)
    }

    locales = dict(Locale.objects.values_list("language_code", "pk"))

    def run(q: str, locale: str) -> list[tuple[str, str]]:
        pages = Page.objects.type(NewsPage, ProcedurePage).filter(locale_id=locales[locale])
        found = []
        for page in backend.search(q, pages)[:50]:
            key = (kinds.get(page.specific_class), str(page.pk))
            if key in public:
                found.append(key)
        return found[:10]

    return run


def on_pages(outcome) -> bool:
    """The query expects news or procedures only (no dataset)."""
    return not any(key.startswith("dataset:") for key in outcome.query.expected)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="minhbach-search-quality-") as folder:
        directory = Path(folder)
        setup(directory)
        from tests.search import labelled

        runners = {}
        for name in args.engines.split(","):
            if name == "embedded":
                path = "search.backends.embedded.EmbeddedSearchBackend"
                runners[EMBEDDED] = embedded_runner(path, directory / "embedded")
            elif name == "wagtail":
                runners[WAGTAIL] = wagtail_runner()
        results = {name: labelled.evaluate(run) for name, run in runners.items()}
        count = len(labelled.load())
        print()
        print(f"{count} labelled queries on the demo content (tests/search/queries.jsonl)")
        print(f"{'engine':<24} {'queries':<30} {'n':>4} {'recall@10':>10} {'MRR@10':>8}")
        for name, outcomes in results.items():
            subsets = {"": outcomes, "pages, ": [o for o in outcomes if on_pages(o)]}
            if name == WAGTAIL:
                # Wagtail's backend searches the pages here (datasets are snippets outside
                # its page search): it is compared on the queries that expect pages.
                del subsets[""]
            for prefix, subset in subsets.items():
                for group, (recall, mrr, n) in labelled.summary(subset).items():
                    label = prefix + group
                    print(f"{name:<24} {label:<30} {n:>4} {recall:>10.3f} {mrr:>8.3f}")
        if args.misses:
            for name, outcomes in results.items():
                print(f"\n{name}: queries not fully answered in the first ten")
                for outcome in outcomes:
                    if outcome.recall < 1:
                        print(f"  {outcome.query.q!r} ({outcome.query.locale})")


if __name__ == "__main__":
    main()
