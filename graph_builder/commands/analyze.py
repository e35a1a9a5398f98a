"""``policykg analyze [EXPORTS_DIR] -o OUT_DIR``: measures of who carries the responsibility, as CSV, JSON and HTML.

Reads the dataset export of ``EXPORTS_DIR`` (default ``exports/``) into a pyoxigraph
store and queries it; writes one CSV per table, ``analysis.json`` and ``report.html``.
Exit codes: 0 done; 2 no dataset export in EXPORTS_DIR; 3 usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from graph_builder.errors import EXIT_INPUT, EXIT_OK

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exports", nargs="?", type=Path, default=Path("exports"), metavar="EXPORTS_DIR",
                        help="folder of `policykg build` (default: exports/)")
    parser.add_argument("-o", "--output", type=Path, default=Path("analysis"),
                        help="folder for the tables and report.html (default: analysis/)")
    parser.add_argument("--include-collective", action="store_true",
                        help="keep collective units and leaders (各镇街, 各位县长 …) in the networks and rankings "
                             "(default: reported apart)")
    parser.add_argument("--no-per-notice", action="store_true", help="measure the whole corpus only")
    parser.add_argument("--threshold", type=float, default=None,
                        help="similarity at or above which a city task counts as reappearing (default 0.3)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def run(args: argparse.Namespace) -> int:
    from graph_builder.analysis.data import load_corpus, open_dataset
    from graph_builder.analysis.reappearance import THRESHOLD
    from graph_builder.analysis.run import analyze, write_tables
    from graph_builder.store.export import atomic_write
    from graph_builder.views.report import report_html

    started = time.perf_counter()
    try:
        store = open_dataset(args.exports)
    except FileNotFoundError as exc:
        print(f"policykg analyze: {exc}", file=sys.stderr)
        return EXIT_INPUT
    corpus = load_corpus(store)
    result = analyze(corpus, include_collective=args.include_collective, per_notice=not args.no_per_notice,
                     threshold=THRESHOLD if args.threshold is None else args.threshold)
    written = write_tables(result, args.output)
    report = args.output / "report.html"
    atomic_write(report, report_html(result).encode("utf-8"))
    written.append(report)
    print(f"policykg analyze: {len(corpus.notices)} notices, {len(corpus.assignments)} assignments, "
          f"{len(written)} files in {args.output} ({time.perf_counter() - started:.1f} s)")
    for key in ("unit betweenness", "unit communities"):
        if key in result.methods:
            print(f"  {key}: {result.methods[key]}")
    return EXIT_OK
