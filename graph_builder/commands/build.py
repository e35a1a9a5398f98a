"""``policykg build NOTICES... -o exports/``: parse notices, extract indicators, projects and regions from
their tasks (spaCy), resolve names, build the RDF dataset, check it, export it.

Exit codes (graph_builder.errors): 0 built and every check passed; 1 built, but
SHACL, a violation query or a quote check failed (see build-report.md); 2 at
least one input file could not be read (the others were built); 3 usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from graph_builder.errors import EXIT_DATA, EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError

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
                        help="export only these formats (repeatable; default: all)")
    parser.add_argument("--no-shacl", action="store_true", help="skip the SHACL validation (faster)")
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
    from graph_builder.parse import parse_path
    from graph_builder.rdf.build import build_dataset
    from graph_builder.rdf.iris import check_base
    from graph_builder.rdf.validate import validate
    from graph_builder.read import read_path
    from graph_builder.store.export import (
        BuildInfo,
        ExportFormat,
        load_store,
        sorted_quads,
        to_oxigraph,
        write_exports,
    )

    try:
        base = check_base(args.base_iri)
    except ValueError as exc:
        print(f"policykg build: [E301] {exc} — e.g. --base-iri https://example.org/policykg/id/",
              file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    notices, texts, errors = [], {}, []
    for path in collect_inputs(args.notices):
        try:
            notice = parse_path(path)
            texts[notice.source] = read_path(path).text
        except InputError as exc:
            print(str(exc), file=sys.stderr)
            errors.append(str(exc))
            continue
        notices.append(notice)
    if not notices:
        print("policykg build: [E302] no notice could be read — name .txt or .md files or folders holding them",
              file=sys.stderr)
        return EXIT_INPUT
    parsed = time.perf_counter()
    from graph_builder.extract.annotate import annotate  # spaCy: imported only here

    for notice in notices:
        annotate(notice, texts[notice.source])
    extracted = time.perf_counter()
    try:
        ds = build_dataset(notices, base_iri=base, texts=texts)
    except ValueError as exc:
        print(f"policykg build: [E303] {exc}", file=sys.stderr)
        return EXIT_INPUT
    quads = sorted_quads(to_oxigraph(ds))
    store = load_store(quads)
    built = time.perf_counter()
    validation = validate(ds, store, notices, texts, shacl=not args.no_shacl)
    checked = time.perf_counter()
    info = BuildInfo(notices, base_iri=base, license=args.license, dump_url=args.dump_url,
                     validation=validation, input_errors=errors)
    formats = [ExportFormat(f) for f in args.formats] if args.formats else list(ExportFormat)
    written = write_exports(ds, args.output, info, formats=formats, quads=quads, store=store)
    done = time.perf_counter()
    print(f"policykg build: {len(notices)} notices, {len(store)} quads, {len(written)} files in {args.output} "
          f"({done - started:.1f} s: parse {parsed - started:.1f}, extract {extracted - parsed:.1f}, "
          f"triples {built - extracted:.1f}, checks {checked - built:.1f}, export {done - checked:.1f})",
          file=sys.stderr)
    if not validation.ok:
        print(f"policykg build: [E304] the data failed its checks — see {args.output / 'build-report.md'}",
              file=sys.stderr)
    if errors:
        return EXIT_INPUT
    return EXIT_OK if validation.ok else EXIT_DATA
