"""Resolve names to entities: each unit and each leader of a jurisdiction is one node.

The third stage of the flow (read → parse → **resolve** → triples).  A unit or leader
printed in a notice is identified by ``(type, jurisdiction, key)``:

* the *jurisdiction* a unit belongs to follows its level prefix: 区财政局 in a 兖州区
  notice belongs to 兖州区, 县财政局 in a 嘉祥县 notice to 嘉祥县, and a name starting with
  市 in a county or district notice (市生态环境局嘉祥县分局) to the enclosing city;
* the *key* is the printed name with the regular variants of bureau names folded
  (``data/unit_rules.tsv``: 住房和城乡建设 / 住房城乡建设, 科学技术局 / 科技局 …), then mapped
  through the reviewed alias file (``data/aliases.tsv``: typos such as 宋思全 for 宋恩全).

The preferred label of an entity is its most frequent printed form (ties: the
first seen); the other forms are alternative labels.  Every merge carries its
reason.  Near-duplicates that no rule or alias merges (one edit apart, one printed
once and the other at least twice, same jurisdiction and type) are *reported* as
candidates for review, never merged automatically.

>>> from graph_builder.parse import parse_text
>>> n = parse_text("1.甲。(牵头单位:县住房和城乡建设局)\\n2.乙。(牵头单位:县住房城乡建设局)\\n3.丙。(牵头单位:县住房城乡建设局)")
>>> n.jurisdiction = "嘉祥县"
>>> r = Resolver([n])
>>> e = r.unit("县住房和城乡建设局", n)
>>> e.label, e.alt_labels, e.key
('县住房城乡建设局', ['县住房和城乡建设局'], '县住房城乡建设局')
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from graph_builder.parse.records import Notice
from graph_builder.resolve.gazetteer import parent_of

__all__ = ["Entity", "Merge", "Candidate", "Alias", "Resolver", "load_aliases", "unit_scope", "fold_unit_name"]


@dataclass(frozen=True, slots=True)
class Alias:
    type: str  # "unit" or "leader"
    jurisdiction: str
    variant: str
    preferred: str
    reason: str


@dataclass(frozen=True, slots=True)
class Merge:
    """One printed form mapped onto an entity's key, and why."""

    type: str
    jurisdiction: str
    variant: str
    key: str
    rule: str  # "rule" (unit_rules.tsv) or "alias" (aliases.tsv)
    reason: str


@dataclass(slots=True)
class Entity:
    type: str
    jurisdiction: str
    key: str  # stable identifier within (type, jurisdiction): IRIs are minted from it
    collective: bool
    label: str = ""
    alt_labels: list[str] = field(default_factory=list)
    mentions: int = 0
    merges: list[Merge] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Candidate:
    type: str
    jurisdiction: str
    labels: tuple[str, str]  # (rare form, frequent form)
    reason: str


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    text = resources.files("graph_builder.resolve").joinpath("data").joinpath("unit_rules.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        pattern, replacement, reason = line.split("\t")
        out.append((re.compile(pattern), replacement, reason))
    return tuple(out)


def fold_unit_name(name: str) -> tuple[str, list[str]]:
    """The key of a printed unit name under the variant rules, and the reasons of the rules that applied.

    >>> fold_unit_name("区人力资源和社会保障局")
    ('区人力资源社会保障局', ['和 dropped: 人力资源和社会保障 / 人力资源社会保障'])
    >>> fold_unit_name("区科学技术局")[0], fold_unit_name("区生态环境分局")[0]
    ('区科技局', '区生态环境分局')
    """
    reasons: list[str] = []
    key = name
    for pattern, replacement, reason in _rules():
        new = pattern.sub(replacement, key)
        if new != key:
            key = new
            if not reason.startswith("full- and half-width"):
                reasons.append(reason)
    return key, reasons


def load_aliases(path: str | Path | None = None) -> list[Alias]:
    """The reviewed aliases shipped with the package, plus those of ``path`` (same TSV layout)."""
    texts = [resources.files("graph_builder.resolve").joinpath("data").joinpath("aliases.tsv").read_text("utf-8")]
    if path is not None:
        texts.append(Path(path).read_text(encoding="utf-8"))
    out = []
    for text in texts:
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != 5 or cols[0] not in ("unit", "leader"):
                raise ValueError(f"{path or 'aliases.tsv'}:{number}: expected 5 tab-separated columns "
                                 "(type unit|leader, jurisdiction, variant, preferred, reason)")
            out.append(Alias(*cols))
    return out


# 市 as a level prefix, not the first character of 市场 (market) or 市民 (citizens): 市场监管局 is a county body.
_CITY_BODY = re.compile(r"^市(?![场民])")


def unit_scope(name: str, *, jurisdiction: str, parent: str | None) -> str:
    """Jurisdiction a unit named in a notice of ``jurisdiction`` belongs to.

    >>> unit_scope("市生态环境局嘉祥县分局", jurisdiction="嘉祥县", parent=None)
    '济宁市'
    >>> unit_scope("市财政局", jurisdiction="曲阜市", parent="济宁市")  # a county-level city's own 市
    '曲阜市'
    >>> unit_scope("区财政局", jurisdiction="兖州区", parent="济宁市")
    '兖州区'
    >>> unit_scope("市场监管局", jurisdiction="嘉祥县", parent=None)  # 市场 is "market", not the city
    '嘉祥县'
    """
    if _CITY_BODY.match(name) and jurisdiction.endswith(("县", "区", "旗")):
        enclosing = parent or parent_of(jurisdiction)
        if enclosing:
            return enclosing
    if name.startswith("省") and jurisdiction:
        # 省农业发展信贷担保有限责任公司: a provincial body; the province is the city's parent.
        city = parent or parent_of(jurisdiction) or jurisdiction
        return parent_of(city) or "省"
    return jurisdiction


class Resolver:
    """Entities of a set of notices: build once, then look names up with :meth:`unit` / :meth:`leader`."""

    def __init__(self, notices: Iterable[Notice], *, aliases: list[Alias] | None = None) -> None:
        self.aliases = load_aliases() if aliases is None else aliases
        self._alias = {(a.type, a.jurisdiction, a.variant): a for a in self.aliases}
        self._entities: dict[tuple[str, str, str], Entity] = {}
        self._forms: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        self._where: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for notice in notices:
            for place, name, kind, collective in _mentions(notice):
                ident = self._identify(kind, name, notice, collective)
                self._forms[ident][name] += 1
                if len(self._where[(kind, ident[1], name)]) < 5:
                    self._where[(kind, ident[1], name)].append(place)
        self._finish()

    @classmethod
    def combine(cls, parts: Iterable[Resolver]) -> Resolver:
        """One resolver over the notices of ``parts`` (each a resolver over some notices, in notice order).

        Equal to a resolver built over all those notices at once — same entities, labels (the most
        frequent form; ties: the first seen) and merges — so each notice can be counted in a worker
        process and only the counts sent back.

        >>> from graph_builder.parse import parse_text
        >>> a = parse_text("1.甲。(牵头单位:县住房和城乡建设局)\\n2.乙。(牵头单位:县住房和城乡建设局)")
        >>> b = parse_text("1.丙。(牵头单位:县住房城乡建设局)\\n2.丁。(牵头单位:县住房城乡建设局)")
        >>> c = parse_text("1.戊。(牵头单位:县住房城乡建设局)\\n2.己。(牵头单位:县财政局)")
        >>> for n in (a, b, c): n.jurisdiction = "嘉祥县"
        >>> Resolver.combine([Resolver([a]), Resolver([b, c])]).unit("县住房和城乡建设局", a).label
        '县住房城乡建设局'
        """
        parts = list(parts)
        out = cls([], aliases=parts[0].aliases if parts else None)
        for part in parts:
            for ident, forms in part._forms.items():
                if ident not in out._entities:
                    old = part._entities[ident]
                    out._entities[ident] = Entity(old.type, old.jurisdiction, old.key, old.collective)
                out._forms[ident].update(forms)
            for where, places in part._where.items():
                room = 5 - len(out._where[where])
                out._where[where] += places[:max(0, room)]
        out._finish()
        return out

    def _finish(self) -> None:
        for ident, forms in self._forms.items():
            entity = self._entities[ident]
            order = list(forms)  # first seen first
            entity.label = max(order, key=lambda f: (forms[f], -order.index(f)))
            entity.alt_labels = sorted(f for f in forms if f != entity.label)
            entity.mentions = sum(forms.values())
            entity.merges = [self._merge_of(entity, f) for f in entity.alt_labels]

    # -- lookups

    def unit(self, name: str, notice: Notice, *, collective: bool = False) -> Entity:
        return self._entities[self._identify("unit", name, notice, collective)]

    def leader(self, name: str, notice: Notice, *, collective: bool = False) -> Entity:
        return self._entities[self._identify("leader", name, notice, collective)]

    def entities(self) -> list[Entity]:
        return sorted(self._entities.values(), key=lambda e: (e.type, e.jurisdiction, e.key))

    def merges(self) -> list[Merge]:
        return [m for e in self.entities() for m in e.merges]

    # -- identification

    def ident(self, kind: str, name: str, *, jurisdiction: str) -> tuple[str, str, str]:
        """``(type, jurisdiction, key)`` of ``name`` as a body (or person) of ``jurisdiction``; registers nothing.

        ``jurisdiction`` is the entity's own (for a unit: after :func:`unit_scope`).

        >>> Resolver([]).ident("unit", "市住房和城乡建设局", jurisdiction="济宁市")
        ('unit', '济宁市', '市住房城乡建设局')
        """
        alias = self._alias.get((kind, jurisdiction, name))
        key = alias.preferred if alias is not None else name
        if kind == "unit":
            key = fold_unit_name(key)[0]
        return (kind, jurisdiction, key)

    def get(self, ident: tuple[str, str, str]) -> Entity | None:
        """The entity of an :meth:`ident`, or ``None`` when no notice of the resolver printed it."""
        return self._entities.get(ident)

    def _identify(self, kind: str, name: str, notice: Notice, collective: bool) -> tuple[str, str, str]:
        jurisdiction = notice.jurisdiction or ""
        if kind == "unit":
            jurisdiction = unit_scope(name, jurisdiction=jurisdiction, parent=notice.parent_jurisdiction)
        ident = self.ident(kind, name, jurisdiction=jurisdiction)
        if ident not in self._entities:
            self._entities[ident] = Entity(kind, jurisdiction, ident[2], collective)
        return ident

    def merge_of(self, entity: Entity, variant: str) -> Merge:
        """The merge of ``variant`` into ``entity`` (whose ``label`` is set), by alias line or rules.

        For a form the notices did not print as a unit or leader name, e.g. an issuer that folds onto
        a known body: :attr:`Entity.merges` covers only the forms the resolver counted.
        """
        return self._merge_of(entity, variant)

    def _merge_of(self, entity: Entity, variant: str) -> Merge:
        """Why ``variant`` is the same entity as its preferred label: the alias line or the rules that fold both."""
        alias = self._alias.get((entity.type, entity.jurisdiction, variant))
        if alias is not None:
            return Merge(entity.type, entity.jurisdiction, variant, entity.key, "alias", alias.reason)
        reasons = fold_unit_name(variant)[1] + fold_unit_name(entity.label)[1]
        reason = "; ".join(dict.fromkeys(reasons)) or "same name with full- or half-width parentheses"
        return Merge(entity.type, entity.jurisdiction, variant, entity.key, "rule", reason)

    # -- review

    def candidates(self) -> list[Candidate]:
        """Near-duplicate names no rule or alias merged: one edit apart, one printed once, the other ≥ 2 times."""
        by_scope: dict[tuple[str, str], list[Entity]] = defaultdict(list)
        for e in self._entities.values():
            if not e.collective:
                by_scope[(e.type, e.jurisdiction)].append(e)
        out: list[Candidate] = []
        for (kind, jurisdiction), entities in sorted(by_scope.items()):
            for rare in entities:
                if rare.mentions != 1:
                    continue
                for frequent in entities:
                    if frequent is rare or frequent.mentions < 2 or not _one_edit(rare.key, frequent.key):
                        continue
                    if kind == "unit" and _known_distinct(rare.key, frequent.key):
                        continue
                    where = ", ".join(self._where[(kind, jurisdiction, rare.label)])
                    out.append(Candidate(kind, jurisdiction, (rare.label, frequent.label),
                                         f"one edit apart: {rare.label} printed once ({where}), "
                                         f"{frequent.label} {frequent.mentions} times"))
        return sorted(out, key=lambda c: (c.type, c.jurisdiction, c.labels))


def _mentions(notice: Notice) -> Iterable[tuple[str, str, str, bool]]:
    stem = Path(notice.source).stem
    for t in notice.tasks:
        for x in t.leaders:
            yield f"{stem} task {t.number}", x.name, "leader", x.collective
        for u in t.units:
            yield f"{stem} task {t.number}", u.name, "unit", u.collective
    for p in notice.projects:
        for i in p.items:
            for x in i.leaders:
                yield f"{stem} project {p.number}", x.name, "leader", x.collective
            for u in i.units:
                yield f"{stem} project {p.number}", u.name, "unit", u.collective


@cache
def _bodies() -> frozenset[str]:
    text = resources.files("graph_builder.resolve").joinpath("data").joinpath("bodies.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


_LEVEL = re.compile(r"^[省市区县]")
_KIND = re.compile(r"(?:局|委|部|办|中心|委员会|办公室)$")


def _known_distinct(a: str, b: str) -> bool:
    """Both names are listed bodies (税务局 / 商务局): never candidates for a merge.

    >>> _known_distinct("区税务局", "区商务局"), _known_distinct("区税务局", "区税物局")
    (True, False)
    """
    stems = [_KIND.sub("", _LEVEL.sub("", x)) for x in (a, b)]
    return all(s in _bodies() for s in stems)


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one substitution, insertion or deletion.

    >>> _one_edit("宋思全", "宋恩全"), _one_edit("区民政局", "区财政局"), _one_edit("张锐", "张允锐"), _one_edit("ab", "ab")
    (True, True, True, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
