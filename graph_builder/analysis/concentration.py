"""Concentration of load: the Gini coefficient and the Herfindahl–Hirschman index.

``gini`` is 0 when every party carries the same load and approaches 1 when one
carries all of it; ``hhi`` is the sum of squared shares (1/n for an even spread of
n parties, 1 for a monopoly).  ``lorenz`` gives the points of the Lorenz curve the
report draws.

Examples
--------
>>> gini([1, 1, 1, 1])
0.0
>>> round(gini([0, 0, 0, 4]), 3)
0.75
>>> hhi([1, 1, 1, 1]), hhi([5])
(0.25, 1.0)
>>> lorenz([1, 3])
[(0.0, 0.0), (0.5, 0.25), (1.0, 1.0)]
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["gini", "hhi", "lorenz"]


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative ``values`` (0.0 for an empty or all-zero list)."""
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(xs))
    return round((2 * weighted) / (n * total) - (n + 1) / n, 12)


def hhi(values: Sequence[float]) -> float:
    """Herfindahl–Hirschman index (sum of squared shares, between 1/n and 1)."""
    total = float(sum(values))
    if total == 0:
        return 0.0
    return round(sum((v / total) ** 2 for v in values), 12)


def lorenz(values: Sequence[float]) -> list[tuple[float, float]]:
    """Points (share of parties, share of load) of the Lorenz curve, from (0, 0) to (1, 1)."""
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    points = [(0.0, 0.0)]
    running = 0.0
    for i, x in enumerate(xs, start=1):
        running += x
        points.append((i / n, running / total if total else 0.0))
    return points
