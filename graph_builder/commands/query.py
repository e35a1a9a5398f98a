"""``policykg query NAME|FILE.rq``: run a query of the library (``queries/``) or a file on the built dataset.

Exit codes: 0 done; 2 no dataset or store in the exports folder; 3 usage (unknown
query, missing or bad parameter, a query the SPARQL parser refuses).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph_builder.errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                        help="a query of the library (see --list) or a .rq file")
    parser.add_argument("--data", type=Path, default=Path("exports"), metavar="EXPORTS_DIR",
                        help="the folder `policykg build` wrote (default: exports/)")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="a query parameter, e.g. --param unit=区财政局 (repeatable)")
    parser.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                        help="table (default), or the SPARQL results formats csv, tsv, json "
                             "(CONSTRUCT: Turtle, N-Triples, JSON-LD)")
    parser.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph",
                        help="oxigraph: the store in EXPORTS_DIR/store (default); rdflib: parse the N-Quads "
                             "export into rdflib (slower, same answers)")
    parser.add_argument("--list", action="store_true", help="list the queries of the library and their parameters")
    parser.add_argument("--readme", action="store_true", help="print queries/README.md (generated from the headers)")
    parser.add_argument("--load", action="store_true",
                        help="(re)load EXPORTS_DIR/store from the dataset export before querying")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def _list() -> int:
    from graph_builder.store.query import list_queries

    for q in list_queries():
        print(f"{q.name}: {q.title}")
        print(f"    {q.question}")
        for p in q.params:
            need = "required" if p.required else (f"default {p.default}" if p.default else "optional")
            print(f"    --param {p.name}=…  ({p.type.value}, {need}) {p.description}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from graph_builder.store import oxstore
    from graph_builder.store.query import OutputFormat, QueryError, find_query, format_results, prepare

    if args.list:
        return _list()
    if args.readme:
        from graph_builder.store.query import library_markdown

        sys.stdout.write(library_markdown())
        return EXIT_OK
    if not args.query:
        print("policykg query: [E402] name a query or a .rq file — `policykg query --list` shows the library",
              file=sys.stderr)
        return EXIT_USAGE
    values: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            print(f"policykg query: [E402] bad --param {item!r} — write --param key=value", file=sys.stderr)
            return EXIT_USAGE
        values[key.strip()] = value
    try:
        text = prepare(find_query(args.query), values)
    except QueryError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    fmt = OutputFormat(args.format)
    try:
        if args.engine == "rdflib":
            return _run_rdflib(args.data, text, fmt)
        if args.load or not oxstore.store_path(args.data).is_dir():
            loaded = oxstore.load_store(args.data)
            print(f"policykg query: loaded {loaded.quads} quads from {loaded.source} into {loaded.path} "
                  f"({loaded.seconds:.1f} s)", file=sys.stderr)
        store = oxstore.open_store(args.data)
    except oxstore.StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    from graph_builder.store.query import run as run_query

    try:
        results = run_query(store, text)
        data = format_results(results, fmt)
    except SyntaxError as exc:
        print(f"{args.query}: [E403] the SPARQL parser refuses the query: {exc} — fix the query text",
              file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return EXIT_OK


def _run_rdflib(data: Path, text: str, fmt: object) -> int:
    """The same query through rdflib: results written by rdflib's own serializers."""
    from graph_builder.store.query import OutputFormat, python_value, rdflib_dataset, run_rdflib

    try:
        results = run_rdflib(rdflib_dataset(data), text)
    except Exception as exc:  # noqa: BLE001 - rdflib raises pyparsing errors for bad queries
        if type(exc).__name__ in ("ParseException", "ParseSyntaxException"):
            print(f"[E403] the SPARQL parser refuses the query: {exc} — fix the query text", file=sys.stderr)
            return EXIT_USAGE
        raise
    if results.type != "SELECT":
        out = results.serialize(format="turtle" if results.type in ("CONSTRUCT", "DESCRIBE") else "json")
        sys.stdout.buffer.write(out if isinstance(out, bytes) else str(out).encode())
        return EXIT_OK
    if fmt is OutputFormat.TABLE:
        names = [str(v) for v in results.vars]
        for row in [names] + [[str(python_value(r[n]) if r[n] is not None else "") for n in names]
                              for r in results]:
            print("\t".join(row))
        return EXIT_OK
    if fmt is OutputFormat.TSV:  # SPARQL 1.1 TSV: ?names, then terms in Turtle syntax (rdflib has no TSV writer)
        names = [str(v) for v in results.vars]
        print("\t".join(f"?{n}" for n in names))
        for r in results:
            print("\t".join(r[n].n3() if r[n] is not None else "" for n in names))
        return EXIT_OK
    out = results.serialize(format={OutputFormat.CSV: "csv", OutputFormat.JSON: "json"}[fmt])  # type: ignore[index]
    sys.stdout.buffer.write(out if isinstance(out, bytes) else str(out).encode())
    return EXIT_OK
