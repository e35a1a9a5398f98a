"""Checks of a built dataset: SHACL shapes, SPARQL violation queries, quotes.

Three kinds of check, all run by ``policykg build``:

* :func:`shacl_validate` — ``ontology/shapes.ttl`` with pySHACL over the union
  of the named graphs (the ontology included, so ``sh:class`` follows
  ``rdfs:subClassOf``);
* :func:`run_checks` — every ``ontology/checks/*-violation.rq`` must return no
  rows (run with pyoxigraph, the default graph being the union of the named graphs);
  ``policykg build`` runs the notice-scope ones per notice graph (by their twins,
  :mod:`graph_builder.rdf.notice_checks`) and gets the others
  from small summaries of every graph (:class:`CheckFacts`, :func:`dataset_checks`),
  not from a store of the whole dataset;
* :func:`check_quotes` — every quote the parser recorded, and the text of every
  indicator, project and region the extraction stage found, equals the source
  characters of its span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph

from graph_builder.extract.records import Indicator, ProjectMention, RegionMention
from graph_builder.parse.records import LeaderRef, Notice, Span, UnitRef
from graph_builder.rdf import namespace as ns
from graph_builder.rdf.namespace import ox_terms
from graph_builder.rdf.ontology import load_checks, load_shapes

__all__ = ["ShaclResult", "CheckResult", "Validation", "shacl_validate", "run_checks", "check_quotes",
           "union_graph", "validate", "LABEL_TERMS", "page_text", "CheckFacts", "merge_unused", "dataset_checks"]

DCTERMS, OA, PKG, PROV, RDF, RDFS, SKOS = (ox_terms(n) for n in (ns.DCTERMS, ns.OA, ns.PKG, ns.PROV, ns.RDF, ns.RDFS,
                                                                 ns.SKOS))


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


# ----------------------------------------------------------------------------- checks from summaries

#: the triples the ``labels``-scope checks read: those of these predicates, and ``rdf:type pkg:NameMerge``
#: (a test holds the queries to them)
LABEL_TERMS = (SKOS.prefLabel, SKOS.altLabel, PKG.mergedForm, PKG.mergedInto)

#: the predicates ``merge-unused`` joins: an assignment's agent and label, and the path to its evidence quote
_JOINED = (PROV.agent, RDFS.label, PKG.evidence, OA.exact)

#: what ``REPLACE(?quote, "[\\s*]", "")`` removes in pyoxigraph: the Unicode White_Space characters (its regular
#: expressions' ``\s``, without the four separators U+001C–U+001F that Python's ``\s`` adds) and ``*``
_PAGE_MARKS = dict.fromkeys(
    [*range(0x9, 0xE), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
     ord("*")])


def page_text(quote: str) -> str:
    """``quote`` without the spaces, line breaks and bold markers a quote may carry from the page, as
    ``merge-unused`` compares it.

    >>> page_text("区住房和\\n城乡建设局 **")
    '区住房和城乡建设局'
    """
    return quote.translate(_PAGE_MARKS)


@dataclass(slots=True)
class CheckFacts:
    """What the checks of scope ``labels`` and ``dataset`` read of some graphs, small enough for a build worker to
    send and cache with its notice; :func:`dataset_checks` gives their rows over the union of every graph's facts.

    ``labels`` holds the triples the ``labels`` checks read (:data:`LABEL_TERMS`), as N-Quads.  For
    ``merge-unused``, keyed by the N-Triples term of the agent of an assignment: ``names``, what the labels of its
    assignments print before "：" (the name as parsed), and ``quotes``, its assignments' evidence quotes
    (:func:`page_text`); ``publishers``, the N-Triples terms that are a ``dcterms:publisher``.  An assignment is
    joined to its label and its evidence within one graph: they are minted under its notice, in its notice graph.
    """

    labels: bytes = b""
    names: dict[str, set[str]] = field(default_factory=dict)
    quotes: dict[str, set[str]] = field(default_factory=dict)
    publishers: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, graph: ox.NamedNode, triples: Iterable[tuple[Any, Any, Any] | ox.Triple]) -> CheckFacts:
        """The facts of the graph named ``graph``, whose triples (of pyoxigraph terms) are ``triples``."""
        facts = cls()
        kept: list[ox.Quad] = []
        # predicate -> subject -> objects, for the predicates merge-unused joins
        relations: dict[ox.NamedNode, dict[Any, list[Any]]] = {p: {} for p in _JOINED}
        route: dict[ox.NamedNode, object] = {**relations, **dict.fromkeys(LABEL_TERMS, "label"), RDF.type: "type",
                                             DCTERMS.publisher: "publisher"}
        name_merge = PKG.NameMerge
        for s, p, o in triples:  # one look-up for most triples: ~1 µs a triple in all
            where = route.get(p)
            if where is None:
                continue
            if isinstance(where, dict):
                where.setdefault(s, []).append(o)
            elif where == "label" or (where == "type" and o == name_merge):
                kept.append(ox.Quad(s, p, o, graph))
            elif where == "publisher":
                facts.publishers.add(str(o))
        facts.labels = ox.serialize(kept, format=ox.RdfFormat.N_QUADS) or b""
        labels, evidence = relations[RDFS.label], relations[PKG.evidence]
        exact = relations[OA.exact]
        for subject, agents in relations[PROV.agent].items():
            names = {_strbefore(label.value, "：") for label in labels.get(subject, ())}
            quotes = {page_text(quote.value) for mention in evidence.get(subject, ())
                      for quote in exact.get(mention, ())}
            for key in {str(agent) for agent in agents}:
                if names:
                    facts.names.setdefault(key, set()).update(names)
                if quotes:
                    facts.quotes.setdefault(key, set()).update(quotes)
        return facts

    @classmethod
    def union(cls, parts: Iterable[CheckFacts]) -> CheckFacts:
        """The facts of the union of the graphs of ``parts``."""
        out = cls()
        labels = []
        for part in parts:
            labels.append(part.labels)
            for mine, theirs in ((out.names, part.names), (out.quotes, part.quotes)):
                for agent, values in theirs.items():
                    mine.setdefault(agent, set()).update(values)
            out.publishers |= part.publishers
        out.labels = b"".join(labels)
        return out


def _strbefore(text: str, separator: str) -> str:
    """SPARQL's STRBEFORE: the text before the first ``separator``, the empty string when there is none."""
    before, found, _ = text.partition(separator)
    return before if found else ""


def merge_unused(labels: ox.Store, facts: CheckFacts) -> CheckResult:
    """The rows of ``merge-unused-violation.rq`` over the union of the graphs of ``facts``, whose labels
    (every merge) are loaded in ``labels``: the same rows in the same order, as :func:`run_checks` gives them
    (a merge has one form and one target, SHACL; several would come in the order of their terms' text).

    The query is the definition (a test holds this function to it); this is what scales: a merge is looked up
    in the facts, where the query joins it with every assignment of the dataset.
    """
    def order(term: Any) -> tuple[bool, str]:  # SPARQL: blank nodes before IRIs
        return isinstance(term, ox.NamedNode), term.value

    rows = []
    merges: set[Any] = {q.subject for q in labels.quads_for_pattern(None, RDF.type, PKG.NameMerge)}
    for merge in sorted(merges, key=order):
        forms: set[Any] = {q.object for q in labels.quads_for_pattern(merge, PKG.mergedForm, None)}
        targets: set[Any] = {q.object for q in labels.quads_for_pattern(merge, PKG.mergedInto, None)}
        for form in sorted(forms, key=str):
            for entity in sorted(targets, key=str):
                agent, printed = str(entity), form.value
                if (printed in facts.names.get(agent, ()) or agent in facts.publishers
                        or any(printed in quote for quote in facts.quotes.get(agent, ()))):
                    continue
                rows.append({"merge": str(merge), "form": str(form), "entity": agent})
    return CheckResult("merge-unused-violation", rows)


def dataset_checks(facts: CheckFacts) -> list[CheckResult]:
    """The checks of scope ``labels`` and ``dataset`` over the union of the graphs ``facts`` summarises, sorted by
    name: the ``labels`` queries over the label triples in an in-memory store, ``merge-unused`` from the facts."""
    store = ox.Store()
    store.load(input=facts.labels, format=ox.RdfFormat.N_QUADS)
    return sorted([*run_checks(store, load_checks("labels")), merge_unused(store, facts)], key=lambda c: c.name)
