"""``policykg build NOTICES... -o exports/``: parse notices, extract indicators, projects and regions from
their tasks (spaCy), resolve names, build the RDF dataset, check it, export it, load the embedded store.

Each notice is built alone in a worker process (``--jobs``, default: the number of cores) and cached in
``exports/cache/``; a rebuild reuses the notices whose file and builder are unchanged
(:mod:`graph_builder.rdf.incremental`).

Exit codes (graph_builder.errors): 0 built and every check passed; 1 built, but
SHACL, a violation query or a quote check failed (see build-report.md); 2 at
least one input file could not be read (the others were built); 3 usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from graph_builder.errors import EXIT_DATA, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, InternalError

__all__ = ["configure", "run", "collect_inputs"]


def configure(parser: argparse.ArgumentParser) -> None:
    from graph_builder.rdf.iris import DEFAULT_BASE
    from graph_builder.store.export import DEFAULT_LICENSE, ExportFormat

    parser.add_argument("notices", nargs="+", metavar="NOTICE",
                        help="notice files, or folders whose notice files (by suffix) are read, sorted by name")
    parser.add_argument("-o", "--output", type=Path, default=Path("exports"),
                        help="folder for the exports (default: exports/)")
    parser.add_argument("--base-iri", default=DEFAULT_BASE,
                        help=f"base of every data IRI, absolute, ending in '/' (default: {DEFAULT_BASE})")
    parser.add_argument("--license", default=DEFAULT_LICENSE,
                        help=f"licence IRI stated in void.ttl (default: {DEFAULT_LICENSE})")
    parser.add_argument("--dump-url", default=None,
                        help="URL of the folder the dumps are published in, for void.ttl "
                             "(default: the base IRI's ../exports/)")
    parser.add_argument("--format", dest="formats", action="append", choices=[f.value for f in ExportFormat],
                        help="export only these formats (repeatable; default: all; the dumps of other formats an "
                             "earlier build wrote are removed)")
    parser.add_argument("--dumps", action=argparse.BooleanOptionalAction, default=True,
                        help="write the dump files (policykg.ttl, .nt, .trig, .nq, .jsonld; default). With "
                             "--no-dumps only the store, void.ttl and build-report.md are brought up to date and "
                             "dumps of an earlier build are removed: the quick loop of editing notices and "
                             "querying them; a later build with --dumps writes them from the cache")
    parser.add_argument("--no-shacl", action="store_true", help="skip the SHACL validation (faster)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes building notices at once (default: the number of cores)")
    parser.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                        help="time limit for one notice (read, parse, extract, triples; default 600; "
                             "0: build in this process, no limit)")
    parser.add_argument("--no-cache", action="store_true",
                        help="rebuild every notice (ignore exports/cache/; it is still rewritten)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: when stderr is a terminal)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def collect_inputs(paths: list[str]) -> list[Path]:
    """Files named, and the notice files of folders named (sorted, recursive, README* skipped), without duplicates."""
    from graph_builder.read import supported_suffixes

    suffixes = set(supported_suffixes())
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            # README files document a folder of notices; they are not notices
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                          and not p.name.lower().startswith("readme"))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def run(args: argparse.Namespace) -> int:
    from graph_builder.rdf.iris import check_base

    try:
        base = check_base(args.base_iri)
    except ValueError as exc:
        print(f"policykg build: [E301] {exc} — e.g. --base-iri https://example.org/policykg/id/",
              file=sys.stderr)
        return EXIT_USAGE
    from graph_builder.rdf.incremental import build_corpus

    progress = sys.stderr.isatty() if args.progress is None else args.progress
    outcome = build_corpus(collect_inputs(args.notices), args.output, base_iri=base, license=args.license,
                           dump_url=args.dump_url, formats=args.formats, shacl=not args.no_shacl, jobs=args.jobs,
                           timeout=args.timeout or None, use_cache=not args.no_cache, progress=progress,
                           dumps=args.dumps)
    if outcome.usage_error:
        print(f"policykg build: {outcome.usage_error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"policykg build: {outcome.notices} notices ({outcome.rebuilt} built, {outcome.notices - outcome.rebuilt} "
          f"from the cache), {outcome.quads} quads, {len(outcome.written)} files in {args.output} "
          f"({outcome.timing()})", file=sys.stderr)
    print(f"policykg build: store {outcome.store}", file=sys.stderr)
    if outcome.validation is not None and not outcome.validation.ok:
        print(f"policykg build: [E304] the data failed its checks — see {args.output / 'build-report.md'}",
              file=sys.stderr)
    if any(isinstance(e, InternalError) for e in outcome.errors):
        return EXIT_INTERNAL
    if outcome.errors:
        return EXIT_INPUT
    return EXIT_OK if outcome.validation is None or outcome.validation.ok else EXIT_DATA
