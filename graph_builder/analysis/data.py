"""The graph as the analysis sees it: SPARQL over a :class:`pyoxigraph.Store`.

Everything the analysis and the views use comes from the queries in
``graph_builder/analysis/queries/*.rq`` run over the store, never from the
parser's records.  :func:`load_corpus` turns their rows into a :class:`Corpus`:
the notices and one :class:`Assignment` per (task, responsible party, role).

:func:`open_dataset` opens the build's embedded store (``EXPORTS/store/``) read-only
when it is as new as the dataset dump, and only otherwise parses the dump into
memory (100 notices, 1.5 M quads: 0 s against 12 s and 700 MB).  The queries read
each table once — notices, tasks, agents, assignments — and :func:`load_corpus`
joins them: a task's text or an agent's name is decoded from the store once, not
once per assignment.

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
import functools
import gc
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from graph_builder.store.oxstore import STORE_DIR, STORE_DIRTY

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "DATASET_FILES",
    "Role",
    "AgentKind",
    "NoticeInfo",
    "Assignment",
    "Corpus",
    "dataset_source",
    "open_dataset",
    "load_query",
    "select",
    "load_corpus",
    "without_gc",
]

#: export files :func:`open_dataset` reads, first found wins (named graphs kept)
DATASET_FILES = ("policykg.nq", "policykg.trig", "dataset.nq", "dataset.trig")
#: files whose presence says the embedded store is being changed (an incremental build in progress or
#: interrupted): the dump is read instead
STORE_BUSY_MARKERS = (str(STORE_DIRTY),)

_P = ParamSpec("_P")
_T = TypeVar("_T")


def without_gc(func: Callable[_P, _T]) -> Callable[_P, _T]:
    """Run ``func`` with Python's cyclic garbage collector paused.

    For the functions that build hundreds of thousands of small dicts, tuples and sets, all kept
    until they return and none in a reference cycle: with a large corpus in memory the collector
    otherwise walks the whole heap again and again while they run (reading 1,000 notices: 14 s of
    Python instead of 7).  The collector is switched back on, if it was on, when ``func`` returns.
    """
    @functools.wraps(func)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()
    return paused


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
    #: notice IRI -> positions of its assignments and of its texts (with the task IRIs), made when first
    #: needed by :meth:`for_notices` (one pass over the corpus, not one per notice); remade when the lists change
    _index: tuple[tuple[int, ...], dict[str, tuple[list[int], list[tuple[int, str]]]]] | None = field(
        default=None, init=False, repr=False, compare=False)

    @without_gc
    def _positions(self) -> dict[str, tuple[list[int], list[tuple[int, str]]]]:
        stamp = (id(self.assignments), len(self.assignments), id(self.texts), len(self.texts))
        known = getattr(self, "_index", None)  # absent in a corpus unpickled from an older version
        if known is not None and known[0] == stamp:
            return known[1]
        index: dict[str, tuple[list[int], list[tuple[int, str]]]] = {}
        for i, a in enumerate(self.assignments):
            index.setdefault(a.notice, ([], []))[0].append(i)
        for i, (task, value) in enumerate(self.texts.items()):
            index.setdefault(value[0], ([], []))[1].append((i, task))
        self._index = (stamp, index)
        return index

    def for_notices(self, notices: Iterable[str]) -> Corpus:
        """The part of the corpus read from ``notices`` (IRIs), in the corpus' order."""
        keep = set(notices)
        index = self._positions()
        parts = [index[n] for n in keep if n in index]
        rows = sorted(i for part in parts for i in part[0])
        tasks = sorted(t for part in parts for t in part[1])
        return Corpus({k: v for k, v in self.notices.items() if k in keep},
                      [self.assignments[i] for i in rows], {task: self.texts[task] for _, task in tasks})

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


def _dump(folder: Path) -> Path | None:
    """The dataset dump of ``folder``: the first of :data:`DATASET_FILES` there, or None."""
    return next((folder / name for name in DATASET_FILES if (folder / name).is_file()), None)


def _newest_mtime(folder: Path) -> float:
    """The newest modification time of ``folder`` and of the entries in it."""
    newest = folder.stat().st_mtime
    for entry in folder.iterdir():
        try:
            newest = max(newest, entry.stat().st_mtime)
        except OSError:  # removed while we looked
            continue
    return newest


def dataset_source(exports_dir: str | Path) -> tuple[str, Path] | None:
    """Where :func:`open_dataset` reads the graph of ``exports_dir``: ``("store", EXPORTS/store)`` or
    ``("dump", EXPORTS/policykg.nq)`` (or another of :data:`DATASET_FILES`); None when neither is there.

    The store is used when it is not older than the dump (``policykg build`` writes the dump, then
    loads or updates the store from it; opening a store to write touches its folder) and no marker of
    :data:`STORE_BUSY_MARKERS` says that it is being changed.
    """
    folder = Path(exports_dir)
    dump = _dump(folder)
    store = folder / STORE_DIR
    if (store.is_dir() and (store / "CURRENT").is_file()
            and not any((folder / marker).exists() for marker in STORE_BUSY_MARKERS)
            and (dump is None or _newest_mtime(store) >= dump.stat().st_mtime)):
        return "store", store
    return ("dump", dump) if dump is not None else None


def open_dataset(exports_dir: str | Path) -> pyoxigraph.Store:
    """The graph of ``exports_dir`` as a :class:`pyoxigraph.Store` (which one: :func:`dataset_source`).

    The build's embedded store is opened read-only (any number of readers may share it); else the
    N-Quads (or TriG) dump is bulk-loaded into an in-memory store, named graphs kept.

    Raises
    ------
    FileNotFoundError
        When the folder holds none of :data:`DATASET_FILES` and no store; the message says how to make them.
    """
    import pyoxigraph as ox

    folder = Path(exports_dir)
    source = dataset_source(folder)
    if source is not None and source[0] == "store":
        try:
            return ox.Store.read_only(str(source[1]))
        except OSError:  # a store this pyoxigraph cannot open (another version, damaged): read the dump
            dump = _dump(folder)
            source = ("dump", dump) if dump is not None else None
    if source is not None:
        path = source[1]
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG)
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


def _tuples(store: pyoxigraph.Store, name: str) -> Iterator[tuple[Any, ...]]:
    """Rows of the SELECT query ``name`` as tuples of values, in the order of its variables (cheaper than
    :func:`select`'s dicts for long results)."""
    import pyoxigraph as ox

    solutions = store.query(load_query(name), use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"queries/{name}.rq is not a SELECT query")
    width = range(len(solutions.variables))
    for solution in solutions:
        yield tuple(None if (term := solution[i]) is None else term.value for i in width)


def _key(file: str) -> str:
    return Path(file).stem


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[Any, ...]:
    """Sort key of ``text`` with its numbers compared as numbers (``…/project/9`` before ``…/project/10``)."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text))


@without_gc
def load_corpus(store: pyoxigraph.Store) -> Corpus:
    """Read the notices and assignments of ``store``.

    ``notices.rq``, ``owners.rq`` (tasks and project items), ``agents.rq`` and ``assignments.rq``
    each read one table; they are joined here.  An assignment whose task or agent is not in the
    other tables (no number, no notice; no class of responsible party, no name) is left out, and a
    party listed twice in one role on one task counts once, at its first listed position.
    Assignments are ordered by notice, task (tasks before project items, by number, project items of
    one number by project), leaders first, then by listed order, role and party; the task texts by
    notice and number: so every store gives the same order.
    """
    notices: dict[str, NoticeInfo] = {}
    for row in select(store, "notices"):
        if row["notice"] in notices:
            continue
        notices[row["notice"]] = NoticeInfo(
            iri=row["notice"], key=_key(row["file"]), title=row["label"], issued=row["issued"],
            level=_LEVEL_IRIS.get(row["level"] or ""), jurisdiction=row["regionName"], parent=row["parentName"])
    projects = {row["item"]: row["title"] for row in select(store, "projects")}
    # owner IRI -> (notice, kind, number, label, text)
    owners: dict[str, tuple[str, str, int, str, str]] = {}
    texts: dict[str, tuple[str, int, str]] = {}
    for owner, kind, notice, number, label, text in _tuples(store, "owners"):
        number = int(number)
        if kind == "task" and text is not None:
            texts[owner] = (notice, number, text)
        if owner in owners:
            continue
        text = text or ""
        if kind == "project-item" and owner in projects and projects[owner] not in text:
            text = f"{projects[owner]}：{text}" if text else projects[owner]
        owners[owner] = (notice, kind, number, label or owner, text)
    agents: dict[str, tuple[str, AgentKind]] = {}
    for agent, agent_class, name in _tuples(store, "agents"):
        if agent not in agents:
            agents[agent] = (name, _KIND_IRIS[agent_class])
    rows: dict[tuple[str, str, Role], Assignment] = {}
    roles = {r.value: r for r in Role}
    for owner, agent, role_name, listed in _tuples(store, "assignments"):
        if owner not in owners or agent not in agents:
            continue
        role = roles.get(role_name) or _ROLE_IRIS[role_name]  # an unknown role IRI: KeyError, as before
        order = int(listed or 1)
        key = (owner, agent, role)
        if key in rows and rows[key].order <= order:
            continue
        notice, kind, number, label, text = owners[owner]
        name, agent_kind = agents[agent]
        rows[key] = Assignment(notice, owner, kind, number, label, text, agent, name, agent_kind, role, order)
    keys = {iri: info.key for iri, info in notices.items()}
    by_owner: dict[str, list[Assignment]] = {}
    for a in rows.values():
        by_owner.setdefault(a.task, []).append(a)
    assignments: list[Assignment] = []
    for owner in sorted(by_owner, key=lambda o: (keys.get(owners[o][0], owners[o][0]), owners[o][1], owners[o][2],
                                                _natural(o) if owners[o][1] != "task" else ())):
        assignments.extend(sorted(by_owner[owner], key=lambda a: (a.role != Role.LEADER, a.order,
                                                                  -_ROLE_ORDER[a.role], a.agent)))
    texts = dict(sorted(texts.items(), key=lambda kv: (keys.get(kv[1][0], kv[1][0]), kv[1][1], _natural(kv[0]))))
    return Corpus(notices, assignments, texts)


#: the strongest role first where a party's listed positions tie (leader, primary, responsible, assisting)
_ROLE_ORDER = {Role.LEADER: 4, Role.PRIMARY: 3, Role.RESPONSIBLE: 2, Role.ASSISTING: 1}
