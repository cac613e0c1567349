"""Parse DCAT with ckanext-dcat's own RDFParser and print the CKAN datasets it makes.

Runs in the local CKAN's venv (devtools/ckan/local_ckan.py), not in the project's:

    <ckan venv>/bin/python ckanext_dcat_parse.py euro_dcat_ap_3 < catalog.ttl

Turtle on standard input, the ckanext-dcat profile as the argument; standard output is a
JSON object: ckanext-dcat's ``version`` and the ``datasets`` it made, as a harvester would
pass them to package_create. Exit status 3 means ckanext-dcat is not installed there.
"""

import json
import sys
from importlib.metadata import version

try:
    from ckanext.dcat.processors import RDFParser
except ImportError as missing:
    print(f"ckanext-dcat is not installed: {missing}", file=sys.stderr)
    sys.exit(3)


def main() -> None:
    parser = RDFParser(profiles=[sys.argv[1]])
    parser.parse(sys.stdin.read(), _format="turtle")
    datasets = list(parser.datasets())
    output = {"version": version("ckanext-dcat"), "datasets": datasets}
    json.dump(output, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
