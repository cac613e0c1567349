"""Search latency on a generated Vietnamese-like corpus: minhbach's embedded backend
against Wagtail's database search backend, in one run.

    .venv/bin/python bench/search_latency.py [--docs 100000] [--queries 300] [--budget 300]

In a throw-away folder (never var/): a SQLite database, migrated, and a corpus of --docs
documents generated from the demo content's own syllables (a bigram chain over its text,
so that "dịch vụ" follows "dịch" as often as in real pages), with agencies, years, types
and document numbers. Each engine indexes the same documents (build time), then answers
the same mixed queries (one to four words, with and without diacritics, a phrase, a word
still being typed, a document number; half with a filter; all with the type, agency and
year facets). Reports build time, p50/p95/max latency and the ratio to the first engine. Shared,
noisy machines: the engines are measured in alternation, query by query; an engine past
its --budget of query time is left out of the remaining queries (the table says how many
it answered). No warm-up round: a query of Wagtail's backend on 100,000 documents takes
minutes, and 300 queries make the first, cold one irrelevant to p50/p95 of the others.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import ROOT, environment, setup_django

DEMO = ROOT / "cms" / "demo" / "data"
EMBEDDED, WAGTAIL = "minhbach embedded", "Wagtail database"
AGENCIES = [f"AG{number:02d}" for number in range(40)]
SECTORS = [f"linh-vuc-{number}" for number in range(25)]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the corpus")
    parser.add_argument("--queries", type=int, default=300, help="queries per engine")
    parser.add_argument(
        "--engines",
        default="embedded,wagtail",
        help="comma-separated: embedded, wagtail (the first is the reference)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="seconds of query time per engine; a slower engine is measured on fewer queries",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not 100 <= args.docs <= 1_000_000:
        parser.error("--docs must be between 100 and 1,000,000")
    if not 10 <= args.queries <= 10_000:
        parser.error("--queries must be between 10 and 10,000")
    return args


def setup(directory: Path) -> None:
    setup_django(environment(directory))
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


# ---------------------------------------------------------------------------- corpus


class Chain:
    """Syllable bigrams of the demo text: generated prose with the demo's word pairs."""

    def __init__(self, rng: random.Random) -> None:
        from core import text

        self.rng = rng
        self.next: dict[str, list[str]] = defaultdict(list)
        self.words: list[str] = []
        self.numbers: list[str] = []
        for name in ("news.jsonl", "procedures.jsonl"):
            for line in (DEMO / name).read_text(encoding="utf-8").splitlines():
                if not line.startswith("{"):
                    continue
                record = json.loads(line)
                if record.get("locale") != "vi":
                    continue
                self.numbers += record.get("legal_documents", []) + record.get("legal_basis", [])
                words = text.tokens(json.dumps(record, ensure_ascii=False), folded=False)
                words = [word for word in words if word.isalpha() and len(word) < 12]
                self.words += words
                for first, second in itertools.pairwise(words):
                    self.next[first].append(second)

    def sentence(self, length: int) -> str:
        word = self.rng.choice(self.words)
        out = [word]
        for _ in range(length - 1):
            followers = self.next.get(word)
            word = (
                self.rng.choice(followers)
                if followers and self.rng.random() < 0.85
                else (self.rng.choice(self.words))
            )
            out.append(word)
        return " ".join(out).capitalize()


def corpus(count: int, rng: random.Random):
    from search.documents import Document, FacetTerm

    chain = Chain(rng)
    for number in range(count):
        kind = "news" if number % 3 else "procedure"
        year = str(2015 + number % 11)
        agency = rng.choice(AGENCIES)
        facets = {"agency": [FacetTerm(agency, agency)], "year": [FacetTerm(year, year)]}
        if kind == "procedure":
            facets["sector"] = [FacetTerm(s := rng.choice(SECTORS), s)]
        yield Document(
            type=kind,
            id=str(number + 1),
            locale="vi" if number % 10 else "en",
            title=chain.sentence(rng.randint(5, 12)),
            summary=chain.sentence(rng.randint(20, 35)),
            body=" ".join(
                chain.sentence(rng.randint(10, 20)) + "." for _ in range(rng.randint(4, 9))
            ),
            document_numbers=[rng.choice(chain.numbers)] if rng.random() < 0.3 else [],
            codes=[f"{1 + number % 2}.{number:06d}"] if kind == "procedure" else [],
            facets=facets,
            date=datetime(int(year), 1 + number % 12, 1 + number % 28, tzinfo=UTC),
        )


def query_mix(count: int, rng: random.Random) -> list[tuple[str, dict[str, list[str]]]]:
    from core import text

    chain = Chain(rng)
    queries = []
    for index in range(count):
        shape = index % 8
        words = chain.sentence(rng.randint(1, 4)).split()
        if shape == 0:
            q = text.fold(" ".join(words))  # typed without diacritics
        elif shape == 1:
            q = f'"{" ".join(words[:3])}"'  # a phrase
        elif shape == 2:
            q = " ".join(words)[: max(3, len(" ".join(words)) - 2)]  # still typing
        elif shape == 3:
            q = rng.choice(chain.numbers)  # a document number
        else:
            q = " ".join(words)
        filters = {"agency": [rng.choice(AGENCIES)]} if index % 2 else {}
        queries.append((q, filters))
    return queries


# ---------------------------------------------------------------------------- engines


class EmbeddedEngine:
    def __init__(self, name: str, backend_path: str, directory: Path) -> None:
        from django.utils.module_loading import import_string

        self.name = name
        self.backend = import_string(backend_path)({"PATH": directory})

    def build(self, documents) -> None:
        self.backend.rebuild(documents)

    def search(self, q: str, filters: dict[str, list[str]]) -> int:
        from search import service
        from search.query import SearchQuery

        query = SearchQuery(
            text=q, locale="vi", filters=filters, facets=["type", "agency", "year"], limit=10
        )
        return service.search(query, self.backend).total


class WagtailEngine:
    """Wagtail's own database backend (modelsearch) on a model with the same fields."""

    name = WAGTAIL

    def __init__(self) -> None:
        from django.db import connection, models
        from modelsearch import index
        from modelsearch.backends import get_search_backend

        class BenchDocument(index.Indexed, models.Model):
            kind = models.CharField(max_length=16)
            locale = models.CharField(max_length=8)
            agency = models.CharField(max_length=16)
            year = models.CharField(max_length=4)
            title = models.CharField(max_length=500)
            summary = models.TextField()
            body = models.TextField()
            date = models.DateTimeField()

            search_fields = [
                index.SearchField("title", boost=10),
                index.SearchField("summary", boost=4),
                index.SearchField("body"),
                index.FilterField("kind"),
                index.FilterField("locale"),
                index.FilterField("agency"),
                index.FilterField("year"),
            ]

            class Meta:
                app_label = "search"  # a benchmark table only, created below, no migration

            def __str__(self) -> str:
                return self.title

        with connection.schema_editor() as editor:
            editor.create_model(BenchDocument)
        self.model = BenchDocument
        self.backend = get_search_backend("default")

    def build(self, documents) -> None:
        batch = []
        for document in documents:
            batch.append(
                self.model(
                    id=int(document.id),
                    kind=document.type,
                    locale=document.locale,
                    agency=document.facets["agency"][0].value,
                    year=document.facets["year"][0].value,
                    title=document.title,
                    summary=document.summary,
                    body=f"{document.body} {' '.join(document.document_numbers)}",
                    date=document.date,
                )
            )
        self.model.objects.bulk_create(batch, batch_size=1000)
        index = self.backend.get_index_for_model(self.model)
        objects = list(self.model.objects.all())
        for start in range(0, len(objects), 1000):
            index.add_items(self.model, objects[start : start + 1000])

    def search(self, q: str, filters: dict[str, list[str]]) -> int:
        queryset = self.model.objects.filter(locale="vi")
        if filters:
            queryset = queryset.filter(agency__in=filters["agency"])
        results = self.backend.search(q, queryset)
        list(results[:10])
        for field in ("kind", "agency", "year"):
            results.facet(field)
        return results.count()


# ---------------------------------------------------------------------------- run


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="minhbach-search-latency-") as folder:
        directory = Path(folder)
        setup(directory)
        engines = []
        for name in args.engines.split(","):
            if name == "embedded":
                path = "search.backends.embedded.EmbeddedSearchBackend"
                engines.append(EmbeddedEngine(EMBEDDED, path, directory / "embedded"))
            elif name == "wagtail":
                engines.append(WagtailEngine())
        builds: dict[str, float] = {}
        for engine in engines:
            print(f"indexing {args.docs} documents with {engine.name} ...", flush=True)
            started = time.perf_counter()
            engine.build(corpus(args.docs, random.Random(args.seed)))
            builds[engine.name] = time.perf_counter() - started
        queries = query_mix(args.queries, random.Random(args.seed + 1))
        latencies: dict[str, list[float]] = {engine.name: [] for engine in engines}
        totals: dict[str, list[int]] = {engine.name: [] for engine in engines}
        print(f"running {len(queries)} queries on each engine ...", flush=True)
        for position, (q, filters) in enumerate(queries):
            order = engines if position % 2 == 0 else engines[::-1]
            for engine in order:
                if sum(latencies[engine.name]) > args.budget:
                    continue
                started = time.perf_counter()
                totals[engine.name].append(engine.search(q, filters))
                latencies[engine.name].append(time.perf_counter() - started)
        reference = engines[0].name
        print()
        print(f"{args.docs} documents, {len(queries)} queries (with type/agency/year facets)")
        header = f"{'engine':<24} {'build s':>8} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8}"
        print(f"{header} {'max ms':>8} {'p95 ratio':>10} {'hits/query':>11}")
        reference_p95 = percentile(latencies[reference], 0.95)
        for engine in engines:
            values = latencies[engine.name]
            p95 = percentile(values, 0.95)
            print(
                f"{engine.name:<24} {builds[engine.name]:>8.1f} {len(values):>8} "
                f"{percentile(values, 0.5):>8.1f} {p95:>8.1f} {max(values) * 1000:>8.1f} "
                f"{p95 / reference_p95:>9.2f}x "
                f"{statistics.mean(totals[engine.name]):>11.0f}"
            )
        print(f"(ratio: p95 of the engine / p95 of {reference})")


if __name__ == "__main__":
    main()
