"""The graph as the analysis sees it: SPARQL over a :class:`pyoxigraph.Store`.

Everything the analysis and the views use comes from the queries in
``graph_builder/analysis/queries/*.rq`` run over the store, never from the
parser's records.  :func:`load_corpus` turns their rows into a :class:`Corpus`:
the notices and one :class:`Assignment` per (task, responsible party, role).

Examples
--------
>>> corpus = Corpus(notices={}, assignments=[
...     Assignment("n", "n#1", "task", 1, "第1项任务", "修路", "u1", "区交通运输局", AgentKind.UNIT, Role.PRIMARY, 1),
...     Assignment("n", "n#1", "task", 1, "第1项任务", "修路", "c1", "各镇街", AgentKind.COLLECTIVE_UNIT,
...                Role.ASSISTING, 2),
... ])
>>> sorted(a.name for a in corpus.assignments if a.kind.is_unit)
['区交通运输局', '各镇街']
>>> len(corpus.without_collectives().assignments)
1
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "DATASET_FILES",
    "Role",
    "AgentKind",
    "NoticeInfo",
    "Assignment",
    "Corpus",
    "open_dataset",
    "load_query",
    "select",
    "load_corpus",
]

#: export files :func:`open_dataset` reads, first found wins (named graphs kept)
DATASET_FILES = ("policykg.nq", "policykg.trig", "dataset.nq", "dataset.trig")

class Role(enum.StrEnum):
    """The role of an assignment (``pkg:roles``)."""

    PRIMARY = "primary"
    RESPONSIBLE = "responsible"
    ASSISTING = "assisting"
    LEADER = "leader"

    @classmethod
    def from_iri(cls, iri: str) -> Role:
        return _ROLE_IRIS[iri]


class AgentKind(enum.StrEnum):
    """The class of a responsible party."""

    UNIT = "unit"
    COLLECTIVE_UNIT = "collective-unit"
    LEADER = "leader"
    COLLECTIVE_LEADER = "collective-leader"

    @property
    def is_unit(self) -> bool:
        return self in (AgentKind.UNIT, AgentKind.COLLECTIVE_UNIT)

    @property
    def is_collective(self) -> bool:
        return self in (AgentKind.COLLECTIVE_UNIT, AgentKind.COLLECTIVE_LEADER)


def _role_iris() -> dict[str, Role]:
    from graph_builder.rdf.namespace import PKG

    return {str(PKG.rolePrimary): Role.PRIMARY, str(PKG.roleResponsible): Role.RESPONSIBLE,
            str(PKG.roleAssisting): Role.ASSISTING, str(PKG.roleLeader): Role.LEADER}


def _kind_iris() -> dict[str, AgentKind]:
    from graph_builder.rdf.namespace import PKG

    return {str(PKG.Unit): AgentKind.UNIT, str(PKG.CollectiveUnit): AgentKind.COLLECTIVE_UNIT,
            str(PKG.Leader): AgentKind.LEADER, str(PKG.CollectiveLeader): AgentKind.COLLECTIVE_LEADER}


def _level_iris() -> dict[str, str]:
    from graph_builder.rdf.namespace import PKG

    return {str(PKG.levelProvince): "province", str(PKG.levelCity): "city", str(PKG.levelCounty): "county",
            str(PKG.levelDistrict): "district", str(PKG.levelTown): "town"}


_ROLE_IRIS = _role_iris()
_KIND_IRIS = _kind_iris()
_LEVEL_IRIS = _level_iris()


@dataclass(frozen=True, slots=True)
class NoticeInfo:
    """One notice: what the comparisons need to pair notices."""

    iri: str
    key: str  # the source file stem, e.g. ``yanzhou-2023``
    title: str
    issued: str | None = None
    level: str | None = None  # city / county / district / …
    jurisdiction: str | None = None
    parent: str | None = None  # the parent region of the jurisdiction

    @property
    def year(self) -> int | None:
        return int(self.issued[:4]) if self.issued and self.issued[:4].isdigit() else None


@dataclass(frozen=True, slots=True)
class Assignment:
    """One row of ``assignments.rq``: ``agent`` has ``role`` in ``task`` of ``notice``."""

    notice: str
    task: str
    task_kind: str  # "task" or "project-item"
    number: int
    task_label: str
    text: str
    agent: str
    name: str
    kind: AgentKind
    role: Role
    order: int = 1


@dataclass(slots=True)
class Corpus:
    """The notices and assignments of a graph (or of a part of it)."""

    notices: dict[str, NoticeInfo]
    assignments: list[Assignment] = field(default_factory=list)
    #: task IRI -> (notice IRI, task number, text), for every task, with or without assignments
    texts: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def for_notices(self, notices: Iterable[str]) -> Corpus:
        """The part of the corpus read from ``notices`` (IRIs)."""
        keep = set(notices)
        return Corpus({k: v for k, v in self.notices.items() if k in keep},
                      [a for a in self.assignments if a.notice in keep],
                      {k: v for k, v in self.texts.items() if v[0] in keep})

    def without_collectives(self) -> Corpus:
        """The corpus without collective units and leaders (各镇街, 各位县长 …)."""
        return Corpus(dict(self.notices), [a for a in self.assignments if not a.kind.is_collective],
                      dict(self.texts))

    def tasks(self) -> dict[str, list[Assignment]]:
        """Assignments grouped by task (or project item), in order of first appearance."""
        out: dict[str, list[Assignment]] = {}
        for a in self.assignments:
            out.setdefault(a.task, []).append(a)
        return out

    def agents(self) -> dict[str, tuple[str, AgentKind]]:
        """Agent IRI -> (name, kind)."""
        return {a.agent: (a.name, a.kind) for a in self.assignments}

    def notice_key(self, iri: str) -> str:
        info = self.notices.get(iri)
        return info.key if info else iri.rstrip("/").rsplit("/", 1)[-1]

    def find_notice(self, name: str) -> str | None:
        """The IRI of the notice whose key (file stem), file name or IRI is ``name``."""
        for iri, info in self.notices.items():
            if name in (iri, info.key, f"{info.key}.txt") or Path(name).stem == info.key:
                return iri
        return None


def open_dataset(exports_dir: str | Path) -> pyoxigraph.Store:
    """Load the N-Quads (or TriG) export of ``exports_dir`` into an in-memory :class:`pyoxigraph.Store`.

    Raises
    ------
    FileNotFoundError
        When the folder holds none of :data:`DATASET_FILES`; the message says how to make them.
    """
    import pyoxigraph as ox

    folder = Path(exports_dir)
    for name in DATASET_FILES:
        path = folder / name
        if path.is_file():
            fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
            store = ox.Store()
            store.bulk_load(path=str(path), format=fmt)
            return store
    raise FileNotFoundError(f"{folder}: [E401] no dataset export ({', '.join(DATASET_FILES)}) — "
                            f"run `policykg build data/notices -o {folder}` first")


@cache
def load_query(name: str) -> str:
    """The text of ``queries/<name>.rq`` shipped with this package."""
    return resources.files("graph_builder.analysis").joinpath("queries", f"{name}.rq").read_text("utf-8")


def _value(term: Any) -> Any:
    if term is None:
        return None
    return term.value


def select(store: pyoxigraph.Store, name: str) -> Iterator[dict[str, Any]]:
    """Rows of the SELECT query ``name`` over the union of the store's graphs, as ``{variable: value}``."""
    import pyoxigraph as ox

    solutions = store.query(load_query(name), use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"queries/{name}.rq is not a SELECT query")
    variables = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {v: _value(solution[v]) for v in variables}


def _key(file: str) -> str:
    return Path(file).stem


def load_corpus(store: pyoxigraph.Store) -> Corpus:
    """Read the notices and assignments of ``store`` (see ``notices.rq`` and ``assignments.rq``)."""
    notices: dict[str, NoticeInfo] = {}
    for row in select(store, "notices"):
        if row["notice"] in notices:
            continue
        notices[row["notice"]] = NoticeInfo(
            iri=row["notice"], key=_key(row["file"]), title=row["label"], issued=row["issued"],
            level=_LEVEL_IRIS.get(row["level"] or ""), jurisdiction=row["regionName"], parent=row["parentName"])
    projects = {row["item"]: row["title"] for row in select(store, "projects")}
    rows: dict[tuple[str, str, Role], Assignment] = {}
    for row in select(store, "assignments"):
        role = Role.from_iri(row["role"])
        owner = row["owner"]
        text = row["text"] or ""
        if row["ownerKind"] == "project-item" and owner in projects and projects[owner] not in text:
            text = f"{projects[owner]}：{text}" if text else projects[owner]
        a = Assignment(notice=row["notice"], task=owner, task_kind=row["ownerKind"], number=int(row["number"]),
                       task_label=row["label"] or owner, text=text, agent=row["agent"], name=row["name"],
                       kind=_KIND_IRIS[row["agentClass"]], role=role, order=int(row["order"] or 1))
        key = (a.task, a.agent, a.role)
        if key not in rows or a.order < rows[key].order:
            rows[key] = a
    assignments = sorted(rows.values(), key=lambda a: (notices[a.notice].key if a.notice in notices else a.notice,
                                                       a.task_kind, a.number, a.role != Role.LEADER, a.order))
    texts = {row["task"]: (row["notice"], int(row["number"]), row["text"]) for row in select(store, "tasks")}
    return Corpus(notices, assignments, texts)
