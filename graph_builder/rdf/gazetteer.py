"""The gazetteer as the graph sees it: a view of the single gazetteer of the project
(``graph_builder/resolve/data/regions.tsv``, read by :mod:`graph_builder.resolve.gazetteer`).

It answers what the builder needs: which area encloses a jurisdiction, an area's
GB/T 2260 code and level (``skos:notation``, ``pkg:adminLevel``), its short form
(兖州 for 兖州区) and listed misprints, and which area a name printed inside a unit
name (嘉祥县 in 市生态环境局嘉祥县分局, 兖州 in 市公安局兖州分局) stands for.  Areas not
listed are still minted from their names; they just carry no code.

Examples
--------
>>> GAZETTEER["兖州区"].parent, GAZETTEER["新兖镇"].level
('济宁市', <Level.TOWN: 'town'>)
>>> parent_of("嘉祥县")
'济宁市'
>>> parent_of("不存在县") is None
True
>>> area_named("兖州").name, area_named("新充镇").name, area_named("不存在县")
('兖州区', '新兖镇', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graph_builder.parse.records import Level
from graph_builder.resolve.gazetteer import AREAS

__all__ = ["Area", "GAZETTEER", "parent_of", "level_of", "area_named"]

#: level words of regions.tsv -> records.Level (a street office is at town level)
_LEVELS = {"province": Level.PROVINCE, "city": Level.CITY, "county": Level.COUNTY, "district": Level.DISTRICT,
           "town": Level.TOWN, "street": Level.TOWN}


@dataclass(frozen=True, slots=True)
class Area:
    """One administrative area: name, GB/T 2260 code (city and county level), level, enclosing area,
    short form and listed misprints."""

    name: str
    code: str | None
    level: Level
    parent: str | None
    short: str | None = None
    aliases: tuple[str, ...] = ()


#: name -> area, every row of regions.tsv
GAZETTEER: dict[str, Area] = {
    a.name: Area(a.name, a.code, _LEVELS.get(a.level, Level.UNKNOWN), a.parent, a.short, a.aliases)
    for a in AREAS.values()
}


def parent_of(name: str) -> str | None:
    """Name of the area that directly encloses ``name``, if the gazetteer knows it."""
    area = GAZETTEER.get(name)
    return area.parent if area else None


@cache
def _surfaces() -> dict[str, Area]:
    out: dict[str, Area] = {}
    for area in GAZETTEER.values():  # full names and misprints first, short forms only where free
        out[area.name] = area
        for alias in area.aliases:
            out.setdefault(alias, area)
    for area in GAZETTEER.values():
        if area.short:
            out.setdefault(area.short, area)
    return out


def area_named(text: str) -> Area | None:
    """The area ``text`` names: its full name, a listed misprint or its short form."""
    return _surfaces().get(text)


def level_of(name: str) -> Level:
    """Level of ``name`` from the gazetteer, else guessed from its last character."""
    area = GAZETTEER.get(name)
    if area is not None:
        return area.level
    if name.endswith("省"):
        return Level.PROVINCE
    if name.endswith("区"):
        return Level.DISTRICT
    if name.endswith("县"):
        return Level.COUNTY
    if name.endswith(("镇", "乡", "街道")):
        return Level.TOWN
    return Level.UNKNOWN
