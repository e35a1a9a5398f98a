"""A small built-in gazetteer: administrative areas of 济宁市 with GB/T 2260 codes.

It answers two questions the IRI rules need: which area encloses a
jurisdiction (so that 市生态环境局嘉祥县分局 in a 嘉祥县 notice belongs to 济宁市),
and which code and level an area has (``skos:notation``, ``pkg:adminLevel``).
Areas not listed are still minted from their names; they just carry no code.

Examples
--------
>>> GAZETTEER["兖州区"].parent
'济宁市'
>>> parent_of("嘉祥县")
'济宁市'
>>> parent_of("不存在县") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_builder.parse.records import Level

__all__ = ["Area", "GAZETTEER", "parent_of", "level_of"]


@dataclass(frozen=True, slots=True)
class Area:
    """One administrative area: its name, GB/T 2260 code, level and enclosing area."""

    name: str
    code: str
    level: Level
    parent: str | None


_AREAS = [
    Area("山东省", "370000", Level.PROVINCE, None),
    Area("济宁市", "370800", Level.CITY, "山东省"),
    Area("任城区", "370811", Level.DISTRICT, "济宁市"),
    Area("兖州区", "370812", Level.DISTRICT, "济宁市"),
    Area("微山县", "370826", Level.COUNTY, "济宁市"),
    Area("鱼台县", "370827", Level.COUNTY, "济宁市"),
    Area("金乡县", "370828", Level.COUNTY, "济宁市"),
    Area("嘉祥县", "370829", Level.COUNTY, "济宁市"),
    Area("汶上县", "370830", Level.COUNTY, "济宁市"),
    Area("泗水县", "370831", Level.COUNTY, "济宁市"),
    Area("梁山县", "370832", Level.COUNTY, "济宁市"),
    Area("曲阜市", "370881", Level.COUNTY, "济宁市"),
    Area("邹城市", "370883", Level.COUNTY, "济宁市"),
]

#: name -> area
GAZETTEER: dict[str, Area] = {area.name: area for area in _AREAS}


def parent_of(name: str) -> str | None:
    """Name of the area that directly encloses ``name``, if the gazetteer knows it."""
    area = GAZETTEER.get(name)
    return area.parent if area else None


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
