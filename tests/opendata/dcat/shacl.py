"""SEMIC's official DCAT-AP SHACL shapes (tests/fixtures/dcat-ap-shacl) run with pyshacl."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

SHAPES = Path(__file__).resolve().parents[2] / "fixtures" / "dcat-ap-shacl"

DCAT_AP_3 = (
    "dcat-ap_3.0.1_full_SHACL.ttl",
    "dcat-ap_3.0.1_shapes.ttl",
    "dcat-ap_3.0.1_range.ttl",
)
DCAT_AP_3_RECOMMENDED = "dcat-ap_3.0.1_shapes_recommended.ttl"
DCAT_AP_2 = ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl")


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str
    shape: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@cache
def shapes(name: str) -> Graph:
    return Graph().parse(SHAPES / name, format="turtle")


def check(data: Graph, name: str) -> list[Result]:
    """Every result of validating ``data`` against the shapes file ``name``, as SHACL says
    (no inference: a harvester sees only what the graph states)."""
    _conforms, report, _text = validate(
        data, shacl_graph=shapes(name), inference="none", allow_warnings=True
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        results.append(
            Result(
                severity=str(severity).rsplit("#", 1)[-1],
                focus=str(report.value(node, SH.focusNode)),
                path=str(report.value(node, SH.resultPath)),
                message=str(report.value(node, SH.resultMessage)),
                shape=str(report.value(node, SH.sourceShape)),
            )
        )
    return sorted(results, key=lambda r: (r.severity, r.focus, r.path, r.message))


def violations(results: list[Result]) -> list[Result]:
    return [r for r in results if r.severity == "Violation"]


def warnings(results: list[Result]) -> list[Result]:
    return [r for r in results if r.severity == "Warning"]


def is_sha1_rule(result: Result) -> bool:
    """DCAT-AP 2.1.1's rule that a checksum's algorithm is SHA-1, the one it knows."""
    return result.path == str(URIRef("http://spdx.org/rdf/terms#algorithm"))
