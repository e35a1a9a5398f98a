"""Where the ontology sources are, and loading them once per process.

The sources live in ``ontology/`` at the root of the repository (they are
edited there, and documented by ``ontology/README.md``): ``policykg.ttl``,
``shapes.ttl`` and ``checks/*-violation.rq``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph

__all__ = ["ONTOLOGY_DIR", "ONTOLOGY_FILE", "SHAPES_FILE", "CHECKS_DIR", "load_ontology", "load_shapes",
           "load_checks", "NOTICE_SCOPE"]

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "policykg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CHECKS_DIR = ONTOLOGY_DIR / "checks"


@functools.cache
def _parse(path: str) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def load_ontology() -> Graph:
    """The ontology as an rdflib graph (cached; do not modify it)."""
    return _parse(str(ONTOLOGY_FILE))


def load_shapes() -> Graph:
    """The SHACL shapes as an rdflib graph (cached; do not modify it)."""
    return _parse(str(SHAPES_FILE))


#: the header line of a check that reads one notice graph only (the others read the whole dataset)
NOTICE_SCOPE = "# Scope: notice"


def load_checks(scope: str | None = None) -> dict[str, str]:
    """``{name: SPARQL text}`` of every ``checks/*-violation.rq``, sorted by name; with ``scope="notice"`` those
    whose header says they read one notice graph only, with ``scope="dataset"`` the others.

    >>> sorted(load_checks("notice")) == sorted(set(load_checks()) - set(load_checks("dataset")))
    True
    """
    checks = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CHECKS_DIR.glob("*-violation.rq"))}
    if scope is None:
        return checks
    if scope not in ("notice", "dataset"):
        raise ValueError(f"scope is 'notice' or 'dataset', not {scope!r}")
    return {name: text for name, text in checks.items()
            if any(line.startswith(NOTICE_SCOPE) for line in text.splitlines()) == (scope == "notice")}
