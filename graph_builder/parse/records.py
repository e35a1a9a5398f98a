"""Typed records produced by the parser: the contract every later stage reads.

All offsets are character offsets (Python ``str`` indices, i.e. Unicode code
points) into the *decoded source text* of the file, as returned by
:func:`graph_builder.read.read_path` (a UTF-8 BOM is not counted).  Every
record that came from the notice carries a :class:`Span`, so each fact can be
traced back to the exact characters it was read from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # filled by the extraction stage (graph_builder.extract.annotate), never by the parser
    from graph_builder.extract.records import Indicator, ProjectMention, RegionMention

__all__ = [
    "Role",
    "Level",
    "Span",
    "LeaderRef",
    "UnitRef",
    "Section",
    "Task",
    "ProjectItem",
    "Project",
    "HeadlineTarget",
    "ParseWarning",
    "Unparsed",
    "Notice",
]


class Role(enum.StrEnum):
    """The role a unit plays in a task, as the notice itself defines it."""

    PRIMARY = "primary"  # 牵头单位 / 主办单位 / marked host (bold) / 承办 beside a 协办 field
    ASSISTING = "assisting"  # 协办单位 / 配合单位 / the unmarked units under a marking convention
    RESPONSIBLE = "responsible"  # listed, but the notice gives no way to tell lead from assist


class Level(enum.StrEnum):
    """Level of government of the jurisdiction that issued a notice."""

    PROVINCE = "province"
    CITY = "city"  # 地级市 (prefecture-level city)
    COUNTY = "county"  # 县 / 县级市
    DISTRICT = "district"  # 市辖区
    TOWN = "town"  # 镇 / 乡 / 街道
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range ``[start, end)`` of characters in the source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")


@dataclass(slots=True)
class LeaderRef:
    """A leader named in a task (牵头领导 / 分管领导)."""

    name: str
    collective: bool
    order: int
    span: Span
    quote: str  # the characters of the source this name was read from


@dataclass(slots=True)
class UnitRef:
    """A unit named in a task, with the role the notice gives it."""

    name: str
    role: Role
    order: int  # 1-based position in the task's list of units, as printed
    collective: bool
    span: Span
    quote: str
    field: str  # the label of the field it was listed under: 牵头单位, 承办单位, 协办单位 …


@dataclass(slots=True)
class Section:
    number: str  # as printed: 一, 二 … or (一), (二) …
    ordinal: int  # 1-based position in the notice
    level: int  # 1 for 一、 headings, 2 for (一) headings, 3 for 1. headings used as sections
    title: str
    span: Span  # the heading line
    intro: str = ""  # text under the heading before its first task


@dataclass(slots=True)
class Task:
    number: int  # 1-based position in the notice, contiguous
    stated_number: int | None  # as printed, or None where the notice omits it
    section: str | None  # Section.number of the enclosing section
    text: str  # clean text of the task, assignment fields removed
    span: Span  # the whole task in the source, assignment fields included
    leaders: list[LeaderRef] = field(default_factory=list)
    units: list[UnitRef] = field(default_factory=list)
    # Filled by graph_builder.extract.annotate (spaCy); empty after parsing alone.
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)


@dataclass(slots=True)
class ProjectItem:
    number: str | None  # (1), (2) … as printed; None where the project has one item
    content: str
    span: Span
    leaders: list[LeaderRef] = field(default_factory=list)
    units: list[UnitRef] = field(default_factory=list)  # role primary = 主办, assisting = 协办


@dataclass(slots=True)
class Project:
    """A row group of an annex table (e.g. a 民生实事 project)."""

    number: int
    name: str
    annex: str  # title of the annex table it belongs to
    span: Span
    items: list[ProjectItem] = field(default_factory=list)


@dataclass(slots=True)
class HeadlineTarget:
    """A sentence stating the main expected targets (主要预期目标)."""

    text: str
    span: Span
    task: int | None = None  # Task.number when the targets are stated as a task


@dataclass(slots=True)
class ParseWarning:
    code: str  # stable code, e.g. W101; see graph_builder.errors
    message: str
    span: Span | None = None


@dataclass(slots=True)
class Unparsed:
    """Source text that went into no structure, or was set aside as page furniture."""

    kind: str  # "body" (content that fitted nowhere), "navigation", "page-number"
    text: str
    span: Span


@dataclass(slots=True)
class Notice:
    source: str  # path of the file as given
    sha256: str  # of the file's bytes
    encoding: str
    title: str | None
    doc_number: str | None  # e.g. 济兖政发〔2023〕1号
    issuer: str | None
    date: str | None  # ISO 8601
    jurisdiction: str | None  # 兖州区, 嘉祥县, 济宁市
    level: Level
    parent_jurisdiction: str | None  # 济宁市 for 兖州区, when the notice names it
    recipients: str | None
    conventions: list[str] = field(default_factory=list)  # role conventions stated by the notice
    preamble: str = ""  # the covering text before the first section or task
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    headline_targets: list[HeadlineTarget] = field(default_factory=list)
    headline_indicators: list[Indicator] = field(default_factory=list)  # filled by extract.annotate
    warnings: list[ParseWarning] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (enums as their values, spans as ``{"start", "end"}``): what
        ``dataclasses.asdict`` gives, with enums as values, without its deep copies.

        Written out record by record (the generic :func:`_jsonable` walk took a fifth of ``parse --json``);
        the records the extraction adds go through :func:`_jsonable`.  A test checks that both give the
        same dict (tests/parse/test_samples.py), so a field added to a record must be added here too.
        """
        return {
            "source": self.source,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "date": self.date,
            "jurisdiction": self.jurisdiction,
            "level": self.level.value,
            "parent_jurisdiction": self.parent_jurisdiction,
            "recipients": self.recipients,
            "conventions": list(self.conventions),
            "preamble": self.preamble,
            "sections": [_section_json(s) for s in self.sections],
            "tasks": [_task_json(t) for t in self.tasks],
            "projects": [_project_json(p) for p in self.projects],
            "headline_targets": [{"text": h.text, "span": _span_json(h.span), "task": h.task}
                                 for h in self.headline_targets],
            "headline_indicators": [_jsonable(i) for i in self.headline_indicators],
            "warnings": [{"code": w.code, "message": w.message, "span": None if w.span is None else _span_json(w.span)}
                         for w in self.warnings],
            "unparsed": [{"kind": u.kind, "text": u.text, "span": _span_json(u.span)} for u in self.unparsed],
        }


def _span_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end}


def _leader_json(x: LeaderRef) -> dict[str, Any]:
    return {"name": x.name, "collective": x.collective, "order": x.order, "span": _span_json(x.span),
            "quote": x.quote}


def _unit_json(u: UnitRef) -> dict[str, Any]:
    return {"name": u.name, "role": u.role.value, "order": u.order, "collective": u.collective,
            "span": _span_json(u.span), "quote": u.quote, "field": u.field}


def _section_json(s: Section) -> dict[str, Any]:
    return {"number": s.number, "ordinal": s.ordinal, "level": s.level, "title": s.title,
            "span": _span_json(s.span), "intro": s.intro}


def _task_json(t: Task) -> dict[str, Any]:
    return {
        "number": t.number,
        "stated_number": t.stated_number,
        "section": t.section,
        "text": t.text,
        "span": _span_json(t.span),
        "leaders": [_leader_json(x) for x in t.leaders],
        "units": [_unit_json(u) for u in t.units],
        "indicators": [_jsonable(i) for i in t.indicators],
        "projects": [_jsonable(p) for p in t.projects],
        "regions": [_jsonable(r) for r in t.regions],
    }


def _project_json(p: Project) -> dict[str, Any]:
    items = [{"number": i.number, "content": i.content, "span": _span_json(i.span),
              "leaders": [_leader_json(x) for x in i.leaders], "units": [_unit_json(u) for u in i.units]}
             for i in p.items]
    return {"number": p.number, "name": p.name, "annex": p.annex, "span": _span_json(p.span), "items": items}


_FIELDS: dict[type, tuple[str, ...]] = {}


def _jsonable(value: Any) -> Any:
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    if isinstance(value, enum.Enum):
        return value.value
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(value):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
