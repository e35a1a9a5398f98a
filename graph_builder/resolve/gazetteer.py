"""The gazetteer: administrative areas of the sample notices' region (济宁市, its counties and districts with
GB/T 2260 codes, towns and streets as they appear in the notices), read from ``data/regions.tsv``.

One file serves every stage that needs places: resolution (which jurisdiction encloses a unit), extraction
(region mentions in text) and the graph (codes and ``geo:sfWithin``).

>>> parent_of("嘉祥县"), parent_of("新兖镇"), AREAS["兖州区"].code
('济宁市', '兖州区', '370812')
>>> canonical_area("新充镇")  # a misprint listed as an alias
'新兖镇'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Area", "AREAS", "load_areas", "parent_of", "canonical_area"]


@dataclass(frozen=True, slots=True)
class Area:
    name: str
    level: str  # city | county | district | town | street
    code: str | None  # GB/T 2260 (city and county level)
    parent: str | None
    short: str | None  # short form used in running text (兖州 for 兖州区)
    aliases: tuple[str, ...]  # other printed forms (misprints found in notices)
    source: str


@cache
def load_areas(name: str = "regions.tsv") -> dict[str, Area]:
    text = resources.files("graph_builder.resolve").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    out: dict[str, Area] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        name_, level, code, parent, short, aliases, source = (cols + ["-"] * 7)[:7]
        out[name_] = Area(
            name=name_, level=level, code=None if code == "-" else code, parent=None if parent == "-" else parent,
            short=None if short == "-" else short,
            aliases=tuple(a for a in aliases.split(",") if a and a != "-"), source=source,
        )
    return out


AREAS = load_areas()


def parent_of(name: str) -> str | None:
    area = AREAS.get(canonical_area(name) or name)
    return area.parent if area else None


def canonical_area(name: str) -> str | None:
    """The gazetteer name of an area printed as ``name`` (itself, or the area it is an alias of)."""
    if name in AREAS:
        return name
    for area in AREAS.values():
        if name in area.aliases:
            return area.name
    return None
