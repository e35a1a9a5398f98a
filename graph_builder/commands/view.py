"""``policykg view [EXPORTS_DIR] -o FILE.html [--ego NAME]``: an interactive page that works offline.

Exit codes: 0 written; 1 ``--ego`` names no unit or leader; 2 no dataset export; 3 usage.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from graph_builder.errors import EXIT_DATA, EXIT_INPUT, EXIT_OK

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exports", nargs="?", type=Path, default=Path("exports"), metavar="EXPORTS_DIR",
                        help="folder of `policykg build` (default: exports/)")
    parser.add_argument("-o", "--output", type=Path, default=Path("view.html"), metavar="FILE.html",
                        help="the page to write (default: view.html)")
    parser.add_argument("--ego", metavar="NAME", help="show one unit or leader, its tasks and who shares them")
    parser.add_argument("--notice", metavar="KEY", action="append",
                        help="only this notice (file stem, e.g. yanzhou-2023; repeatable)")
    parser.add_argument("--exclude-collective", action="store_true",
                        help="leave collective units and leaders (各镇街 …) out")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def run(args: argparse.Namespace) -> int:
    from graph_builder.analysis.data import dataset_source, load_corpus, open_dataset
    from graph_builder.store.export import atomic_write
    from graph_builder.views.network import EgoNotFound, network_page

    started = time.perf_counter()
    source = dataset_source(args.exports)
    try:
        store = open_dataset(args.exports)
    except FileNotFoundError as exc:
        print(f"policykg view: {exc}", file=sys.stderr)
        return EXIT_INPUT
    corpus = load_corpus(store)
    gc.freeze()  # the corpus lives as long as the command: the collector need not walk it again
    read = time.perf_counter()
    if args.notice:
        chosen = []
        for name in args.notice:
            iri = corpus.find_notice(name)
            if iri is None:
                known = ", ".join(sorted(n.key for n in corpus.notices.values()))
                print(f"policykg view: [E404] no notice {name!r} in {args.exports} — one of: {known}",
                      file=sys.stderr)
                return EXIT_DATA
            chosen.append(iri)
        corpus = corpus.for_notices(chosen)
    try:
        page = network_page(corpus, ego=args.ego, include_collective=not args.exclude_collective)
    except EgoNotFound as exc:
        print(f"policykg view: {exc}", file=sys.stderr)
        return EXIT_DATA
    atomic_write(args.output, page.html.encode("utf-8"))
    done = time.perf_counter()
    print(f"policykg view: {page.nodes} nodes, {page.edges} edges, {len(page.html) / 1e6:.2f} MB → {args.output} "
          f"({done - started:.1f} s: read {read - started:.1f} s from the {source[0] if source else 'dump'}, "
          f"page {done - read:.1f} s)" + (f"\n  {page.note}" if page.note else ""))
    return EXIT_OK
