"""Find named projects, their investing enterprise, investment and capacity.

Three printed forms are recognised (no spaCy dependency; see ``components.py``):

1. ``[企业]投资<金额>的<名称>`` — 太阳纸业投资80亿元的170万吨浆纸一体化项目; a list may go on
   with ``、18亿元的<名称>`` / ``和9亿元的<名称>`` (same enterprise) or with ``、800万条自行车胎``
   (a capacity-led name: same enterprise, no investment of its own — the printed amount is
   not split between the items).
2. ``<名称>、<名称>等[…]项目`` — a list of named projects closed by 等…项目 (宁德时代新能源电池、
   金叶食品包装纸等30个项目).  The names are printed without 项目.
3. ``<名称>(、<名称>)*项目`` — a list closed by 项目 with no 等; the last name keeps 项目
   (华能天然气热电联产项目, 金叶5万吨食品包装纸项目).

Aggregates (``总投资583亿元的93个重点产业项目``) are not projects: a name that starts with a
count is dropped.  ``enterprise`` is set only in form 1.

Examples
--------
>>> from graph_builder.extract.normalize import normalize
>>> [(p.enterprise, p.name, p.investment.value if p.investment else None, [c.raw for c in p.capacity])
...  for p in ProjectMatcher()(normalize("加快推进太阳纸业投资80亿元的170万吨浆纸一体化项目，"))]
[('太阳纸业', '170万吨浆纸一体化项目', 8000000000.0, ['170万吨'])]
"""

from __future__ import annotations

import re

from graph_builder.extract.config import PROJECTS_CONFIG as _CONFIG
from graph_builder.extract.normalize import NormText
from graph_builder.extract.numbers import parse_number
from graph_builder.extract.records import Capacity, MonetaryAmount, ProjectMention
from graph_builder.extract.tables import WordIndex, load_multipliers, load_units, load_words

__all__ = ["ProjectMatcher"]

_CURRENCY = {"元": "CNY", "人民币": "CNY", "欧元": "EUR", "美元": "USD"}
_STOP = "，。；、,;：:！？\n"
_NUMBERING = re.compile(r"^[\n\s]*[-•]?\s*\d{1,3}\s*[、.．](?!\d)")
_GENERIC_QUALIFIERS = ("城市建设", "基础设施", "管理", "政策", "资金")
_AGGREGATE = re.compile(r"\d+(?:\.\d+)?(?:个|项|家|批)")
_NAME_QUOTES = str.maketrans("", "", "“”\"")
_CAPACITY_UNITS = ("吨", "条", "GWh", "MW", "GW", "兆瓦", "千瓦", "标箱", "台", "辆", "套", "平方米", "头", "只")


class ProjectMatcher:
    """Callable matcher over :class:`NormText`; table names as in the component config, whose defaults
    (:data:`~graph_builder.extract.config.PROJECTS_CONFIG`) are the defaults here."""

    def __init__(self, *, units: str = _CONFIG["units"], multipliers: str = _CONFIG["multipliers"],
                 verbs: str = _CONFIG["verbs"], stop: str = _CONFIG["stop"],
                 max_name: int = _CONFIG["max_name"]) -> None:
        self.units = load_units(units)
        self.multipliers = load_multipliers(multipliers)
        self.verbs = load_words(verbs)
        self._verb_index = WordIndex(self.verbs)
        self.max_name = max_name
        mult = "|".join(sorted(self.multipliers, key=len, reverse=True))
        money = r"(?P<num>\d+(?:\.\d+)?)(?P<mult>" + mult + r")?(?P<cur>欧元|美元|人民币|元)"
        self._invest = re.compile(r"(?P<total>总)?投资(?P<money>" + money + r")的")
        self._next_money = re.compile(r"[、和](?P<money>" + money + r")的")
        self._capacity = re.compile(
            r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?P<mult>万|亿)?(?P<unit>" + "|".join(_CAPACITY_UNITS) + ")")
        self.stop = load_words(stop)
        self._list_end = re.compile(
            r"(?P<etc>等(?:总投资\d+(?:\.\d+)?亿元的)?(?:\d+个)?[^，。；、,;：:\n]{0,10}?)?项目(?![管化库制])")

    # -- helpers ------------------------------------------------------------------------------
    def _money(self, m: re.Match[str], norm: NormText) -> MonetaryAmount:
        value = float(m.group("num")) * self.multipliers.get(m.group("mult") or "", 1.0)
        s, e = norm.span(m.start("money"), m.end("money"))
        return MonetaryAmount(value, _CURRENCY[m.group("cur")], norm.original[s:e])

    def _capacities(self, name: str) -> tuple[Capacity, ...]:
        out = []
        for m in self._capacity.finditer(name):
            unit = self.units.get(m.group("unit"))
            factor = self.multipliers.get(m.group("mult") or "", 1.0)
            out.append(Capacity(parse_number(m.group("num")) * factor, unit.base if unit else m.group("unit"),
                                m.group(), unit.iri if unit else None))
        return tuple(out)

    def _strip_verbs(self, text: str) -> str:
        while (verb := self._verb_index.prefix(text)) is not None:
            text = text[len(verb):]
        return text

    @staticmethod
    def _clause_start(text: str, end: int) -> int:
        i = end
        while i > 0 and text[i - 1] not in _STOP:
            i -= 1
        return i

    def _name_end(self, text: str, start: int) -> int:
        i = start
        limit = min(len(text), start + self.max_name)
        while i < limit:
            if text[i] in _STOP or text.startswith("等", i):
                return i
            if text.startswith("项目", i):
                return i + 2
            if text[i] == "和" and (self._next_money.match(text, i) or i + 1 < len(text) and text[i + 1].isdigit()):
                return i
            i += 1
        return i

    @staticmethod
    def _aggregate(name: str) -> bool:
        return bool(_AGGREGATE.search(name)) or len(name) < 2

    def _mention(self, norm: NormText, start: int, end: int, enterprise: str | None,
                 investment: MonetaryAmount | None) -> ProjectMention:
        name = norm.text[start:end].translate(_NAME_QUOTES).strip()
        s, e = norm.span(start, end)
        return ProjectMention(name, enterprise, investment, self._capacities(name), norm.original[s:e],
                              s + norm.offset, e + norm.offset)

    # -- main ---------------------------------------------------------------------------------
    def __call__(self, norm: NormText) -> list[ProjectMention]:
        text = norm.text
        found: list[ProjectMention] = []
        taken: list[tuple[int, int]] = []  # normalised spans already used by form 1
        # every match of the two patterns contains 投资 / 项目: a text without them has none
        for m in self._invest.finditer(text) if "投资" in text else ():
            clause = self._clause_start(text, m.start())
            enterprise = self._strip_verbs(text[clause:m.start()]).strip() or None
            if enterprise is not None and (enterprise in self.verbs or m.group("total")):
                enterprise = None
            money: MonetaryAmount | None = self._money(m, norm)
            name_start = m.end()
            while True:
                name_end = self._name_end(text, name_start)
                name = text[name_start:name_end]
                if not self._aggregate(name):
                    found.append(self._mention(norm, name_start, name_end, enterprise, money))
                    taken.append((clause, name_end))
                # the list goes on: 、18亿元的X / 和9亿元的X, or 、800万条X
                nm = self._next_money.match(text, name_end)
                if nm is not None:
                    money = self._money(nm, norm)
                    name_start = nm.end()
                    continue
                if text.startswith("、", name_end) and self._capacity.match(text, name_end + 1):
                    money = None
                    name_start = name_end + 1
                    continue
                break
        for m in self._list_end.finditer(text) if "项目" in text else ():
            start = self._clause_start(text, m.start())
            # a clause may hold several 、-separated names: walk back over 、 while inside one clause
            while start > 0 and text[start - 1] == "、":
                start = self._clause_start(text, start - 1)
            if any(a <= m.start() and start < b for a, b in taken):
                continue
            segment = text[start:m.start()]
            items = segment.split("、")
            pos = start
            with_suffix = m.group("etc") is None
            if not with_suffix and any(w in m.group("etc") for w in _GENERIC_QUALIFIERS):
                continue
            head = _NUMBERING.sub("", items[0])
            if self._strip_verbs(head).startswith(self.stop):
                continue  # the clause's verb says these are not named projects (对接上海盈颜、…)
            for k, item in enumerate(items):
                item_start = pos
                pos += len(item) + 1
                numbered = _NUMBERING.match(item)
                stripped = self._strip_verbs(item[numbered.end():] if numbered else item)
                item_start += len(item) - len(stripped)
                item_end = item_start + len(stripped)
                if k == len(items) - 1 and with_suffix:
                    item_end += 2
                name = text[item_start:item_end]
                if (self._aggregate(stripped) or len(stripped) < 2 or "投资" in stripped or stripped.isdigit()
                        or stripped.startswith(self.stop) or stripped in self.verbs):
                    continue
                if "项目" in stripped[:-1] or (with_suffix and k == len(items) - 1 and len(stripped) < 4):
                    continue
                if with_suffix and k == 0 and not stripped.startswith(self.verbs_free(item)):
                    continue
                found.append(self._mention(norm, item_start, item_end, None, None))
        unique = {(p.start, p.end): p for p in found}
        return sorted(unique.values(), key=lambda p: p.start)

    def verbs_free(self, item: str) -> str:
        """Form 3 (… 项目 with no 等) needs a verb before the name: return the name after it, or "\0"."""
        numbered = _NUMBERING.match(item)
        body = item[numbered.end():] if numbered else item
        stripped = self._strip_verbs(body)
        return stripped if stripped != body else "\0"
