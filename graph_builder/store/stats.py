"""The figures of ``void.ttl`` and ``build-report.md``, from one small summary per named graph.

A build of one changed notice must not count the whole dataset again: a pass over every merged triple, or
``COUNT(DISTINCT ?s)`` over the store, takes tens of seconds at 1,000 notices.  So each graph is summarised
once, by :func:`graph_stats` (a notice's by the worker that builds it, kept in the cache with the notice;
the shared graphs' by the parent), and :meth:`DatasetStats.of` combines the summaries.

Counting distinct triples and subjects over many graphs needs to know which ones two graphs may share.
A subject is *local* to a graph when its IRI is strictly below the graph's name (``{graph}/…``, or a fragment of
it, ``{graph}#…``): the tasks, sections, assignments and mentions of a notice are described in its graph only,
so their numbers are summed over the graphs.  Every other subject — the notice node itself (its name is the
graph's, not below it), the units, people, posts and enterprises a notice types (every notice naming them does),
the nodes of the shared graphs, blank nodes (two graphs may use one label, and a label is what identifies a
blank node in the merged dumps) — is kept with its triples as text, and those sets are united.
:meth:`DatasetStats.of` checks the assumption: a graph that describes a node below another graph's name is an
:class:`~graph_builder.errors.InternalError`, never a wrong count.

The definitions are those of the figures before summaries existed: triples, subjects, classes (objects of
``rdf:type``) and properties are distinct over all graphs merged; the entities of a ``pkg`` class are its
distinct instances outside the ontology (IRIs only: SPARQL's ``STR()`` of a blank node is an error, so the
old query skipped them); the assignments of a role are the distinct subjects of ``prov:hadRole`` with it.
``tests/store/test_stats.py`` checks every figure against a full pass and those SPARQL counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from graph_builder.errors import InternalError
from graph_builder.rdf import iris
from graph_builder.rdf.namespace import ONTOLOGY_IRI, PKG, PROV, RDF

__all__ = ["GraphStats", "graph_stats", "DatasetStats", "dataset_stats", "MERGES", "name_merges"]

_RDF_TYPE = ox.NamedNode(str(RDF.type))
_HAD_ROLE = ox.NamedNode(str(PROV.hadRole))
_PKG = str(PKG._NS)


@dataclass(frozen=True, slots=True)
class GraphStats:
    """The figures of one graph that :meth:`DatasetStats.of` combines (picklable: tens of KB for a notice).

    Subjects, triples, instances and classes are N-Triples text (``<iri>``, ``_:label``, ``s p o``); the keys
    of the per-class and per-role figures, and the properties, are IRIs.  ``local_*`` count what is local to
    the graph, ``other_*`` hold the rest.
    """

    graph: str  # the graph's IRI; "" for the default graph
    local_triples: int
    local_subjects: int
    other_triples: frozenset[str]
    other_subjects: frozenset[str]
    properties: frozenset[str]
    classes: frozenset[str]  # objects of rdf:type, as N-Triples text
    local_instances: dict[str, int]  # pkg class -> local instances
    other_instances: dict[str, frozenset[str]]  # pkg class -> its other instances
    local_roles: dict[str, int]  # role -> local assignments
    other_roles: dict[str, frozenset[str]]  # role -> its other assignments

    @property
    def triples(self) -> int:
        """The graph's triples (its quads)."""
        return self.local_triples + len(self.other_triples)


def graph_stats(graph: str, triples: Iterable[Any]) -> GraphStats:
    """The summary of the graph named ``graph`` ("" for the default graph) holding ``triples``.

    ``triples``: the graph's distinct triples, as ``(subject, predicate, object)`` pyoxigraph terms
    or :class:`pyoxigraph.Triple`.
    """
    below = (f"{graph}/", f"{graph}#") if graph else None
    local_triples = 0
    local_subjects: set[str] = set()
    other_triples: set[str] = set()
    other_subjects: set[str] = set()
    classes: set[str] = set()
    local_instances: Counter[str] = Counter()
    other_instances: dict[str, set[str]] = {}
    local_roles: Counter[str] = Counter()
    other_roles: dict[str, set[str]] = {}
    predicates: set[ox.NamedNode] = set()
    last: Any = None
    subject, local, instance = "", False, False
    for s, p, o in triples:
        if s != last:  # a new subject (sorted triples: once per subject), what depends on it alone
            last = s
            iri = s.value if isinstance(s, ox.NamedNode) else None
            local = below is not None and iri is not None and iri.startswith(below)
            instance = iri is not None and not iri.startswith(ONTOLOGY_IRI)
            subject = str(s)
            (local_subjects if local else other_subjects).add(subject)
        if local:
            local_triples += 1
        else:
            other_triples.add(f"{subject} {p} {o}")
        predicates.add(p)
        if p == _RDF_TYPE:
            classes.add(str(o))
            if instance and isinstance(o, ox.NamedNode) and o.value.startswith(_PKG):
                if local:
                    local_instances[o.value] += 1
                else:
                    other_instances.setdefault(o.value, set()).add(subject)
        elif p == _HAD_ROLE:
            if local:
                local_roles[o.value] += 1
            else:
                other_roles.setdefault(o.value, set()).add(subject)
    return GraphStats(graph, local_triples, len(local_subjects), frozenset(other_triples), frozenset(other_subjects),
                      frozenset(p.value for p in predicates), frozenset(classes), dict(local_instances),
                      {c: frozenset(s) for c, s in other_instances.items()}, dict(local_roles),
                      {r: frozenset(s) for r, s in other_roles.items()})


@dataclass(slots=True)
class DatasetStats:
    """The figures of a dataset that ``void.ttl`` and ``build-report.md`` state."""

    quads: int = 0
    triples: int = 0  # distinct, all graphs merged
    subjects: int = 0
    classes: int = 0  # distinct objects of rdf:type
    properties: int = 0
    per_graph: dict[str, int] = field(default_factory=dict)  # graph IRI -> quads
    entities: dict[str, int] = field(default_factory=dict)  # pkg class IRI -> instances, by class IRI
    roles: dict[str, int] = field(default_factory=dict)  # role IRI -> assignments, by role IRI
    merges: list[tuple[str, ...]] = field(default_factory=list)  # (form, label, rule, reason): :data:`MERGES`

    @classmethod
    def of(cls, graphs: Iterable[GraphStats], merges: list[tuple[str, ...]]) -> DatasetStats:
        """The figures of the dataset made of ``graphs`` (one summary per graph), with its name merges.

        Raises :class:`~graph_builder.errors.InternalError` when a node local to one graph is described
        in another, or a graph is named below another (its local nodes would be counted twice).
        """
        summaries = list(graphs)
        _check_local(summaries)

        def union(sets: Iterable[frozenset[str]]) -> int:
            return len(set().union(*sets))

        def keyed(local: Iterable[Mapping[str, int]], other: Iterable[Mapping[str, frozenset[str]]]) -> dict[str, int]:
            counts: Counter[str] = Counter()
            for m in local:
                counts.update(m)
            members: dict[str, set[str]] = {}
            for o in other:
                for key, values in o.items():
                    members.setdefault(key, set()).update(values)
            for key, nodes in members.items():
                counts[key] += len(nodes)
            return {key: counts[key] for key in sorted(counts)}

        return cls(quads=sum(g.triples for g in summaries),
                   triples=sum(g.local_triples for g in summaries) + union(g.other_triples for g in summaries),
                   subjects=sum(g.local_subjects for g in summaries) + union(g.other_subjects for g in summaries),
                   classes=union(g.classes for g in summaries),
                   properties=union(g.properties for g in summaries),
                   per_graph={g.graph: g.triples for g in summaries if g.graph},
                   entities=keyed((g.local_instances for g in summaries), (g.other_instances for g in summaries)),
                   roles=keyed((g.local_roles for g in summaries), (g.other_roles for g in summaries)),
                   merges=merges)


def _check_local(graphs: list[GraphStats]) -> None:
    """Raise when a node strictly below one graph's name is described by another graph."""
    names = {g.graph for g in graphs if g.graph}

    def owner(iri: str) -> str | None:
        """The graph whose name ``iri`` is strictly below (or a fragment of), if any."""
        if (cut := iri.find("#")) != -1 and iri[:cut] in names:
            return iri[:cut]
        cut = iri.find("/")
        while cut != -1:
            if iri[:cut] in names:
                return iri[:cut]
            cut = iri.find("/", cut + 1)
        return None

    fix = ("graph_builder/store/stats.py counts such a node once per graph; describe it in its own graph only, "
           "or mint it outside the graph's IRI")
    for name in names:
        if (outer := owner(name)) is not None:
            raise InternalError(f"the graph <{name}> is named below the graph <{outer}>: their local nodes "
                                "would be counted twice", path=name, fix=fix)
    others: set[str] = set().union(*(g.other_subjects for g in graphs))
    for subject in others:
        if subject.startswith("<") and (home := owner(subject[1:-1])) is not None:
            where = next(g.graph for g in graphs if subject in g.other_subjects)
            raise InternalError(f"the graph <{where}> describes {subject}, a node of the graph <{home}>: its "
                                "triples would be counted twice in void.ttl and build-report.md",
                                path=where or "<default graph>", fix=fix)


#: the name merges of ``build-report.md``; it reads the resolution and entities graphs and the ontology's
#: rule notations (:func:`name_merges`)
MERGES = """
PREFIX pkg:  <https://policykg.example.org/ontology/policykg#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?form ?label ?rule ?reason WHERE {
  ?m a pkg:NameMerge ; pkg:mergedForm ?form ; pkg:mergedInto ?e ; pkg:mergeRule/skos:notation ?rule ;
     pkg:mergeReason ?reason .
  ?e skos:prefLabel ?label .
} ORDER BY ?label ?form"""


def name_merges(quads: Iterable[ox.Quad], *, base_iri: str) -> list[tuple[str, ...]]:
    """The rows of :data:`MERGES` over the graphs it reads among ``quads`` (in a small in-memory store)."""
    read = {iris.resolution_graph_iri(base=base_iri), iris.entities_graph_iri(base=base_iri), ONTOLOGY_IRI}
    store = ox.Store()
    store.extend(q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in read)
    solutions = store.query(MERGES, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(term.value if term is not None else "" for term in row) for row in solutions]


def dataset_stats(quads: Iterable[ox.Quad], *, base_iri: str) -> DatasetStats:
    """The figures of the dataset of ``quads`` (distinct), all in hand: one :func:`graph_stats` per graph,
    combined (the rdflib path; ``policykg build`` combines the summaries its workers made)."""
    quads = list(quads)
    graphs: dict[str, list[ox.Triple]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "", []).append(q.triple)
    return DatasetStats.of((graph_stats(g, triples) for g, triples in graphs.items()),
                           name_merges(quads, base_iri=base_iri))
