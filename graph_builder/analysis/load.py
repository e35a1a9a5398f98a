"""Task counts by role and the responsibility load of each unit and leader.

Load weights (``ROLE_WEIGHTS``), per task:

===============  ======  ==========================================================
role             weight  why
===============  ======  ==========================================================
``primary``      1.0     the unit the notice holds to account (牵头/主办单位)
``responsible``  0.5     listed, but the notice does not say whether it leads or
                         assists: the midpoint of primary and assisting is charged
``assisting``    0.25    helps (协办/配合单位): a quarter of a lead, so four
                         assisting units weigh as much as one lead
``leader``       1.0     the leading official (牵头领导); leaders are ranked
                         among themselves, never against units
===============  ======  ==========================================================

Each weight is *split* among the parties that share that role on the task: two
co-primary units get 0.5 each, three responsible units 0.5 / 3 each.  So a task
carries a fixed amount of load per role however many units it lists, and the
loads of all parties add up to the sum over tasks of the roles present — which
is what makes the shares in :mod:`.concentration` comparable between notices.
Collective parties (各镇街 …) count in the split (they do share the task) even
when they are left out of a ranking.

Examples
--------
>>> from graph_builder.analysis.data import Assignment, AgentKind, Corpus, Role
>>> def a(task, agent, role, kind=AgentKind.UNIT):
...     return Assignment("n", task, "task", 1, task, "", agent, agent, kind, role)
>>> corpus = Corpus({}, [a("t1", "甲局", Role.PRIMARY), a("t1", "乙局", Role.PRIMARY),
...                      a("t1", "丙局", Role.ASSISTING), a("t2", "甲局", Role.RESPONSIBLE)])
>>> shares(corpus)[("t1", "甲局")], shares(corpus)[("t1", "丙局")], shares(corpus)[("t2", "甲局")]
(0.5, 0.25, 0.5)
>>> [(row.name, row.load, row.tasks) for row in load_table(corpus)]
[('甲局', 1.0, 2), ('乙局', 0.5, 1), ('丙局', 0.25, 1)]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph_builder.analysis.data import AgentKind, Corpus, Role, without_gc

__all__ = ["ROLE_WEIGHTS", "LoadRow", "shares", "load_table", "role_counts"]

#: load of one task in each role, split among the parties sharing the role on that task
ROLE_WEIGHTS: dict[Role, float] = {
    Role.PRIMARY: 1.0,
    Role.RESPONSIBLE: 0.5,
    Role.ASSISTING: 0.25,
    Role.LEADER: 1.0,
}


@dataclass(slots=True)
class LoadRow:
    """One party's tasks and load."""

    agent: str
    name: str
    kind: AgentKind
    load: float = 0.0
    tasks: int = 0
    by_role: dict[Role, int] = field(default_factory=dict)
    notices: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, object]:
        return {"agent": self.agent, "name": self.name, "kind": self.kind.value, "load": round(self.load, 4),
                "tasks": self.tasks, **{f"tasks_{r.value}": self.by_role.get(r, 0) for r in Role},
                "notices": len(self.notices)}


@without_gc
def shares(corpus: Corpus) -> dict[tuple[str, str], float]:
    """Load of each (task, agent): the role's weight divided by the number of parties in that role on the task.

    A party listed twice on one task (e.g. primary and assisting) gets the sum.
    """
    per_role: dict[tuple[str, Role], set[str]] = defaultdict(set)
    for a in corpus.assignments:
        per_role[(a.task, a.role)].add(a.agent)
    out: dict[tuple[str, str], float] = {}
    get = out.get
    for (task, role), agents in per_role.items():
        share = ROLE_WEIGHTS[role] / len(agents)
        for agent in agents:
            key = (task, agent)
            out[key] = get(key, 0.0) + share
    return out


@without_gc
def load_table(corpus: Corpus, *, kinds: Iterable[AgentKind] | None = None,
               split: Mapping[tuple[str, str], float] | None = None) -> list[LoadRow]:
    """Every party of ``kinds`` (default: all) with its load and task counts, heaviest first (ties by name).

    ``split`` is :func:`shares` of ``corpus`` when the caller has it already.
    """
    wanted = set(kinds) if kinds is not None else set(AgentKind)
    split = shares(corpus) if split is None else split
    rows: dict[str, LoadRow] = {}
    seen: set[tuple[str, str]] = set()
    for a in corpus.assignments:
        if a.kind not in wanted:
            continue
        row = rows.get(a.agent)
        if row is None:
            row = rows[a.agent] = LoadRow(a.agent, a.name, a.kind)
        row.by_role[a.role] = row.by_role.get(a.role, 0) + 1
        row.notices.add(a.notice)
        key = (a.task, a.agent)
        if key not in seen:
            seen.add(key)
            row.tasks += 1
            row.load += split[key]
    return sorted(rows.values(), key=lambda r: (-r.load, -r.tasks, r.name))


def role_counts(corpus: Corpus) -> dict[str, Counter[Role]]:
    """Number of assignments in each role, per notice IRI."""
    out: dict[str, Counter[Role]] = defaultdict(Counter)
    for a in corpus.assignments:
        out[a.notice][a.role] += 1
    return dict(out)
