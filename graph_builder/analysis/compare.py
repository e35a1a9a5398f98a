"""Two notices side by side (e.g. the same jurisdiction in two years): rank changes, new and vanished parties.

Parties are matched by IRI, i.e. by name within the jurisdiction (see the ontology:
one name is one unit or person there).  Ranks are by load (:mod:`.load`), 1 = heaviest.

Examples
--------
>>> from graph_builder.analysis.data import Assignment, AgentKind, Corpus, Role
>>> def a(notice, task, agent, role=Role.PRIMARY):
...     return Assignment(notice, notice + task, "task", 1, task, "", agent, agent, AgentKind.UNIT, role)
>>> corpus = Corpus({}, [a("old", "1", "甲局"), a("old", "2", "甲局"), a("old", "3", "乙局"),
...                      a("new", "1", "乙局"), a("new", "2", "乙局"), a("new", "3", "甲局"), a("new", "4", "丙局")])
>>> rows = compare_notices(corpus, "old", "new")
>>> [(r.name, r.status, r.rank_before, r.rank_after, r.rank_change) for r in rows]
[('乙局', 'both', 2, 1, 1), ('丙局', 'new', None, 2, None), ('甲局', 'both', 1, 3, -2)]
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_builder.analysis.data import AgentKind, Corpus
from graph_builder.analysis.load import LoadRow, load_table

__all__ = ["RankChange", "compare_notices"]


@dataclass(frozen=True, slots=True)
class RankChange:
    """A party in one or both notices: ``rank_change`` > 0 means it moved up."""

    agent: str
    name: str
    kind: AgentKind
    status: str  # "both", "new" (only in the later notice), "vanished" (only in the earlier)
    rank_before: int | None
    rank_after: int | None
    load_before: float
    load_after: float
    tasks_before: int
    tasks_after: int

    @property
    def rank_change(self) -> int | None:
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after

    def as_dict(self) -> dict[str, object]:
        return {"agent": self.agent, "name": self.name, "kind": self.kind.value, "status": self.status,
                "rank_before": self.rank_before, "rank_after": self.rank_after, "rank_change": self.rank_change,
                "load_before": round(self.load_before, 4), "load_after": round(self.load_after, 4),
                "tasks_before": self.tasks_before, "tasks_after": self.tasks_after}


def compare_notices(corpus: Corpus, before: str, after: str, *,
                    tables: tuple[list[LoadRow], list[LoadRow]] | None = None) -> list[RankChange]:
    """Units and leaders of notice ``before`` against notice ``after`` (IRIs), by rank after, then before.

    ``tables``: the :func:`.load_table` of each notice alone, when the caller has them.
    """
    if tables is None:
        tables = (load_table(corpus.for_notices([before])), load_table(corpus.for_notices([after])))
    ranks: list[dict[str, tuple[int, float, int]]] = []
    names: dict[str, tuple[str, AgentKind]] = {}
    for table in tables:
        ranked: dict[str, tuple[int, float, int]] = {}
        by_kind: dict[bool, int] = {}
        for row in table:
            unit = row.kind.is_unit
            by_kind[unit] = by_kind.get(unit, 0) + 1
            ranked[row.agent] = (by_kind[unit], row.load, row.tasks)
            names[row.agent] = (row.name, row.kind)
        ranks.append(ranked)
    out = []
    for agent, (name, kind) in names.items():
        b, a = ranks[0].get(agent), ranks[1].get(agent)
        status = "both" if a and b else ("new" if a else "vanished")
        out.append(RankChange(agent, name, kind, status, b[0] if b else None, a[0] if a else None,
                              b[1] if b else 0.0, a[1] if a else 0.0, b[2] if b else 0, a[2] if a else 0))
    big = 10 ** 9
    return sorted(out, key=lambda r: (not r.kind.is_unit, r.rank_after or big, r.rank_before or big, r.name))
