"""Networks built from the graph's assignments.

* :func:`task_agent_graph` — bipartite task–unit or task–leader graph; each edge
  has the ``role`` (the strongest, if a party is listed twice on a task), the
  load ``share`` (see :mod:`.load`) and the ``notice``.
* :func:`unit_projection` — unit–unit co-responsibility: an edge for every pair
  of units listed on the same task, ``weight`` = number of shared tasks.
* :func:`leader_unit_graph` — leader–unit: ``weight`` = number of tasks the
  leader leads and the unit is listed on, with the count per role.

Pass ``corpus.for_notices([...])`` for one notice, the whole corpus for all.

Examples
--------
>>> from graph_builder.analysis.data import Assignment, AgentKind, Corpus, Role
>>> def a(task, agent, role, kind=AgentKind.UNIT):
...     return Assignment("n", task, "task", 1, task, "text", agent, agent, kind, role)
>>> corpus = Corpus({}, [a("t1", "甲局", Role.PRIMARY), a("t1", "乙局", Role.ASSISTING),
...                      a("t2", "甲局", Role.PRIMARY), a("t2", "乙局", Role.ASSISTING),
...                      a("t2", "张三", Role.LEADER, AgentKind.LEADER)])
>>> g = task_agent_graph(corpus)
>>> g.number_of_nodes(), g.edges["t1", "乙局"]["role"]
(5, 'assisting')
>>> unit_projection(corpus).edges["甲局", "乙局"]["weight"]
2
>>> dict(leader_unit_graph(corpus).edges["张三", "甲局"])
{'weight': 1, 'primary': 1}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from typing import TYPE_CHECKING, Any

from graph_builder.analysis.data import AgentKind, Assignment, Corpus, Role, without_gc
from graph_builder.analysis.load import shares

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ROLE_RANK", "task_agent_graph", "unit_projection", "leader_unit_graph"]

_UNIT_KINDS = frozenset((AgentKind.UNIT, AgentKind.COLLECTIVE_UNIT))

#: the strongest role wins where a party is listed twice on one task
ROLE_RANK = {Role.LEADER: 4, Role.PRIMARY: 3, Role.RESPONSIBLE: 2, Role.ASSISTING: 1}


@without_gc
def task_agent_graph(corpus: Corpus, *, units: bool = True, leaders: bool = True) -> nx.Graph:
    """Bipartite graph of tasks and the parties assigned to them.

    Nodes have ``kind`` (``task`` or an :class:`AgentKind` value), ``label`` and, for tasks,
    ``text``, ``notice`` and ``leaders`` (names); agent nodes have ``load`` (summed shares).
    """
    import networkx as nx

    split = shares(corpus)
    nodes: dict[str, dict[str, Any]] = {}  # built in plain dicts, then handed to networkx in the same order
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for a in corpus.assignments:
        unit = a.kind in _UNIT_KINDS
        if (unit and not units) or (not unit and not leaders):
            continue
        task = nodes.get(a.task)
        if task is None:
            task = nodes[a.task] = {"kind": "task", "label": a.task_label, "text": a.text, "notice": a.notice,
                                    "number": a.number, "leaders": []}
        agent = nodes.get(a.agent)
        if agent is None:
            agent = nodes[a.agent] = {"kind": a.kind.value, "label": a.name, "load": 0.0}
        if a.role == Role.LEADER:
            task["leaders"].append(a.name)
        edge = edges.get((a.task, a.agent))
        if edge is not None:
            if ROLE_RANK[a.role] > ROLE_RANK[Role(edge["role"])]:
                edge["role"] = a.role.value
            continue
        share = split[(a.task, a.agent)]
        edges[(a.task, a.agent)] = {"role": a.role.value, "share": share, "weight": share, "notice": a.notice}
        agent["load"] += share
    g = nx.Graph()
    g.add_nodes_from(nodes.items())
    g.add_edges_from((u, v, d) for (u, v), d in edges.items())
    return g


@without_gc
def unit_projection(corpus: Corpus, *, split: Mapping[tuple[str, str], float] | None = None) -> nx.Graph:
    """Unit–unit co-responsibility graph: ``weight`` = tasks the two units share.

    Nodes carry ``label``, ``kind``, ``load`` and ``tasks``.  Collective units are in it
    when the corpus has them (use :meth:`Corpus.without_collectives` to leave them out).  ``split`` is
    :func:`.shares` of ``corpus``, when the caller has it.
    """
    import networkx as nx

    split = shares(corpus) if split is None else split
    nodes: dict[str, dict[str, Any]] = {}  # built in plain dicts, then handed to networkx in the same order
    members: dict[str, set[str]] = defaultdict(set)
    for a in corpus.assignments:
        if a.kind not in _UNIT_KINDS:
            continue
        node = nodes.get(a.agent)
        if node is None:
            node = nodes[a.agent] = {"label": a.name, "kind": a.kind.value, "load": 0.0, "tasks": 0}
        on_task = members[a.task]
        if a.agent not in on_task:
            on_task.add(a.agent)
            node["load"] += split[(a.task, a.agent)]
            node["tasks"] += 1
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for agents in members.values():
        if len(agents) > 1:
            for u, v in combinations(sorted(agents), 2):
                pairs[(u, v)] += 1
    g = nx.Graph()
    g.add_nodes_from(nodes.items())
    g.add_edges_from((u, v, {"weight": w, "distance": 1.0 / w}) for (u, v), w in pairs.items())
    return g


@without_gc
def leader_unit_graph(corpus: Corpus) -> nx.Graph:
    """Leader–unit graph: ``weight`` = tasks led by the leader on which the unit is listed, and per role."""
    import networkx as nx

    nodes: dict[str, dict[str, Any]] = {}  # built in plain dicts, then handed to networkx in the same order
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for assignments in corpus.tasks().values():
        leaders = {a.agent: a for a in assignments if a.role == Role.LEADER}
        if not leaders:
            continue
        units: dict[str, Assignment] = {}
        for a in assignments:
            if a.kind in _UNIT_KINDS and (a.agent not in units or ROLE_RANK[a.role] > ROLE_RANK[units[a.agent].role]):
                units[a.agent] = a
        for leader in leaders.values():
            if leader.agent not in nodes:
                nodes[leader.agent] = {"label": leader.name, "kind": leader.kind.value}
            for unit, ua in units.items():
                if unit not in nodes:
                    nodes[unit] = {"label": ua.name, "kind": ua.kind.value}
                edge = edges.get((leader.agent, unit)) or edges.get((unit, leader.agent))
                if edge is None:
                    edge = edges[(leader.agent, unit)] = {"weight": 0}
                edge["weight"] += 1
                edge[ua.role.value] = edge.get(ua.role.value, 0) + 1
    g = nx.Graph()
    g.add_nodes_from(nodes.items())
    g.add_edges_from((u, v, d) for (u, v), d in edges.items())
    return g


def is_unit_kind(kind: str) -> bool:
    """Whether a node ``kind`` attribute names a unit or a collective unit."""
    return kind in (AgentKind.UNIT.value, AgentKind.COLLECTIVE_UNIT.value)
