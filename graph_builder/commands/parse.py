"""``policykg parse FILE... [--json]``: parse notices and print their records or a summary table."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph_builder.errors import EXIT_INPUT, EXIT_OK, InputError
from graph_builder.parse import parse_path
from graph_builder.parse.records import Notice
from graph_builder.read import supported_suffixes

__all__ = ["configure", "run", "expand_inputs", "parse_many"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="FILE", help="notice files, or folders of them")
    parser.add_argument("--json", action="store_true", help='print {"notices": [...]} as JSON')
    parser.add_argument("--indent", type=int, default=1, help="JSON indentation (0 for one line)")
    parser.add_argument("--no-extract", action="store_true",
                        help="with --json: skip the spaCy extraction of indicators, projects and regions")


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files as given, and the supported files under each folder (sorted, so runs are repeatable)."""
    out: list[str] = []
    suffixes = set(supported_suffixes())
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in suffixes)
        else:
            out.append(item)
    return out


def parse_many(paths: list[str]) -> tuple[list[Notice], list[InputError]]:
    """Parse every file; a bad file is reported (on stderr) and the others still go through."""
    notices: list[Notice] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            notices.append(parse_path(path))
        except InputError as exc:
            errors.append(exc)
            print(f"policykg: {exc}", file=sys.stderr)
    return notices, errors


def run(args: argparse.Namespace) -> int:
    notices, errors = parse_many(expand_inputs(args.inputs))
    if args.json and not args.no_extract:
        from graph_builder.extract.annotate import annotate
        from graph_builder.read import read_path

        for notice in notices:
            annotate(notice, read_path(notice.source).text)
    if args.json:
        json.dump({"notices": [n.to_json() for n in notices]}, sys.stdout, ensure_ascii=False,
                  indent=args.indent or None)
        sys.stdout.write("\n")
    else:
        print(summary_table(notices))
    return EXIT_INPUT if errors else EXIT_OK


def summary_table(notices: list[Notice]) -> str:
    """One row per notice: tasks, sections, projects, leaders, units, assignments by role, warnings."""
    head = ("source", "jurisdiction", "date", "sections", "tasks", "projects", "leaders", "units",
            "primary", "assisting", "responsible", "warnings", "unparsed")
    rows = [head]
    for n in notices:
        units = [u for t in n.tasks for u in t.units] + [u for p in n.projects for i in p.items for u in i.units]
        leaders = {x.name for t in n.tasks for x in t.leaders} | {x.name for p in n.projects for i in p.items
                                                                   for x in i.leaders}
        roles = {r: sum(1 for u in units if u.role.value == r) for r in ("primary", "assisting", "responsible")}
        rows.append((Path(n.source).name, n.jurisdiction or "?", n.date or "?", str(len(n.sections)),
                     str(len(n.tasks)), str(len(n.projects)), str(len(leaders)), str(len({u.name for u in units})),
                     str(roles["primary"]), str(roles["assisting"]), str(roles["responsible"]),
                     str(len(n.warnings)), str(sum(1 for u in n.unparsed if u.kind == "body"))))
    widths = [max(_width(r[k]) for r in rows) for k in range(len(head))]
    lines = ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"{Path(n.source).name}: [{w.code}] {w.message}" for n in notices for w in n.warnings]
    return "\n".join(lines + ([""] + notes if notes else []))


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
