"""``policykg aliases NOTICES... [--json] [--aliases FILE]``: the entity registry and merge candidates, for review."""

from __future__ import annotations

import argparse
import json
import sys

from graph_builder.commands.parse import expand_inputs, parse_many
from graph_builder.errors import EXIT_INPUT, EXIT_OK
from graph_builder.resolve import Resolver, load_aliases

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="NOTICE", help="notice files, or folders of them")
    parser.add_argument("--json", action="store_true", help='print {"entities": [...], "candidates": [...]}')
    parser.add_argument("--aliases", metavar="FILE", help="extra reviewed aliases (TSV: type, jurisdiction, "
                        "variant, preferred, reason), added to the shipped ones")
    parser.add_argument("--all", action="store_true", help="list every entity, not only those with several forms")


def run(args: argparse.Namespace) -> int:
    notices, errors = parse_many(expand_inputs(args.inputs))
    resolver = Resolver(notices, aliases=load_aliases(args.aliases))
    entities = resolver.entities()
    candidates = resolver.candidates()
    if args.json:
        json.dump({
            "entities": [{"type": e.type, "jurisdiction": e.jurisdiction, "label": e.label, "alt_labels": e.alt_labels,
                          "key": e.key, "collective": e.collective, "mentions": e.mentions,
                          "merges": [{"variant": m.variant, "rule": m.rule, "reason": m.reason} for m in e.merges]}
                         for e in entities],
            "candidates": [{"type": c.type, "jurisdiction": c.jurisdiction, "labels": list(c.labels),
                            "reason": c.reason} for c in candidates],
        }, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        shown = [e for e in entities if args.all or e.alt_labels]
        print(f"{len(entities)} entities ({sum(e.type == 'unit' for e in entities)} units, "
              f"{sum(e.type == 'leader' for e in entities)} leaders); {len(shown)} shown"
              + ("" if args.all else " (those printed in more than one form; --all for every entity)"))
        for e in shown:
            print(f"{e.type:6}  {e.jurisdiction}  {e.label}  ×{e.mentions}"
                  + (f"  also: {', '.join(e.alt_labels)}" if e.alt_labels else ""))
            for m in e.merges:
                print(f"          {m.variant} → {e.label}  [{m.rule}] {m.reason}")
        print(f"\n{len(candidates)} candidate merges to review (add a line to the alias file to merge):")
        for c in candidates:
            print(f"{c.type:6}  {c.jurisdiction}  {c.labels[0]} ~ {c.labels[1]}  {c.reason}")
    return EXIT_INPUT if errors else EXIT_OK
