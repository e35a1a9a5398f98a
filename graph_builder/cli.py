"""The ``policykg`` command: argument parsing only; each subcommand lives in
``graph_builder.commands.<name>`` and is imported when it is used, so that
``policykg parse`` does not pay for rdflib, spaCy or pyvis."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from graph_builder.errors import EXIT_INTERNAL, EXIT_USAGE

__all__ = ["main", "COMMANDS"]

# name -> (module, one-line help).  A command module defines
# ``configure(parser: argparse.ArgumentParser) -> None`` and ``run(args) -> int``.
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("graph_builder.commands.parse", "parse notices into typed records (JSON or a summary)"),
    "eval-extract": ("graph_builder.commands.extract_eval",
                     "precision / recall / F1 of the extractor on the hand-labelled gold set"),
    "aliases": ("graph_builder.commands.aliases", "print the registry of units and leaders and merge candidates"),
    "build": ("graph_builder.commands.build", "build the RDF graph of notices, check it and write the exports"),
    "docs": ("graph_builder.commands.docs", "generate docs/ontology.html from ontology/policykg.ttl"),
    "analyze": ("graph_builder.commands.analyze", "measure who carries the responsibility: CSV, JSON, HTML report"),
    "view": ("graph_builder.commands.view", "write an interactive offline page of tasks, units and leaders"),
    "query": ("graph_builder.commands.query", "run a SPARQL query of the library (queries/) or a .rq file"),
    "serve": ("graph_builder.commands.serve", "serve the dataset: SPARQL endpoint and linked-data pages"),
    "push": ("graph_builder.commands.push", "load the dataset into a SPARQL 1.1 store (Graph Store Protocol / Update)"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg",
        description="Knowledge graph of Chinese local-government task-breakdown notices.",
        epilog="Exit codes: 0 ok, 1 data problem, 2 bad input file, 3 usage, 4 internal error.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.set_defaults(_module=module)
        # configure lazily: only the chosen command's module is imported.
        sp.set_defaults(_configure=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="policykg", add_help=False)
    parser.add_argument("command", nargs="?")
    known, _ = parser.parse_known_args(argv[:1])
    full = _parser()
    if known.command in COMMANDS:
        module = importlib.import_module(COMMANDS[known.command][0])
        sub = argparse.ArgumentParser(prog=f"policykg {known.command}",
                                      description=COMMANDS[known.command][1])
        module.configure(sub)
        try:
            args = sub.parse_args(argv[1:])
        except SystemExit as exc:  # argparse exits 2 on usage errors; ours is 3
            return 0 if exc.code == 0 else EXIT_USAGE
        try:
            return int(module.run(args))
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            return 0
        except Exception as exc:  # noqa: BLE001 - last resort: one line, exit 4
            print(f"policykg: [E999] internal error: {exc!r} — please report it with the input file",
                  file=sys.stderr)
            if "--debug" in argv:
                raise
            return EXIT_INTERNAL
    try:
        full.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else EXIT_USAGE
    full.print_help()
    return EXIT_USAGE if argv else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
