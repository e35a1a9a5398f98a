"""Which tasks of an upper-level notice (a city's) reappear in a lower-level one (a county's) of the same year.

Similarity is the cosine of TF-IDF-weighted Chinese character bigrams of the two
task texts (digits, Latin letters and punctuation dropped: the figures differ from
level to level, the wording of the policy does not).  Each upper task is paired with
its most similar lower task; pairs at or above ``threshold`` count as reappearing,
and the score is always shown so a reader can judge.  Bigrams need no word
segmenter and are robust to the conversion artefacts of the notices.

Examples
--------
>>> upper = {"c1": "加快推进新能源汽车产业发展", "c2": "实施城市更新行动改造老旧小区"}
>>> lower = {"x1": "改造老旧小区27个，实施城市更新", "x2": "发展特色农业"}
>>> [(m.upper, m.lower, m.score >= 0.3) for m in best_matches(upper, lower)]
[('c1', 'x2', False), ('c2', 'x1', True)]
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["THRESHOLD", "TaskMatch", "bigrams", "best_matches"]

#: score at or above which a task counts as reappearing
THRESHOLD = 0.3

_HAN = re.compile(r"[\u3400-\u9fff]+")


def bigrams(text: str) -> Counter[str]:
    """Character bigrams of the Han runs of ``text``.

    >>> sorted(bigrams("老旧小区，2个"))
    ['小区', '旧小', '老旧']
    """
    out: Counter[str] = Counter()
    for run in _HAN.findall(text):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


@dataclass(frozen=True, slots=True)
class TaskMatch:
    """The lower-level task most similar to ``upper`` (``lower`` is None when none shares a bigram)."""

    upper: str
    lower: str | None
    score: float


def _vectors(docs: Mapping[str, str], idf: Mapping[str, float]) -> dict[str, dict[str, float]]:
    out = {}
    for key, text in docs.items():
        counts = bigrams(text)
        vec = {g: c * idf[g] for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out[key] = {g: v / norm for g, v in vec.items()}
    return out


def best_matches(upper: Mapping[str, str], lower: Mapping[str, str]) -> list[TaskMatch]:
    """For each upper task (``{id: text}``), its most similar lower task and the cosine score (0–1)."""
    df: Counter[str] = Counter()
    for text in (*upper.values(), *lower.values()):
        df.update(set(bigrams(text)))
    n = len(upper) + len(lower)
    idf = {g: math.log((1 + n) / (1 + c)) + 1.0 for g, c in df.items()}
    up, low = _vectors(upper, idf), _vectors(lower, idf)
    index: dict[str, list[tuple[str, float]]] = {}
    for key, vec in low.items():
        for g, v in vec.items():
            index.setdefault(g, []).append((key, v))
    out = []
    for key, vec in up.items():
        scores: dict[str, float] = defaultdict(float)
        for g, v in vec.items():
            for other, w in index.get(g, ()):
                scores[other] += v * w
        if scores:
            best, score = max(scores.items(), key=lambda x: (x[1], x[0]))
            out.append(TaskMatch(key, best, round(score, 4)))
        else:
            out.append(TaskMatch(key, None, 0.0))
    return out
