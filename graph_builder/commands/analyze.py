"""``policykg analyze [EXPORTS_DIR] -o OUT_DIR``: measures of who carries the responsibility, as CSV, JSON and HTML.

Reads the graph of ``EXPORTS_DIR`` (default ``exports/``) — the build's embedded store,
read-only, or when it is missing or older than the dump the dump parsed into memory — and
queries it; writes one CSV per table, ``analysis.json`` and ``report.html``.
Exit codes: 0 done; 2 no dataset export in EXPORTS_DIR; 3 usage.
"""

from __future__ import annotations

import argparse
import gc
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
    parser.add_argument("--all-pairs", action="store_true",
                        help="compare every earlier/later pair of notices of a jurisdiction and every city notice of "
                             "a year with the county notices below it (default: each notice with the previous one "
                             "of its jurisdiction, each county notice with the latest city notice of its year)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="similarity at or above which a city task counts as reappearing (default 0.3)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def run(args: argparse.Namespace) -> int:
    from graph_builder.analysis.data import dataset_source, load_corpus, open_dataset
    from graph_builder.analysis.reappearance import THRESHOLD
    from graph_builder.analysis.run import analyze, write_tables
    from graph_builder.store.export import atomic_write
    from graph_builder.views.report import report_html

    started = time.perf_counter()
    source = dataset_source(args.exports)
    try:
        store = open_dataset(args.exports)
    except FileNotFoundError as exc:
        print(f"policykg analyze: {exc}", file=sys.stderr)
        return EXIT_INPUT
    corpus = load_corpus(store)
    gc.freeze()  # the corpus lives as long as the command: the collector need not walk it again
    read = time.perf_counter()
    result = analyze(corpus, include_collective=args.include_collective, per_notice=not args.no_per_notice,
                     threshold=THRESHOLD if args.threshold is None else args.threshold, all_pairs=args.all_pairs)
    measured = time.perf_counter()
    written = write_tables(result, args.output)
    report = args.output / "report.html"
    atomic_write(report, report_html(result).encode("utf-8"))
    written.append(report)
    done = time.perf_counter()
    print(f"policykg analyze: {len(corpus.notices)} notices, {len(corpus.assignments)} assignments, "
          f"{len(written)} files in {args.output} ({done - started:.1f} s: read {read - started:.1f} s from the "
          f"{source[0] if source else 'dump'}, measures {measured - read:.1f} s, "
          f"tables and report {done - measured:.1f} s)")
    for key in ("unit betweenness", "unit communities"):
        if key in result.methods:
            print(f"  {key}: {result.methods[key]}")
    return EXIT_OK
