"""Score the extractor against a hand-labelled gold set (JSONL, one sentence per line).

A gold record: ``{"notice", "start", "text", "indicators": [...], "projects": [...], "regions": [...]}``
(see ``tests/data/README.md``).  Each sentence is extracted on its own; predictions are
matched one-to-one with gold entities of the same sentence:

* indicators, **strict**: same value (relative tolerance 1e-6), unit, comparator and kind;
  **lenient**: same value and unit.  The metric name is not part of the key (its wording is a
  normalisation choice) — the share of strict matches whose metric equals the gold one is reported.
* projects: same name (whitespace and quotes ignored); enterprise and investment agreement
  among the matches is reported.
* regions: same official name (a multiset per sentence).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_builder.extract.records import Extraction, Indicator, ProjectMention, RegionMention

__all__ = ["Score", "Report", "load_gold", "evaluate", "DEFAULT_GOLD"]

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold" / "extract_gold.jsonl"


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def gold(self) -> int:
        return self.tp + self.fn


@dataclass(slots=True)
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    agreement: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (agree, of)
    errors: list[str] = field(default_factory=list)  # one line per false positive / negative

    def table(self) -> str:
        lines = [f"{'type':<20}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}"]
        for name, s in self.scores.items():
            lines.append(f"{name:<20}{s.gold:>6}{s.tp + s.fp:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
        for name, (agree, of) in self.agreement.items():
            lines.append(f"{name}: {agree}/{of}")
        return "\n".join(lines)


def load_gold(path: str | Path = DEFAULT_GOLD) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _match(gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool]) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    left = list(pred)
    pairs, missed = [], []
    for g in gold:
        for k, p in enumerate(left):
            if same(g, p):
                pairs.append((g, left.pop(k)))
                break
        else:
            missed.append(g)
    return pairs, missed, left


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _strict(g: dict[str, Any], p: Indicator) -> bool:
    return (_close(g["value"], p.value) and g["unit"] == p.unit and g["comparator"] == p.comparator.value
            and g["kind"] == p.kind.value)


def _lenient(g: dict[str, Any], p: Indicator) -> bool:
    return _close(g["value"], p.value) and g["unit"] == p.unit


def _clean(name: str) -> str:
    return "".join(name.split()).translate(str.maketrans("", "", "“”\"'‘’"))


def _project(g: dict[str, Any], p: ProjectMention) -> bool:
    return _clean(g["name"]) == _clean(p.name)


def _region(g: dict[str, Any], p: RegionMention) -> bool:
    return bool(g["name"] == p.name)


def _add(score: Score, pairs: list[Any], missed: list[Any], extra: list[Any]) -> None:
    score.tp += len(pairs)
    score.fn += len(missed)
    score.fp += len(extra)


def evaluate(records: Iterable[dict[str, Any]], extract: Callable[[str], Extraction] | None = None) -> Report:
    """Run ``extract`` (default :func:`graph_builder.extract.extract`) on every gold sentence."""
    if extract is None:
        from graph_builder.extract.pipeline import extract as default_extract
        extract = default_extract
    report = Report()
    names = ("indicators (strict)", "indicators (lenient)", "projects", "regions")
    for name in names:
        report.scores[name] = Score()
    metric, enterprise, investment = [0, 0], [0, 0], [0, 0]
    for rec in records:
        result = extract(rec["text"])
        where = f"{rec['notice']}@{rec['start']}"
        pairs, missed, extra = _match(rec["indicators"], result.indicators, _strict)
        _add(report.scores[names[0]], pairs, missed, extra)
        for g, p in pairs:
            metric[0] += g["metric"] == p.metric
            metric[1] += 1
        report.errors += [f"{where} indicator FN {g}" for g in missed]
        report.errors += [f"{where} indicator FP {p.metric} {p.value:g} {p.unit} {p.comparator.value} "
                          f"{p.kind.value} {p.text!r}" for p in extra]
        lp, lm, le = _match(rec["indicators"], result.indicators, _lenient)
        _add(report.scores[names[1]], lp, lm, le)
        pairs, missed, extra = _match(rec["projects"], result.projects, _project)
        _add(report.scores[names[2]], pairs, missed, extra)
        for g, p in pairs:
            enterprise[0] += g["enterprise"] == p.enterprise
            enterprise[1] += 1
            gi, pi = g["investment"], p.investment
            investment[0] += (gi is None and pi is None) or (
                gi is not None and pi is not None and _close(gi["value"], pi.value) and gi["currency"] == pi.currency)
            investment[1] += 1
        report.errors += [f"{where} project FN {g['name']}" for g in missed]
        report.errors += [f"{where} project FP {p.name}" for p in extra]
        pairs, missed, extra = _match(rec["regions"], result.regions, _region)
        _add(report.scores[names[3]], pairs, missed, extra)
        report.errors += [f"{where} region FN {g['name']} ({g['text']})" for g in missed]
        report.errors += [f"{where} region FP {p.name} ({p.text})" for p in extra]
    report.agreement = {"indicator metric equals gold (strict matches)": (metric[0], metric[1]),
                        "project enterprise equals gold (matches)": (enterprise[0], enterprise[1]),
                        "project investment equals gold (matches)": (investment[0], investment[1])}
    return report
