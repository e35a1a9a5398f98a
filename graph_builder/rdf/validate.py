"""Checks of a built dataset: SHACL shapes, SPARQL violation queries, quotes.

Three kinds of check, all run by ``policykg build``:

* :func:`shacl_validate` — ``ontology/shapes.ttl`` with pySHACL over the union
  of the named graphs (the ontology included, so ``sh:class`` follows
  ``rdfs:subClassOf``);
* :func:`run_checks` — every ``ontology/checks/*-violation.rq`` must return no
  rows (run with pyoxigraph, the default graph being the union of the named graphs);
* :func:`check_quotes` — every quote the parser recorded, and the text of every
  indicator, project and region the extraction stage found, equals the source
  characters of its span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Dataset, Graph

from graph_builder.extract.records import Indicator, ProjectMention, RegionMention
from graph_builder.parse.records import LeaderRef, Notice, Span, UnitRef
from graph_builder.rdf.ontology import load_checks, load_shapes

__all__ = ["ShaclResult", "CheckResult", "Validation", "shacl_validate", "run_checks", "check_quotes",
           "union_graph", "validate"]


@dataclass(frozen=True, slots=True)
class ShaclResult:
    """Outcome of pySHACL: ``conforms``, the number of results, the report text."""

    conforms: bool
    results: int
    text: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Rows returned by one ``*-violation.rq`` query (each row: variable -> N-Triples term)."""

    name: str
    rows: list[dict[str, str]]

    @property
    def ok(self) -> bool:
        return not self.rows


@dataclass(slots=True)
class Validation:
    """All checks of one build."""

    shacl: ShaclResult | None
    checks: list[CheckResult] = field(default_factory=list)
    quote_mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return ((self.shacl is None or self.shacl.conforms) and all(c.ok for c in self.checks)
                and not self.quote_mismatches)


def union_graph(ds: Dataset) -> Graph:
    """All triples of all graphs of ``ds`` in one rdflib graph."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o, _ in ds.quads((None, None, None, None)))
    return graph


def shacl_validate(data: Graph, *, shapes: Graph | None = None) -> ShaclResult:
    """Validate ``data`` against ``ontology/shapes.ttl`` (or ``shapes``) with pySHACL.

    ``data`` should contain the ontology triples, so that ``sh:class`` sees subclasses.
    """
    import pyshacl

    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none", advanced=False, allow_warnings=False, meta_shacl=False,
    )
    from rdflib.namespace import RDF, SH

    results = len(set(report.subjects(RDF.type, SH.ValidationResult))) if isinstance(report, Graph) else 0
    return ShaclResult(bool(conforms), results, str(text))


def run_checks(store: ox.Store, queries: Mapping[str, str] | None = None) -> list[CheckResult]:
    """Run each violation query over ``store`` (default graph = union of named graphs)."""
    out = []
    for name, query in sorted((queries if queries is not None else load_checks()).items()):
        solutions = store.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        variables = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            rows.append({v: str(solution[v]) for v in variables if solution[v] is not None})
        out.append(CheckResult(name, rows))
    return out


def _mismatch(notice: Notice, text: str, what: str, span: Span, quote: str) -> str | None:
    actual = text[span.start:span.end]
    if actual == quote:
        return None
    return (f"{notice.source}: [E501] the quote of {what} at [{span.start}, {span.end}) is {quote!r} but the "
            f"source has {actual!r} — the parser's or the extractor's span or quote is wrong; please report it with the file")


def check_quotes(notices: Iterable[Notice], texts: Mapping[str, str]) -> list[str]:
    """Messages for every leader or unit quote, and every extracted indicator, project or region text, that
    differs from the source characters of its span."""
    problems: list[str] = []
    for notice in notices:
        text = texts[notice.source]
        owners: list[tuple[str, list[LeaderRef | UnitRef]]] = [
            (f"task {t.number}", [*t.leaders, *t.units]) for t in notice.tasks]
        owners += [(f"project {p.number} item {k}", [*i.leaders, *i.units])
                   for p in notice.projects for k, i in enumerate(p.items, start=1)]
        for where, refs in owners:
            for ref in refs:
                message = _mismatch(notice, text, f"{ref.name} in {where}", ref.span, ref.quote)
                if message:
                    problems.append(message)
        extracted: list[tuple[str, Indicator | ProjectMention | RegionMention]] = []
        for t in notice.tasks:
            extracted += [(f"task {t.number}", i) for i in t.indicators]
            extracted += [(f"task {t.number}", p) for p in t.projects]
            extracted += [(f"task {t.number}", r) for r in t.regions]
        extracted += [("the headline targets", i) for i in notice.headline_indicators]
        for where, thing in extracted:
            name = thing.metric if isinstance(thing, Indicator) else thing.name
            message = _mismatch(notice, text, f"{name} in {where} (extracted)", Span(thing.start, thing.end),
                                thing.text)
            if message:
                problems.append(message)
    return problems


def validate(ds: Dataset, store: ox.Store, notices: Iterable[Notice], texts: Mapping[str, str], *,
             shacl: bool = True) -> Validation:
    """Run all three kinds of check on a built dataset (``store`` holds the same quads)."""
    result = shacl_validate(union_graph(ds)) if shacl else None
    return Validation(result, run_checks(store), check_quotes(notices, texts))
