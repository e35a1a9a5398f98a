"""Typed records produced by the extraction pipeline (no spaCy needed to import them).

Offsets are character offsets (Python ``str`` indices) into the text given to
:func:`graph_builder.extract.extract`, plus the caller-supplied ``offset``; so when
the caller passes ``Task.text`` together with the task's start in the notice, the
spans point into the notice's source text.  ``text`` is always the *original*
characters of the match, PDF artefacts included (``"投资 140 亿元"``).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Comparator",
    "IndicatorKind",
    "RegionLevel",
    "Indicator",
    "MonetaryAmount",
    "Capacity",
    "ProjectMention",
    "RegionMention",
    "Extraction",
]


class Comparator(str, enum.Enum):  # noqa: UP042 - same style as graph_builder.parse.records
    """How the stated value bounds the target.

    ``ge`` 以上 / 不低于 / 不少于 / 突破 / 超过 / 过; ``le`` 以下 / 以内 / 不超过 / 控制在;
    ``approx`` 左右 / 约 / 近; ``eq`` a plain value (增长6%, 达到64.08%, 新增4500人).
    A printed suffix or prefix overrides what the verb implies.
    """

    GE = "ge"
    LE = "le"
    APPROX = "approx"
    EQ = "eq"


class IndicatorKind(str, enum.Enum):  # noqa: UP042 - same style as graph_builder.parse.records
    """What the value measures (a closed set).

    ``growth``: a rate of change of the metric, in % or 个百分点 (增长 / 提高 / 增幅 … ;
    下降 / 降低 give a negative value).  ``level``: the state the metric reaches or stays
    within (达到 / 突破 / 稳定在 / 控制在 …, and rates stated without a verb).
    ``change``: an amount added or done within the period (新增 / 新建 / 完成 / 引进 …;
    压减 gives a negative value).
    """

    GROWTH = "growth"
    LEVEL = "level"
    CHANGE = "change"


class RegionLevel(str, enum.Enum):  # noqa: UP042 - same style as graph_builder.parse.records
    PROVINCE = "province"  # 省 (in the gazetteer for the hierarchy; not matched in text)
    CITY = "city"  # 地级市
    COUNTY = "county"  # 县, 县级市
    DISTRICT = "district"  # 市辖区
    TOWN = "town"  # 镇, 乡
    STREET = "street"  # 街道


@dataclass(frozen=True, slots=True)
class Indicator:
    """A quantitative target: *metric* (verb) *value* *unit* (comparator).

    ``value`` is in the base unit ``unit`` (万 / 亿 multipliers applied: 4.5万人 ->
    45000 人, 140亿元 -> 1.4e10 元).  ``raw`` is the printed quantity (``"4.5万人"``).
    ``value_max`` is set for a printed range (1—3个百分点: value 1, value_max 3).
    """

    metric: str
    value: float
    unit: str
    unit_iri: str | None
    comparator: Comparator
    kind: IndicatorKind
    raw: str
    text: str
    start: int
    end: int
    year: int | None = None
    value_max: float | None = None

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class MonetaryAmount:
    """An amount of money: ``value`` in units of ``currency`` (元 for CNY), multipliers applied."""

    value: float
    currency: str  # ISO 4217: CNY, EUR, USD
    raw: str


@dataclass(frozen=True, slots=True)
class Capacity:
    """A production capacity printed in a project name (170万吨 -> 1.7e6 吨)."""

    value: float
    unit: str
    raw: str
    unit_iri: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectMention:
    """A named project; ``enterprise`` only where the text says who invests (X投资…的Y)."""

    name: str
    enterprise: str | None
    investment: MonetaryAmount | None
    capacity: tuple[Capacity, ...]
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class RegionMention:
    """A place of the gazetteer named in the text (``name`` is the official full name)."""

    name: str
    level: RegionLevel
    code: str | None  # GB/T 2260, city and county level only
    parent: str | None
    text: str  # as printed: 兖州区, 兖州, 新充镇 (misprint of 新兖镇)
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(slots=True)
class Extraction:
    """Everything found in one text, each list in text order."""

    indicators: list[Indicator] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "indicators": [i.to_json() for i in self.indicators],
            "projects": [p.to_json() for p in self.projects],
            "regions": [r.to_json() for r in self.regions],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
