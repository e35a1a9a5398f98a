"""``policykg docs``: generate ``docs/ontology.html`` from ``ontology/policykg.ttl``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph_builder.errors import EXIT_OK

__all__ = ["configure", "run", "DEFAULT_OUTPUT"]

DEFAULT_OUTPUT = Path("docs") / "ontology.html"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"HTML file to write (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def run(args: argparse.Namespace) -> int:
    from graph_builder.rdf.docs import write_html

    path = write_html(args.output)
    print(f"policykg docs: wrote {path}", file=sys.stderr)
    return EXIT_OK
