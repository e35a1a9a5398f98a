"""``policykg eval-extract``: precision / recall / F1 of the extractor on the hand-labelled gold set.

Exit codes: 0 scores printed (and, with ``--min-*``, every threshold met); 1 a threshold was
missed; 2 the gold file could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys

from graph_builder.errors import EXIT_DATA, EXIT_INPUT, EXIT_OK

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    from graph_builder.extract.evaluate import DEFAULT_GOLD

    parser.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD),
                        help="gold JSONL (default: tests/data/gold/extract_gold.jsonl)")
    parser.add_argument("--errors", action="store_true", help="also list every false positive and negative")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--min-precision", type=float, default=None, metavar="P",
                        help="exit 1 if strict indicator precision is below P")
    parser.add_argument("--min-recall", type=float, default=None, metavar="R",
                        help="exit 1 if strict indicator recall is below R")


def run(args: argparse.Namespace) -> int:
    from graph_builder.extract.evaluate import evaluate, load_gold

    try:
        gold = load_gold(args.gold)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"{args.gold}: [E610] cannot read the gold set: {exc} — give a JSONL file as described in "
              "tests/data/README.md", file=sys.stderr)
        return EXIT_INPUT
    report = evaluate(gold)
    if args.json:
        print(json.dumps({name: {"gold": s.gold, "tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision,
                                 "recall": s.recall, "f1": s.f1} for name, s in report.scores.items()},
                         ensure_ascii=False, indent=2))
    else:
        print(f"gold: {args.gold} ({len(gold)} sentences)")
        print(report.table())
    if args.errors:
        print("\n".join(report.errors))
    strict = report.scores["indicators (strict)"]
    if (args.min_precision is not None and strict.precision < args.min_precision) or (
            args.min_recall is not None and strict.recall < args.min_recall):
        return EXIT_DATA
    return EXIT_OK
