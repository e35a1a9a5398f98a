"""Find places of the gazetteer (``graph_builder/resolve/data/regions.tsv``) in normalised text.

Rules:

* A full official name (兖州区, 嘉祥县, 纸坊镇, 嘉祥街道) or a listed alias (the misprint 新充镇)
  is always a mention, also inside an organisation name (市生态环境局嘉祥县分局 names
  嘉祥县).  Longest name wins: 嘉祥街道 is the street, not 嘉祥县.
* A short form (兖州, 曲阜, 梁山) is a mention only when it stands on its own between list
  punctuation: preceded by the start, punctuation or 和/及/与, and followed by punctuation,
  和/及/与/等/为 or the end (``以高新区、任城、曲阜、微山为重点``).  A short form glued to
  other characters names something else or only modifies it: 梁山港 (a port), 微山湖 (a lake),
  兖州工业园区 (a park), 济宁高新区, 金乡大蒜 — none of these is a mention of the county.
  The rule trades recall for precision: ``支持微山创建…`` is missed (measured on the gold set).

Examples
--------
>>> from graph_builder.extract.normalize import normalize
>>> [(r.name, r.code, r.text) for r in RegionMatcher()(normalize("推动邹城市、金乡县争创；以任城、曲阜为重点；梁山港"))]
[('邹城市', '370883', '邹城市'), ('金乡县', '370828', '金乡县'), ('任城区', '370811', '任城'), ('曲阜市', '370881', '曲阜')]
"""

from __future__ import annotations

import re

from graph_builder.extract.config import REGIONS_CONFIG as _CONFIG
from graph_builder.extract.normalize import NormText
from graph_builder.extract.records import RegionLevel, RegionMention
from graph_builder.extract.tables import Region, load_regions

__all__ = ["RegionMatcher"]

_BEFORE = set("，。；、,;：:（(“\n和及与以在对")
_AFTER = set("，。；、,;：:）)”\n和及与等为")


class RegionMatcher:
    """Callable matcher over :class:`NormText`; ``short_forms=False`` matches full names only.  The
    defaults are the component's (:data:`~graph_builder.extract.config.REGIONS_CONFIG`)."""

    def __init__(self, *, gazetteer: str = _CONFIG["gazetteer"], short_forms: bool = _CONFIG["short_forms"]) -> None:
        # The province is in the gazetteer for the hierarchy only: 山东省 in task text names provincial
        # programmes and brands (山东省知名农产品品牌), not a place where the task is done.
        self.regions = tuple(r for r in load_regions(gazetteer) if r.level is not RegionLevel.PROVINCE)
        self.by_surface: dict[str, tuple[Region, bool]] = {}
        for region in self.regions:
            self.by_surface[region.name] = (region, False)
            for alias in region.aliases:
                self.by_surface[alias] = (region, False)
        if short_forms:
            for region in self.regions:
                if region.short and region.short not in self.by_surface:
                    self.by_surface[region.short] = (region, True)
        names = sorted(self.by_surface, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(n) for n in names))

    def __call__(self, norm: NormText) -> list[RegionMention]:
        text = norm.text
        found = []
        for m in self._pattern.finditer(text):
            region, short = self.by_surface[m.group()]
            if short:
                before = text[m.start() - 1] if m.start() > 0 else "\n"
                after = text[m.end()] if m.end() < len(text) else "\n"
                if before not in _BEFORE or after not in _AFTER:
                    continue
            s, e = norm.span(m.start(), m.end())
            found.append(RegionMention(region.name, region.level, region.code, region.parent,
                                       norm.original[s:e], s + norm.offset, e + norm.offset))
        return found
