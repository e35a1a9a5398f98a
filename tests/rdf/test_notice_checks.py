"""The notice-scope checks as ``policykg build``'s workers run them (graph_builder.rdf.notice_checks: a twin of each
query, in Python) give the rows of their queries (``ontology/checks/*.rq``, the definition) over the same notice
graph and task counts: the sample notices and synthetic ones, clean, and broken by hand so that every check has rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest

from graph_builder.rdf import iris
from graph_builder.rdf.build import statistics_quads
from graph_builder.rdf.incremental import build_part, fingerprint
from graph_builder.rdf.notice_checks import TWINS, notice_checks, query_checks
from graph_builder.rdf.ontology import load_checks
from graph_builder.rdf.validate import CheckResult
from tests.conftest import NOTICES

CHECKS = load_checks("notice")
PKG = "https://policykg.example.org/ontology/policykg#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_every_notice_check_has_a_twin() -> None:
    # a check added without one still runs (as its query: test_a_check_without_a_twin_runs_as_its_query)
    assert sorted(TWINS) == sorted(CHECKS)


Graph = tuple[ox.NamedNode, list[tuple[ox.NamedNode, ox.NamedNode, Any]], list[ox.Quad]]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Graph]]:
    """Each notice graph (its IRI, its triples, its task counts) as the worker makes it: the sample notices and
    eight synthetic ones."""
    from benchmarks.generate_corpus import write_corpus

    folder = tmp_path_factory.mktemp("notices")
    write_corpus(folder, notices=8, seed=11)
    cache = tmp_path_factory.mktemp("cache")
    out: dict[str, Graph] = {}
    for path in [*sorted(NOTICES.glob("*.txt")), *sorted(folder.glob("*.txt"))]:
        part = build_part(str(path), base_iri=iris.DEFAULT_BASE, cache_dir=str(cache),
                          print_hash=fingerprint(iris.DEFAULT_BASE))
        quads = list(ox.parse(path=part.nquads, format=ox.RdfFormat.N_QUADS))
        counts = {(ox.NamedNode(p), ox.NamedNode(r)): n for (p, r), n in part.tallies.items()}
        out[path.stem] = (ox.NamedNode(iris.notice_iri(part.key)), [(q.subject, q.predicate, q.object) for q in quads],
                          statistics_quads(counts))
    yield out


def _order_by(name: str) -> list[str]:
    found = re.search(r"ORDER BY ([?\w ]+)", CHECKS[name])
    return found.group(1).replace("?", "").split() if found else []


def _assert_same(graph: Graph) -> list[CheckResult]:
    """The twins' rows and the queries' rows over ``graph``: the same rows, in the order the query asks for."""
    iri, triples, counts = graph
    nquads = ox.serialize([ox.Quad(s, p, o, iri) for s, p, o in triples], format=ox.RdfFormat.N_QUADS) or b""
    twins = notice_checks(iri.value, nquads, counts, CHECKS)
    queries = query_checks([*(ox.Quad(s, p, o, iri) for s, p, o in triples), *counts], CHECKS)
    assert [c.name for c in twins] == [c.name for c in queries] == sorted(CHECKS)
    for twin, query in zip(twins, queries, strict=True):
        assert sorted(map(sorted, map(dict.items, twin.rows))) == sorted(map(sorted, map(dict.items, query.rows))), \
            twin.name
        order = _order_by(twin.name)
        assert [[r.get(v) for v in order] for r in twin.rows] == [[r.get(v) for v in order] for r in query.rows], \
            twin.name
    return twins


def test_the_twins_give_the_rows_of_the_queries_on_clean_notices(graphs: dict[str, Graph]) -> None:
    for name, graph in graphs.items():
        assert all(c.ok for c in _assert_same(graph)), name


def _objects(graph: Graph, subject: Any, predicate: str) -> list[Any]:
    return [o for s, p, o in graph[1] if s == subject and p.value == predicate]


def _assignments(graph: Graph, task: ox.NamedNode) -> list[ox.NamedNode]:
    return sorted(_objects(graph, task, PKG + "hasAssignment"), key=str)  # type: ignore[arg-type]


def _broken(graph: Graph, other: ox.NamedNode) -> Graph:
    """``graph`` with something for every check to find (``other`` another notice's IRI)."""
    iri, triples, counts = graph
    added: list[tuple[ox.NamedNode, ox.NamedNode, Any]] = []

    def add(s: ox.NamedNode, p: str, o: Any) -> None:
        added.append((s, ox.NamedNode(p), o))

    tasks = sorted({s for s, p, o in triples if p == RDF_TYPE and o.value == PKG + "Task"}, key=str)
    task1 = next(t for t in tasks if any("/unit/" in a.value for a in _assignments(graph, t)))
    task2 = next(t for t in tasks if t != task1)
    unit_assignment = next(a for a in _assignments(graph, task1) if "/unit/" in a.value)
    leader_assignment = next((a for t in tasks for a in _assignments(graph, t) if "/leader/" in a.value), None)
    # span-order: a mention that ends before it starts, one with no range, one with a range that is not two numbers
    add(task1, PKG + "evidence", ox.NamedNode(iris.mention_iri(iri.value, 9, 3)))
    add(task1, PKG + "evidence", ox.NamedNode(iri.value + "#page=3"))
    add(task2, PKG + "evidence", ox.NamedNode(iri.value + "#char=x,12"))
    # evidence-source: a mention of another notice; a mention that names no notice (IRI("") fails: no row)
    add(task2, PKG + "evidence", ox.NamedNode(iris.mention_iri(other.value, 1, 5)))
    add(task2, PKG + "evidence", ox.NamedNode("urn:policykg:elsewhere"))
    # assignment-outside-owner: an assignment's evidence after its task's
    owner_end = max(int(m.value.rsplit(",", 1)[1]) for m in _objects(graph, task1, PKG + "evidence")
                    if "#char=" in m.value and m.value.rsplit(",", 1)[1].isdigit())
    add(unit_assignment, PKG + "evidence", ox.NamedNode(iris.mention_iri(iri.value, owner_end, owner_end + 4)))
    # assignment-agent-type: an agent that is no unit or leader; role-agent-kind: a unit as a leader and a leader
    # as the lead unit
    add(unit_assignment, PROV + "agent", ox.NamedNode(iri.value + "/somewhere"))
    add(unit_assignment, PROV + "hadRole", ox.NamedNode(PKG + "roleLeader"))
    if leader_assignment is not None:  # some notices name no leaders
        add(leader_assignment, PROV + "hadRole", ox.NamedNode(PKG + "rolePrimary"))
    # task-number-unique: task 2 printed with task 1's number too
    add(task2, PKG + "taskNumber", _objects(graph, task1, PKG + "taskNumber")[0])
    # tally-mismatch: the new (agent, role) pairs have no count; one count too high, one a string, one a decimal
    changed = list(counts)
    changed[0] = ox.Quad(changed[0].subject, changed[0].predicate,
                         ox.Literal(str(int(changed[0].object.value) + 1), datatype=changed[0].object.datatype),
                         changed[0].graph_name)
    if len(changed) > 2:
        changed[1] = ox.Quad(changed[1].subject, changed[1].predicate, ox.Literal(changed[1].object.value),
                             changed[1].graph_name)
        changed[2] = ox.Quad(changed[2].subject, changed[2].predicate,
                             ox.Literal(changed[2].object.value + ".0",
                                        datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
                             changed[2].graph_name)
    return iri, [*triples, *added], changed


def test_the_twins_give_the_rows_of_the_queries_on_broken_notices(graphs: dict[str, Graph]) -> None:
    # jining-2020 assigns no unit to its tasks: nothing to break there
    names = [n for n, (_, triples, _) in graphs.items()
             if any(p.value == PKG + "hasAssignment" and "/unit/" in o.value for s, p, o in triples)]
    assert len(names) == len(graphs) - 1
    for k, name in enumerate(names):
        other = graphs[names[k - 1]][0]
        twins = _assert_same(_broken(graphs[name], other))
        failed = {c.name: len(c.rows) for c in twins if not c.ok}
        assert set(failed) == set(CHECKS), (name, failed)
        # span-order: the three bad ranges and the mention with none (urn:…, which evidence-source lets pass)
        assert failed["span-order-violation"] == 4 and failed["evidence-source-violation"] == 1, (name, failed)
        assert failed["task-number-unique-violation"] == 1, (name, failed)


def test_a_check_without_a_twin_runs_as_its_query(graphs: dict[str, Graph]) -> None:
    iri, triples, counts = graphs["yanzhou-2023"]
    mine = {"every-task-violation": f"PREFIX pkg: <{PKG}>\nSELECT ?task WHERE {{ ?task a pkg:Task }} ORDER BY ?task"}
    nquads = ox.serialize([ox.Quad(s, p, o, iri) for s, p, o in triples], format=ox.RdfFormat.N_QUADS) or b""
    found = notice_checks(iri.value, nquads, counts, {**CHECKS, **mine})
    rows = next(c.rows for c in found if c.name == "every-task-violation")
    tasks = [f"<{v}>" for v in sorted(s.value for s, p, o in triples if p == RDF_TYPE and o.value == PKG + "Task")]
    assert [r["task"] for r in rows] == tasks and len(tasks) == 81  # yanzhou-2023 prints 81 tasks
    assert [c.name for c in found] == sorted([*CHECKS, *mine])


def test_the_twins_follow_the_queries_on_terms_the_builder_does_not_make() -> None:
    # a blank-node mention (STR is an error: no row in either), a literal one (STR is its text: another notice's),
    # an escaped literal (IRI() of its text is an error)
    iri = ox.NamedNode(iris.notice_iri("x-2023"))
    task = ox.NamedNode(iris.task_iri(iri.value, 1))
    evidence = ox.NamedNode(PKG + "evidence")
    triples = [(task, RDF_TYPE, ox.NamedNode(PKG + "Task")), (task, evidence, ox.BlankNode("m")),
               (task, evidence, ox.Literal(iris.notice_iri("y-2023") + "#char=7,2")), (task, evidence, ox.Literal('a"\\b#char=1,x')),
               (task, ox.NamedNode(PKG + "inNotice"), iri),
               (task, ox.NamedNode(PKG + "taskNumber"), ox.Literal("01", datatype=ox.NamedNode(XSD + "integer")))]
    task2 = ox.NamedNode(iris.task_iri(iri.value, 2))
    triples += [(task2, RDF_TYPE, ox.NamedNode(PKG + "Task")), (task2, ox.NamedNode(PKG + "inNotice"), iri),
                (task2, ox.NamedNode(PKG + "taskNumber"), ox.Literal("1", datatype=ox.NamedNode(XSD + "positiveInteger")))]
    twins = {c.name: c.rows for c in _assert_same((iri, triples, []))}
    assert len(twins["span-order-violation"]) == 2 and len(twins["evidence-source-violation"]) == 1
    assert len(twins["task-number-unique-violation"]) == 1  # "01" and "1" are one number in the store
