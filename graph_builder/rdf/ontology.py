"""Where the ontology sources are, and loading them once per process.

The sources live in ``ontology/`` at the root of the repository (they are
edited there, and documented by ``ontology/README.md``): ``policykg.ttl``,
``shapes.ttl`` and ``checks/*-violation.rq``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from rdflib import Graph

__all__ = ["ONTOLOGY_DIR", "ONTOLOGY_FILE", "SHAPES_FILE", "CHECKS_DIR", "load_ontology", "load_shapes",
           "load_checks", "check_scope", "SCOPES"]

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


#: what a check reads, so where ``policykg build`` runs it: the ``# Scope:`` line of its header (none: ``dataset``)
#:
#: * ``notice`` — one notice graph only: in the worker that builds the notice, over its graph;
#: * ``labels`` — only the preferred and alternative labels (``skos:prefLabel``, ``skos:altLabel``) and the name
#:   merges (``pkg:NameMerge``, ``pkg:mergedForm``, ``pkg:mergedInto``) of every graph: in the build's parent,
#:   over those triples alone (:data:`graph_builder.rdf.validate.LABEL_TERMS`);
#: * ``dataset`` — facts of every graph: the build computes it from the notices' summaries
#:   (:func:`graph_builder.rdf.validate.dataset_checks`); the query is its definition.
SCOPES = ("notice", "labels", "dataset")
_SCOPE = re.compile(r"^# Scope: (\S+)", re.MULTILINE)


def check_scope(path: Path, text: str) -> str:
    """The scope of the check ``text`` (read from ``path``): its ``# Scope:`` line, else ``dataset``."""
    found = _SCOPE.search(text)
    scope = found.group(1).rstrip(".,;—") if found else "dataset"
    if scope not in SCOPES:
        raise ValueError(f"{path}: the scope {scope!r} is none of {', '.join(SCOPES)} — correct the '# Scope:' line "
                         "(ontology/README.md, Checks)")
    return scope


def load_checks(scope: str | None = None) -> dict[str, str]:
    """``{name: SPARQL text}`` of every ``checks/*-violation.rq``, sorted by name; with ``scope``, those of that
    scope (:data:`SCOPES`).

    >>> sorted(n for s in SCOPES for n in load_checks(s)) == sorted(load_checks())
    True
    """
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"scope is one of {', '.join(SCOPES)}, not {scope!r}")
    checks = {p.stem: (p, p.read_text(encoding="utf-8")) for p in sorted(CHECKS_DIR.glob("*-violation.rq"))}
    return {name: text for name, (path, text) in checks.items() if scope is None or check_scope(path, text) == scope}
