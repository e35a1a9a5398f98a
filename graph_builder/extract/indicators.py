"""Find quantitative targets (*metric* *verb* *value* *unit*) in normalised notice text.

The matcher works on :class:`~graph_builder.extract.normalize.NormText` and has no
spaCy dependency; :mod:`graph_builder.extract.components` wraps it as the
``policykg_indicators_v1`` pipeline component.

Rules (tables in ``data/``):

* A *quantity* is a number (Arabic, or a Chinese numeral of value ≥ 10 such as 千 or
  一百二十), an optional multiplier (万, 亿 …, ``multipliers.tsv``) and a unit
  (``units.tsv``).  It is a target only when it ends a phrase: the next character is
  punctuation (，。；、 …) or the end of the text.  ``投资140亿元的…`` and
  ``改造27个老旧小区`` (value before its noun) are therefore not indicators.
* Values listed with 、 / 和 / 及 (``分别增长6.5%、7%以上``) form one group; a comparator
  printed after the *last* value applies to *every* value of the group (Chinese
  drafting puts one 以上 / 左右 after a coordinated list), and so does 约 before the first.
* The metric is the phrase before the verb, back to the previous punctuation; lead words
  (年内, 力争, 全市 …, ``lead_words.txt``) are stripped and known names normalised
  (``metrics.tsv``).  When a group has *n* values and the metric is a 、-list of *n*
  names, they pair in order; 城乡居民X splits into 城镇居民X and 农村居民X; with 分别 and
  one value every name gets that value.
* The verb before the value (``verbs.tsv``) gives kind and comparator; without one, a
  change verb opening the metric (新增城镇就业, 新建5G基站) makes it ``change``, else ``level``.
  A value after 、 that continues a list of targets inherits the list's kind.

Examples
--------
>>> from graph_builder.extract.normalize import normalize
>>> m = IndicatorMatcher()
>>> [(i.metric, i.value, i.unit, i.comparator.value, i.kind.value)
...  for i in m(normalize("城乡居民人均可支配收入分别增长6.5%、7%以上"))]
[('城镇居民人均可支配收入', 6.5, '%', 'ge', 'growth'), ('农村居民人均可支配收入', 7.0, '%', 'ge', 'growth')]
>>> [(i.metric, i.value, i.unit, i.kind.value) for i in m(normalize("年内新增城镇就业4.5万人。"))]
[('新增城镇就业', 45000.0, '人', 'change')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_builder.extract.config import INDICATORS_CONFIG as _CONFIG
from graph_builder.extract.normalize import NormText
from graph_builder.extract.numbers import CHINESE_NUMERAL_CHARS, parse_number
from graph_builder.extract.records import Comparator, Indicator, IndicatorKind
from graph_builder.extract.tables import (
    Unit,
    Verb,
    WordIndex,
    load_metrics,
    load_multipliers,
    load_units,
    load_verbs,
    load_words,
)

__all__ = ["IndicatorMatcher", "quantity_pattern"]

_SUFFIX = {"及以上": Comparator.GE, "以上": Comparator.GE, "及以下": Comparator.LE, "以下": Comparator.LE,
           "以内": Comparator.LE, "左右": Comparator.APPROX}
_PREFIX = {"约": Comparator.APPROX, "近": Comparator.APPROX, "超": Comparator.GE, "逾": Comparator.GE}
_BOUND_ONLY = ("不少于", "不低于", "超过", "过", "至少")
_HARD_STOP = set("，。；,;：:！？!?\n")
_BOUNDARY_AFTER = set("，。；、,;：:！？!?)）\n")
_LIST_SEP = ("、", "和", "及", "与")
_QUOTES = str.maketrans("", "", "“”\"‘’'「」《》")
_YEAR = re.compile(r"(?<![\d—\-])(20\d\d)年(?!底的|以来|\)|）|—|-)")
_NUMBERING = re.compile(r"^[\n\s]*[-•]?\s*\d{1,3}\s*[、.．](?!\d)")
_NO_POWER_OF_TEN = re.compile(r"[^十百千万亿]*")
_BEFORE_CHINESE_VALUE = CHINESE_NUMERAL_CHARS + "第每"  # a numeral after these is not a value
_LEAD_YEAR = re.compile(r"20\d\d年(?:底前|底|内)?")
_TASK_NUMBER = re.compile(r"\s*[-•]?\s*\d{1,3}\s*")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def quantity_pattern(units: dict[str, Unit], multipliers: dict[str, float]) -> re.Pattern[str]:
    """The regular expression of one printed quantity (number, range, multiplier, unit, suffix)."""
    num = rf"(?:(?<![\d.A-Za-z_])\d+(?:\.\d+)?|[{CHINESE_NUMERAL_CHARS}]+)"
    return re.compile(
        rf"(?P<pre>{_alternation(list(_PREFIX))})?"
        rf"(?P<num>{num})(?:(?P<dash>[—\-~～至到])(?P<num2>\d+(?:\.\d+)?))?"
        rf"(?P<mult>{_alternation(list(multipliers))})?"
        rf"(?P<unit>{_alternation(list(units))})?"
        rf"(?P<suf>{_alternation(list(_SUFFIX))})?"
        r"(?P<incl>[（(]含[^）)]{0,10}[）)])?"
    )


@dataclass(slots=True)
class _Item:
    match: re.Match[str]
    value: float
    value_max: float | None
    unit: Unit | None

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()

    @property
    def qty_end(self) -> int:  # end of the printed quantity, suffix excluded
        return self.match.end("unit") if self.match.group("unit") else self.match.end("num")


class IndicatorMatcher:
    """Callable matcher; tables are named as in the component config (file names in ``data/``), whose
    defaults (:data:`~graph_builder.extract.config.INDICATORS_CONFIG`) are the defaults here."""

    def __init__(self, *, units: str = _CONFIG["units"], multipliers: str = _CONFIG["multipliers"],
                 verbs: str = _CONFIG["verbs"], metrics: str = _CONFIG["metrics"],
                 lead_words: str = _CONFIG["lead_words"],
                 min_chinese_value: float = _CONFIG["min_chinese_value"]) -> None:
        self.units = load_units(units)
        self.multipliers = load_multipliers(multipliers)
        self.verbs: dict[str, Verb] = load_verbs(verbs)
        self.metrics = load_metrics(metrics)
        self.lead_words = load_words(lead_words)
        self.min_chinese_value = min_chinese_value
        self._qty = quantity_pattern(self.units, self.multipliers)
        # the characters a quantity can start with: a prefix (约), a digit or a Chinese numeral
        self._qty_start = re.compile(
            "[" + "".join(sorted({re.escape(w[0]) for w in _PREFIX})) + CHINESE_NUMERAL_CHARS + r"\d]")
        self._verb_words = sorted(self.verbs, key=len, reverse=True)
        self._verb_index = WordIndex(self.verbs)
        self._lead_index = WordIndex(self.lead_words)
        # _inner_change_verb's candidates, in the order it tries them
        self._inner_verbs = tuple(self.verbs[w] for w in self._verb_words
                                  if len(w) >= 2 and self.verbs[w].kind == "change")

    # -- quantities ---------------------------------------------------------------------------
    def _search(self, text: str, pos: int) -> re.Match[str] | None:
        """``self._qty.search(text, pos)``, trying the pattern only where a quantity can start."""
        qty_start, qty = self._qty_start, self._qty
        while (c := qty_start.search(text, pos)) is not None:
            m = qty.match(text, c.start())
            if m is not None:
                return m
            pos = c.start() + 1
        return None

    def _item(self, text: str, pos: int) -> _Item | None:
        return self._item_of(text, self._qty.match(text, pos))

    def _item_of(self, text: str, m: re.Match[str] | None) -> _Item | None:
        """The quantity of ``m``, a match of the quantity pattern in ``text``, if it is one."""
        if m is None:
            return None
        num = m.group("num")
        if not num:
            return None
        num_start = m.start("num")
        if num[0] in CHINESE_NUMERAL_CHARS:  # then every character of num is one (see quantity_pattern)
            if m.group("dash") or _NO_POWER_OF_TEN.fullmatch(num):
                return None
            value = parse_number(num)
            if value < self.min_chinese_value:
                return None
            if num_start > 0 and text[num_start - 1] in _BEFORE_CHINESE_VALUE:
                return None
        else:
            value = float(num)
            if num_start > 0 and text[num_start - 1] == "第":
                return None
        factor = self.multipliers.get(m.group("mult") or "", 1.0)
        unit = self.units.get(m.group("unit")) if m.group("unit") else None
        if unit is None and m.group("mult"):
            return None  # 2亿 with no unit: not a quantity we can normalise
        scale = factor * (unit.factor if unit else 1.0)
        value_max = float(m.group("num2")) * scale if m.group("num2") else None
        return _Item(m, value * scale, value_max, unit)

    def _group(self, text: str, first: _Item) -> list[_Item]:
        items = [first]
        while True:
            end = items[-1].end
            nxt = None
            for sep in _LIST_SEP:
                if text.startswith(sep, end):
                    nxt = self._item(text, end + len(sep))
                    break
            if nxt is None or (nxt.unit is None and not nxt.match.group("num")[0].isdigit()):
                break
            items.append(nxt)
        while items and items[-1].unit is None:
            items.pop()
        return items

    # -- metric phrase ------------------------------------------------------------------------
    @staticmethod
    def _scan_back(text: str, end: int, *, stop_at_comma: bool = True) -> int:
        depth = 0
        quote = 0
        i = end
        while i > 0:
            ch = text[i - 1]
            if ch in "）)":
                depth += 1
            elif ch in "（(":
                if depth == 0:
                    return i
                depth -= 1
            elif ch == "”":
                quote += 1
            elif ch == "“":
                quote = max(0, quote - 1)
            elif depth == 0 and quote == 0 and (ch in _HARD_STOP or (stop_at_comma and ch == "、")):
                return i
            i -= 1
        return 0

    def _strip_lead(self, metric: str) -> str:
        metric = _NUMBERING.sub("", metric)
        changed = True
        while changed and metric:
            changed = False
            year = _LEAD_YEAR.match(metric)
            if year:
                metric = metric[year.end():]
                changed = True
                continue
            word = self._lead_index.prefix(metric)
            if word is not None:
                metric = metric[len(word):]
                changed = True
        return metric

    def _head_verb(self, metric: str) -> Verb | None:
        word = self._verb_index.prefix(metric)
        return None if word is None else self.verbs[word]

    def _name(self, metric: str) -> str:
        metric = metric.translate(_QUOTES).strip()
        if metric in self.metrics:
            return self.metrics[metric]
        head = self._head_verb(metric)
        if head is not None and head.kind == "level":  # 实现营收 -> 营收
            metric = metric[len(head.surface):]
        return self.metrics.get(metric, metric)

    def _split(self, metric: str, n: int) -> list[str] | None:
        for whole, parts in (("城乡居民", ("城镇居民", "农村居民")), ("城镇和农村居民", ("城镇居民", "农村居民"))):
            i = metric.find(whole)
            if i >= 0 and n == 2:
                return [metric[:i] + p + metric[i + len(whole):] for p in parts]
        return None

    # -- main ---------------------------------------------------------------------------------
    def __call__(self, norm: NormText) -> list[Indicator]:
        text = norm.text
        found: list[Indicator] = []
        kinds_by_end: dict[int, IndicatorKind] = {}
        spans: list[tuple[int, int, Indicator]] = []  # normalised (start, end) of each group, with its records
        pos = 0
        while True:
            m = self._search(text, pos)
            if m is None:
                break
            first = self._item_of(text, m) if m.group("num") else None  # = self._item(text, m.start())
            if first is None or first.unit is None and not text.startswith(_LIST_SEP, first.end):
                pos = m.start() + 1 if m.end() == m.start() else m.end()
                continue
            items = self._group(text, first)
            # the longest prefix of the list that ends a phrase (300个、50亿元以上项目8个 -> [300个])
            while items and items[-1].end < len(text) and text[items[-1].end] not in _BOUNDARY_AFTER:
                items.pop()
            while items and items[-1].unit is None:
                items.pop()
            if not items:
                pos = first.end
                continue
            end = items[-1].end
            new = self._emit(norm, items, kinds_by_end, spans)
            if new:
                kinds_by_end[end] = new[-1].kind
                spans.extend((items[0].start, end, ind) for ind in new)
            found.extend(new)
            pos = end
        return found

    def _inner_change_verb(self, metric: str) -> Verb | None:
        rest = metric[1:]
        for verb in self._inner_verbs:
            if verb.surface in rest:
                return verb
        return None

    @staticmethod
    def _breakdown(text: str, metric_start: int, sentence_start: int,
                   found: list[tuple[int, int, Indicator]]) -> Indicator | None:
        """After 其中 ("of which"), the first target of the sentence before it is broken down."""
        k = text.rfind("其中", sentence_start, metric_start)
        if k < 0:
            return None
        before = [(s, ind) for s, e, ind in found if e <= k]
        if not before:
            return None
        last_start = before[-1][0]
        prev_sentence = max(text.rfind(c, 0, last_start) for c in "。；;\n") + 1
        same = [ind for s, ind in before if s >= min(prev_sentence, sentence_start)]
        return same[0] if same else None

    def _emit(self, norm: NormText, items: list[_Item], kinds_by_end: dict[int, IndicatorKind],
              found: list[tuple[int, int, Indicator]]) -> list[Indicator]:
        text = norm.text
        start = items[0].start
        verb: Verb | None = None
        word = self._verb_index.ending_at(text, start)
        if word is not None:
            verb = self.verbs[word]
            start -= len(word)
        respectively = text.startswith("分别", start - 2) and start >= 2
        if respectively:
            start -= 2
        # metric chunks: 、-separated names back to the previous hard stop, unless a chunk ends a target
        chunk_start = self._scan_back(text, start)
        chunks = [(chunk_start, start)]
        inherited: IndicatorKind | None = None
        while chunk_start > 0 and text[chunk_start - 1] == "、":
            prev_end = chunk_start - 1
            if prev_end in kinds_by_end:
                inherited = kinds_by_end[prev_end] if len(chunks) == 1 else None
                break
            prev_start = self._scan_back(text, prev_end)
            if _TASK_NUMBER.fullmatch(text, prev_start, prev_end):
                break  # 1、地区生产总值…: the 、 ends a task number
            chunk_start = prev_start
            chunks.insert(0, (chunk_start, prev_end))
        metric_start = chunks[0][0]
        names = [self._strip_lead(text[a:b]) for a, b in chunks]
        chunks = [(b - len(name), b) for (_, b), name in zip(chunks, names, strict=True)]  # lead words cut
        metric_start = chunks[0][0]
        if not "".join(names).strip() or not _NAME_CHAR.search("".join(names)):
            return []
        n = len(items)
        if n > 1 and len(names) == n:
            pairs = list(zip(names, items, strict=True))
            spans = [a for a, _ in chunks]
        elif respectively and n == 1 and len(names) > 1:
            pairs = [(name, items[0]) for name in names]
            spans = [a for a, _ in chunks]
        else:
            whole = "、".join(names)
            split = self._split(whole, n) if n > 1 else None
            if split is not None:
                pairs = list(zip(split, items, strict=True))
            else:
                pairs = [(whole, item) for item in items]
            spans = [metric_start] * len(pairs)
        last = items[-1]
        suffix = _SUFFIX.get(last.match.group("suf") or "")
        prefix = _PREFIX.get(items[0].match.group("pre") or "")
        year = None
        sentence_start = max(text.rfind("。", 0, metric_start), text.rfind("；", 0, metric_start),
                             text.rfind(";", 0, metric_start), text.rfind("\n", 0, metric_start)) + 1
        has_year = text.find("年", sentence_start, items[0].start) >= 0  # every match holds 年
        years = _YEAR.findall(text, sentence_start, items[0].start) if has_year else []
        if years:
            year = int(years[-1])
        whole_name = "、".join(names)
        breakdown = self._breakdown(text, metric_start, sentence_start, found)
        out = []
        for (name, item), span_start in zip(pairs, spans, strict=True):
            unit = item.unit or last.unit
            assert unit is not None
            own_suffix = _SUFFIX.get(item.match.group("suf") or "")
            comparator = own_suffix or suffix or _PREFIX.get(item.match.group("pre") or "") or prefix
            head = self._head_verb(name)
            if head is None and len(names) > 1 and name == whole_name:
                head = self._head_verb(names[-1])  # 加快…建设、计划完成投资51.7亿元
            if head is None and verb is None and unit.base not in ("%", "个百分点"):
                head = self._inner_change_verb(name)  # 中小企业完成进出口10亿元
            if verb is not None:
                kind = verb.indicator_kind(unit.base)
                if verb.surface in _BOUND_ONLY and head is not None and head.kind == "change":
                    kind = IndicatorKind.CHANGE  # 引进…项目不少于20个: the bound is on an increment
                comparator = comparator or verb.comparator
                negative = verb.negative
            else:
                if head is not None and head.kind in ("change", "decline"):
                    kind = head.indicator_kind(unit.base)
                elif inherited is not None:
                    kind = inherited
                elif breakdown is not None:
                    kind = breakdown.kind
                    if len(name) <= 6 and breakdown.metric not in name:
                        name = name + breakdown.metric  # 其中，嘉祥街道169个 -> 嘉祥街道新增托位
                else:
                    kind = IndicatorKind.LEVEL
                negative = head is not None and head.negative
                if head is not None and head.kind == "level":
                    comparator = comparator or head.comparator
            value = item.value * (unit.factor if item.unit is None else 1.0)
            value_max = item.value_max
            if negative:
                value, value_max = -value, (-value_max if value_max is not None else None)
            s, e = norm.span(span_start, item.end)
            rs, re_ = norm.span(item.match.start("num"), item.qty_end if item.unit else last.qty_end)
            out.append(Indicator(
                metric=self._name(name),
                value=value,
                unit=unit.base,
                unit_iri=unit.iri,
                comparator=comparator or Comparator.EQ,
                kind=kind,
                raw=norm.original[rs:re_] if item.unit else norm.original[rs:norm.span(item.match.start("num"), item.end)[1]],
                text=norm.original[s:e],
                start=s + norm.offset,
                end=e + norm.offset,
                year=year,
                value_max=value_max,
            ))
        return out
