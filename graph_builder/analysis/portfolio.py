"""Each leader's portfolio: the tasks they lead, with whom, and the units they steer.

Examples
--------
>>> from graph_builder.analysis.data import Assignment, AgentKind, Corpus, Role
>>> def a(task, agent, role, kind=AgentKind.UNIT):
...     return Assignment("n", task, "task", int(task[1:]), task, "", agent, agent, kind, role)
>>> corpus = Corpus({}, [a("t1", "张三", Role.LEADER, AgentKind.LEADER), a("t1", "甲局", Role.PRIMARY),
...                      a("t2", "张三", Role.LEADER, AgentKind.LEADER), a("t2", "李四", Role.LEADER, AgentKind.LEADER),
...                      a("t2", "甲局", Role.ASSISTING), a("t2", "乙局", Role.PRIMARY)])
>>> p = portfolios(corpus)[0]
>>> p.name, p.tasks, p.shared_tasks, p.load, p.co_leaders, p.units[:2]
('张三', 2, 1, 1.5, ['李四'], [('甲局', 2), ('乙局', 1)])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from graph_builder.analysis.data import AgentKind, Corpus, Role, without_gc
from graph_builder.analysis.load import shares

__all__ = ["Portfolio", "portfolios"]


@dataclass(slots=True)
class Portfolio:
    """What one leader leads."""

    agent: str
    name: str
    kind: AgentKind
    tasks: int = 0
    shared_tasks: int = 0  # tasks led together with another leader
    load: float = 0.0
    notices: list[str] = field(default_factory=list)
    task_numbers: list[str] = field(default_factory=list)  # "notice-key#number"
    co_leaders: list[str] = field(default_factory=list)
    units: list[tuple[str, int]] = field(default_factory=list)  # units on their tasks, most frequent first
    primary_units: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"agent": self.agent, "name": self.name, "kind": self.kind.value, "tasks": self.tasks,
                "shared_tasks": self.shared_tasks, "load": round(self.load, 4), "notices": self.notices,
                "task_numbers": self.task_numbers, "co_leaders": self.co_leaders,
                "units": [{"name": n, "tasks": c} for n, c in self.units],
                "primary_units": [{"name": n, "tasks": c} for n, c in self.primary_units]}


@without_gc
def portfolios(corpus: Corpus, *, split: Mapping[tuple[str, str], float] | None = None) -> list[Portfolio]:
    """One portfolio per leader (named or collective), heaviest load first (``split``: :func:`.shares` of
    ``corpus``, when the caller has it)."""
    split = shares(corpus) if split is None else split
    out: dict[str, Portfolio] = {}
    units: dict[str, Counter[str]] = {}
    primary: dict[str, Counter[str]] = {}
    co: dict[str, set[str]] = {}
    keys: dict[str, str] = {}
    for assignments in corpus.tasks().values():
        leaders = [a for a in assignments if a.role == Role.LEADER]
        if not leaders:
            continue
        unit_names = {a.name for a in assignments if a.kind.is_unit}
        primary_names = {a.name for a in assignments if a.kind.is_unit and a.role == Role.PRIMARY}
        for lead in leaders:
            p = out.get(lead.agent)
            if p is None:
                p = out[lead.agent] = Portfolio(lead.agent, lead.name, lead.kind)
            p.tasks += 1
            p.load += split[(lead.task, lead.agent)]
            others = {x.name for x in leaders if x.agent != lead.agent}
            p.shared_tasks += bool(others)
            co.setdefault(lead.agent, set()).update(others)
            key = keys.get(lead.notice) or keys.setdefault(lead.notice, corpus.notice_key(lead.notice))
            if key not in p.notices:
                p.notices.append(key)
            p.task_numbers.append(f"{key}#{'P' if lead.task_kind != 'task' else ''}{lead.number}")
            units.setdefault(lead.agent, Counter()).update(unit_names)
            primary.setdefault(lead.agent, Counter()).update(primary_names)
    for agent, p in out.items():
        p.co_leaders = sorted(co.get(agent, ()))
        p.units = sorted(units[agent].items(), key=lambda x: (-x[1], x[0]))
        p.primary_units = sorted(primary[agent].items(), key=lambda x: (-x[1], x[0]))
    return sorted(out.values(), key=lambda p: (-p.load, -p.tasks, p.name))
