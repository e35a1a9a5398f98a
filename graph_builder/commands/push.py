"""``policykg push --endpoint URL [--graph-store URL]``: load the dataset into a SPARQL 1.1 store.

Named graphs are kept; batches are recorded in EXPORTS_DIR/.push/ so that a rerun resumes.
Exit codes: 0 pushed (and, with --verify, the counts match); 1 the store refused a batch or
could not be reached (rerun to resume), or the counts differ; 2 no dataset; 3 usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from graph_builder.errors import EXIT_DATA, EXIT_INPUT, EXIT_OK, EXIT_USAGE

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=Path("exports"), metavar="EXPORTS_DIR",
                        help="the folder `policykg build` wrote (default: exports/)")
    parser.add_argument("--endpoint", metavar="URL",
                        help="SPARQL 1.1 Update endpoint (e.g. http://127.0.0.1:7878/update for oxigraph)")
    parser.add_argument("--graph-store", metavar="URL",
                        help="Graph Store HTTP Protocol endpoint (e.g. http://127.0.0.1:7878/store); "
                             "used instead of Update when given")
    parser.add_argument("--verify", metavar="QUERY_URL",
                        help="SPARQL query endpoint to compare triples per named graph after the push")
    parser.add_argument("--batch-size", type=int, default=20000, help="triples per request (default 20000)")
    parser.add_argument("--user", help="user name (password from the environment variable POLICYKG_PUSH_PASSWORD)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request (default 120)")
    parser.add_argument("--restart", action="store_true", help="forget the recorded progress and send everything")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def run(args: argparse.Namespace) -> int:
    from graph_builder.store.oxstore import StoreError
    from graph_builder.store.push import PushError, local_counts, push, remote_counts

    if not args.endpoint and not args.graph_store:
        print("policykg push: [E502] give --endpoint URL (SPARQL Update) or --graph-store URL "
              "(Graph Store Protocol)", file=sys.stderr)
        return EXIT_USAGE
    if args.batch_size < 1:
        print("policykg push: [E502] --batch-size must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    password = os.environ.get("POLICYKG_PUSH_PASSWORD")

    def progress(graph: str | None, index: int, n: int) -> None:
        print(f"  {graph or '(default graph)'} batch {index}: {n} triples", file=sys.stderr)

    try:
        result = push(args.data, endpoint=args.endpoint, graph_store=args.graph_store, batch_size=args.batch_size,
                      user=args.user, password=password, timeout=args.timeout, restart=args.restart,
                      progress=progress)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    except PushError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATA
    print(f"policykg push: {result.batches_sent} batches ({result.triples_sent} triples) sent, "
          f"{result.batches_skipped} already done, {len(result.graphs)} graphs, {result.seconds:.1f} s",
          file=sys.stderr)
    if args.verify:
        try:
            remote = remote_counts(args.verify, user=args.user, password=password, timeout=args.timeout)
        except PushError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_DATA
        local = local_counts(args.data)
        wrong = {g: (n, remote.get(g, 0)) for g, n in local.items() if remote.get(g, 0) != n}
        for g, (n, m) in sorted(wrong.items()):
            print(f"{g}: [E503] {n} triples in the dataset, {m} in the store — rerun with --restart",
                  file=sys.stderr)
        if wrong:
            return EXIT_DATA
        print(f"policykg push: verified, {len(local)} graphs with the same triple counts", file=sys.stderr)
    return EXIT_OK
