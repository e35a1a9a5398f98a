"""Measures on hand-made graphs whose answers follow from the definitions."""

from __future__ import annotations

import networkx as nx
import pytest

from graph_builder.analysis.centrality import centrality
from graph_builder.analysis.concentration import gini, hhi
from graph_builder.analysis.data import AgentKind, Assignment, Corpus, Role
from graph_builder.analysis.load import ROLE_WEIGHTS, load_table


def _a(task: str, agent: str, role: Role, kind: AgentKind = AgentKind.UNIT) -> Assignment:
    return Assignment("n", task, "task", 1, task, "", agent, agent, kind, role)


def test_weights_are_ordered() -> None:
    assert ROLE_WEIGHTS[Role.PRIMARY] > ROLE_WEIGHTS[Role.RESPONSIBLE] > ROLE_WEIGHTS[Role.ASSISTING] > 0


def test_co_primaries_split_and_collectives_count_in_the_split() -> None:
    corpus = Corpus({}, [_a("t", "甲", Role.PRIMARY), _a("t", "乙", Role.PRIMARY),
                         _a("t", "各镇街", Role.ASSISTING, AgentKind.COLLECTIVE_UNIT), _a("t", "丙", Role.ASSISTING)])
    loads = {r.name: r.load for r in load_table(corpus, kinds={AgentKind.UNIT})}
    assert loads == {"甲": 0.5, "乙": 0.5, "丙": 0.125}


@pytest.mark.parametrize(("values", "expected_gini", "expected_hhi"),
                         [([2, 2, 2, 2], 0.0, 0.25), ([0, 0, 0, 8], 0.75, 1.0), ([1, 3], 0.25, 0.625)])
def test_concentration(values: list[float], expected_gini: float, expected_hhi: float) -> None:
    assert gini(values) == pytest.approx(expected_gini)
    assert hhi(values) == pytest.approx(expected_hhi)


def test_sampled_betweenness_agrees_with_exact_on_the_top_node() -> None:
    g = nx.barabasi_albert_graph(400, 2, seed=1)
    nx.set_edge_attributes(g, 1, "weight")
    exact = centrality(g)
    sampled = centrality(g, exact_limit=100, samples=100)
    assert "sampled" in sampled.methods["betweenness"]
    top = max(exact.betweenness, key=exact.betweenness.__getitem__)
    assert top in sorted(sampled.betweenness, key=sampled.betweenness.__getitem__)[-3:]
    assert sampled.betweenness[top] == pytest.approx(exact.betweenness[top], rel=0.35)
