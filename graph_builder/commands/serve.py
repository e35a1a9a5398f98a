"""``policykg serve [EXPORTS_DIR]``: the SPARQL endpoint and linked-data pages (read-only, 127.0.0.1 by default).

Exit codes: 0 stopped with Ctrl-C; 2 no dataset in EXPORTS_DIR; 3 usage (e.g. the port is taken).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph_builder.errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exports", nargs="?", type=Path, default=Path("exports"), metavar="EXPORTS_DIR",
                        help="the folder `policykg build` wrote (default: exports/)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 exposes it)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds a query may run before its worker is stopped (default 10)")
    parser.add_argument("--max-result-mb", type=float, default=16.0,
                        help="largest result body in MB (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="query worker processes (default 2)")
    parser.add_argument("--base-iri", default=None,
                        help="base IRI of the data whose paths are served (default: void:uriSpace of void.ttl)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def run(args: argparse.Namespace) -> int:
    from graph_builder.serve.app import make_server
    from graph_builder.store.oxstore import StoreError

    try:
        server = make_server(args.exports, host=args.host, port=args.port, timeout=args.timeout,
                             max_bytes=int(args.max_result_mb * 1024 * 1024), workers=args.workers,
                             base_iri=args.base_iri, quiet=args.quiet)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"policykg serve: [E404] cannot listen on {args.host}:{args.port}: {exc.strerror or exc} "
              "— choose another --port", file=sys.stderr)
        return EXIT_USAGE
    host, port = str(server.server_address[0]), int(server.server_address[1])
    print(f"policykg serve: SPARQL endpoint http://{host}:{port}/sparql — entity pages under "
          f"http://{host}:{port}/ for {server.settings.base_iri} (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK
