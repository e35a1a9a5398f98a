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

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["THRESHOLD", "TaskMatch", "BigramCache", "bigrams", "best_matches"]

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


class BigramCache:
    """The bigrams of each text, as arrays of bigram codes and counts, computed once however many pairs of
    notices the text takes part in.

    A bigram's code is its two code points, ``first << 16 | second`` (Han characters are below U+A000).
    The texts are read in batches with numpy: the code points of all of them at once, the adjacent Han
    pairs, then each text's distinct pairs in the order they first occur, with their counts — what
    :func:`bigrams` gives, 4× faster than a Counter per text.
    """

    __slots__ = ("texts",)

    def __init__(self) -> None:
        self.texts: dict[str, tuple[Any, Any]] = {}

    def encode(self, text: str) -> tuple[Any, Any]:
        """(bigram codes, counts) of ``text``, in the order the bigrams first occur (as :func:`bigrams`).

        >>> codes, counts = BigramCache().encode("老旧小区，老旧")
        >>> [chr(c >> 16) + chr(c & 0xFFFF) for c in codes], counts.tolist()
        (['老旧', '旧小', '小区'], [2.0, 1.0, 1.0])
        """
        self.encode_all([text])
        return self.texts[text]

    def encode_all(self, texts: Iterable[str]) -> None:
        """Encode every text of ``texts`` not seen before."""
        import numpy as np

        todo = list(dict.fromkeys(t for t in texts if t not in self.texts))
        if not todo:
            return
        joined = "\n".join(todo)  # a separator that is not Han: no bigram across two texts
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        han = (points >= 0x3400) & (points <= 0x9FFF)
        at = np.flatnonzero(han[:-1] & han[1:])
        starts = np.cumsum([0] + [len(t) + 1 for t in todo[:-1]])
        text = np.searchsorted(starts, at, side="right") - 1
        codes = (points[at].astype(np.int64) << 16) | points[at + 1]
        keys = (text << 32) | codes
        _, first, counts = np.unique(keys, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")  # by text, then by first occurrence
        first, counts = first[order], counts[order].astype(np.float64)
        codes, text = codes[first], text[first]
        bounds = np.searchsorted(text, np.arange(len(todo) + 1))
        for i, t in enumerate(todo):
            self.texts[t] = (codes[bounds[i]:bounds[i + 1]], counts[bounds[i]:bounds[i + 1]])


#: most products of bigram weights summed at once (bounds the memory: about 50 bytes each)
_BLOCK = 1 << 20


def best_matches(upper: Mapping[str, str], lower: Mapping[str, str], *,
                 cache: BigramCache | None = None) -> list[TaskMatch]:
    """For each upper task (``{id: text}``), its most similar lower task and the cosine score (0–1).

    The inverse document frequency is counted over the texts of both mappings; of equal scores
    (to 12 decimals) the greatest lower id wins.  ``cache`` keeps the bigrams of the texts seen before
    (one cache for all the pairs of notices of an analysis).

    The cosines are sparse dot products: for each bigram the two sides share, the product of every
    upper task's weight with every lower task's, summed per (upper, lower) with ``numpy.bincount``
    — no dense matrix, no BLAS threads, and no work for bigrams only one side has.
    """
    import numpy as np

    cache = cache if cache is not None else BigramCache()
    up_keys, low_keys = list(upper), list(lower)
    n_up, n_low = len(up_keys), len(low_keys)
    if not n_up:
        return []
    cache.encode_all((*upper.values(), *lower.values()))
    encoded = [cache.texts[t] for t in (*upper.values(), *lower.values())]
    n = len(encoded)
    sizes = np.fromiter((len(e[0]) for e in encoded), dtype=np.int64, count=n)
    ids = np.concatenate([e[0] for e in encoded])
    counts = np.concatenate([e[1] for e in encoded])
    vocab, local = np.unique(ids, return_inverse=True)
    df = np.bincount(local, minlength=len(vocab))  # a text lists each of its bigrams once
    weights = counts * (np.log((1 + n) / (1 + df)) + 1.0)[local]
    row = np.repeat(np.arange(n), sizes)
    norms = np.sqrt(np.bincount(row, weights=weights * weights, minlength=n))
    norms[norms == 0] = 1.0
    weights /= norms[row]
    is_up = row < n_up
    up_rows, up_cols, up_values = row[is_up], local[is_up], weights[is_up]  # in upper-task order
    order = np.argsort(local[~is_up], kind="stable")  # the lower side, by bigram
    low_rows, low_cols, low_values = (row[~is_up] - n_up)[order], local[~is_up][order], weights[~is_up][order]
    per_bigram = np.bincount(low_cols, minlength=len(vocab))
    first = np.cumsum(per_bigram) - per_bigram
    reps = per_bigram[up_cols]  # products each upper weight takes part in
    row_work = np.bincount(up_rows, weights=reps, minlength=n_up)
    rank = np.empty(n_low, dtype=np.int64)  # ties go to the greatest key
    rank[sorted(range(n_low), key=low_keys.__getitem__)] = np.arange(n_low)
    best = np.zeros(n_up)
    best_index = np.full(n_up, -1, dtype=np.int64)
    bounds = np.searchsorted(up_rows, np.arange(n_up + 1))  # upper task i: entries bounds[i]:bounds[i+1]
    a = 0
    while a < n_up and n_low:
        b, work = a + 1, row_work[a]
        while b < n_up and work + row_work[b] <= _BLOCK:
            work += row_work[b]
            b += 1
        lo, hi = bounds[a], bounds[b]
        r = reps[lo:hi]
        entry = np.repeat(np.arange(lo, hi), r)
        offset = np.arange(len(entry)) - np.repeat(np.cumsum(r) - r, r)
        other = first[up_cols[entry]] + offset
        scores = np.bincount((up_rows[entry] - a) * n_low + low_rows[other],
                             weights=up_values[entry] * low_values[other],
                             minlength=(b - a) * n_low).reshape(b - a, n_low)
        # one text scores the same against two copies whatever the order of the sums: compare rounded
        rounded = np.round(scores, 12)
        top = rounded.max(axis=1)
        pick = np.where(rounded == top[:, None], rank[None, :], -1).argmax(axis=1)
        found = np.flatnonzero(top > 0)  # no shared bigram: no match
        best[a + found] = scores[found, pick[found]]
        best_index[a + found] = pick[found]
        a = b
    out = []
    for i, key in enumerate(up_keys):
        j = int(best_index[i])
        out.append(TaskMatch(key, low_keys[j], round(float(best[i]), 4)) if j >= 0 else TaskMatch(key, None, 0.0))
    return out
