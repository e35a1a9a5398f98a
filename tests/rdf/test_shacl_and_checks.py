"""SHACL shapes and SPARQL violation queries: the sample build passes, hand-broken graphs fail."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from graph_builder.parse.records import Role
from graph_builder.rdf import iris
from graph_builder.rdf.build import build_dataset
from graph_builder.rdf.namespace import OA, PKG, PROV, XSD
from graph_builder.rdf.validate import check_quotes, run_checks, shacl_validate, union_graph

NOTICE = iris.notice_iri("fixture-2023")
TASK = URIRef(iris.task_iri(NOTICE, 1))
ASSIGNMENT = URIRef(iris.assignment_iri(str(TASK), "unit", 1))


def _move_evidence(graph: Graph, thing: URIRef, mention: str) -> None:
    """Name the evidence of ``thing`` ``mention`` instead, with the same quote."""
    old = graph.value(thing, PKG.evidence)
    quote = graph.value(old, OA.exact)
    graph.set((thing, PKG.evidence, URIRef(mention)))
    graph.add((URIRef(mention), OA.exact, quote))


@pytest.fixture
def good(make_notice) -> Graph:  # type: ignore[no-untyped-def]
    b = make_notice(tasks=[("做好就业工作。", ["张锐"], [("区人社局", Role.PRIMARY), ("各镇街", Role.ASSISTING)]),
                           ("抓好教育。", ["宋恩全"], [("区教育局", Role.RESPONSIBLE)])])
    return union_graph(build_dataset([b.notice], texts=b.texts))


def _store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(NOTICE))
    return store


def _failing(graph: Graph) -> set[str]:
    return {c.name for c in run_checks(_store(graph)) if not c.ok}


def test_sample_build_conforms(sample_dataset) -> None:  # type: ignore[no-untyped-def]
    result = shacl_validate(union_graph(sample_dataset))
    assert result.conforms, result.text


def test_sample_build_passes_every_violation_query(sample_store) -> None:  # type: ignore[no-untyped-def]
    failed = {c.name: c.rows[:3] for c in run_checks(sample_store) if not c.ok}
    assert failed == {}


def test_sample_quotes_equal_source(sample_notices) -> None:  # type: ignore[no-untyped-def]
    notices, texts = sample_notices
    assert check_quotes(notices, texts) == []


def test_hand_built_graph_conforms(good: Graph) -> None:
    assert shacl_validate(good).conforms
    assert _failing(good) == set()


def test_missing_role_fails(good: Graph) -> None:
    good.remove((ASSIGNMENT, PROV.hadRole, None))
    result = shacl_validate(good)
    assert not result.conforms
    assert "exactly one role" in result.text


def test_two_agents_fail(good: Graph) -> None:
    good.add((ASSIGNMENT, PROV.agent, URIRef(iris.unit_iri("区财政局", "兖州区"))))
    assert not shacl_validate(good).conforms


def test_negative_offset_fails(good: Graph) -> None:
    _move_evidence(good, ASSIGNMENT, f"{NOTICE}#char=-1,5")
    assert not shacl_validate(good).conforms
    assert "span-order-violation" in _failing(good)


def test_mention_not_named_by_its_characters_fails(good: Graph) -> None:
    _move_evidence(good, ASSIGNMENT, f"{ASSIGNMENT}#evidence")
    assert "RFC 5147" in shacl_validate(good).text
    assert "span-order-violation" in _failing(good)


def test_start_after_end_fails(good: Graph) -> None:
    _move_evidence(good, ASSIGNMENT, f"{NOTICE}#char=500,3")
    assert "span-order-violation" in _failing(good)


def test_mention_without_quote_fails(good: Graph) -> None:
    good.remove((good.value(ASSIGNMENT, PKG.evidence), OA.exact, None))
    assert "exactly one exact text" in shacl_validate(good).text


def test_task_without_notice_fails(good: Graph) -> None:
    good.remove((TASK, PKG.inNotice, None))
    result = shacl_validate(good)
    assert not result.conforms
    assert "exactly one notice" in result.text


def test_bad_sha256_fails(good: Graph) -> None:
    good.set((URIRef(NOTICE), PKG.sha256, Literal("not-a-digest")))
    assert not shacl_validate(good).conforms


def test_agent_that_is_not_a_party_fails(good: Graph) -> None:
    good.set((ASSIGNMENT, PROV.agent, URIRef(NOTICE)))
    assert not shacl_validate(good).conforms
    assert "assignment-agent-type-violation" in _failing(good)


def test_duplicate_task_number_fails(good: Graph) -> None:
    task2 = URIRef(iris.task_iri(NOTICE, 2))
    good.set((task2, PKG.taskNumber, Literal("1", datatype=XSD.positiveInteger)))
    assert "task-number-unique-violation" in _failing(good)


def test_leader_role_for_a_unit_fails(good: Graph) -> None:
    good.set((ASSIGNMENT, PROV.hadRole, PKG.roleLeader))
    assert "role-agent-kind-violation" in _failing(good)


def test_evidence_from_another_notice_fails(good: Graph) -> None:
    _move_evidence(good, ASSIGNMENT, iris.mention_iri(iris.notice_iri("other"), 0, 3))
    assert "evidence-source-violation" in _failing(good)


def test_changed_quote_is_reported(make_notice) -> None:  # type: ignore[no-untyped-def]
    b = make_notice(tasks=[("做好就业工作。", ["张锐"], [("区人社局", Role.PRIMARY)])])
    b.notice.tasks[0].units[0].quote = "区人社厅"
    (message,) = check_quotes([b.notice], b.texts)
    assert "[E501]" in message and "区人社厅" in message and "区人社局" in message
