"""Weighted degree, betweenness, PageRank and eigenvector centrality of a weighted graph.

Which code computes what (the result's ``methods`` says it, and the report prints it):

* weighted degree: networkx;
* PageRank and eigenvector centrality: igraph (C; networkx's versions need SciPy and
  are 14–27× slower, /work/shared/MEASUREMENTS.md), on the same ``weight``;
* betweenness, on ``distance`` = 1 / shared tasks (a strong tie is a short path):
  exact up to ``exact_limit`` nodes — networkx's algorithm (Brandes, Dijkstra with
  exact float comparison of path lengths), run by :func:`exact_betweenness` over index
  lists: the same sums in the same order, so the same floats, 3–4× faster, which
  matters with one graph per notice; above the limit, sampled with igraph from
  ``samples`` random source nodes (seeded) and scaled by n / samples — exact
  betweenness does not scale (43 k nodes: hours).  igraph's exact betweenness is not
  used for small graphs: it takes path lengths within 1e-10 as equal, so where sums
  of 1 / weight tie only approximately its values differ (by up to 0.004).

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_edge("a", "hub", weight=1, distance=1.0); g.add_edge("b", "hub", weight=1, distance=1.0)
>>> g.add_edge("c", "hub", weight=2, distance=0.5)
>>> result = centrality(g)
>>> max(result.betweenness, key=result.betweenness.get), result.degree["hub"]
('hub', 4.0)
>>> round(sum(result.pagerank.values()), 6)
1.0
>>> result.methods["betweenness"]
"exact (networkx's algorithm, same floats), distance = 1 / weight, normalized"
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXACT_LIMIT", "SAMPLES", "Centrality", "centrality", "exact_betweenness", "to_igraph"]

#: largest graph (nodes) whose betweenness is computed exactly
EXACT_LIMIT = 500
#: source nodes sampled for betweenness above EXACT_LIMIT
SAMPLES = 200


@dataclass(slots=True)
class Centrality:
    """Centrality of every node, and the method used for each measure."""

    degree: dict[Any, float] = field(default_factory=dict)
    betweenness: dict[Any, float] = field(default_factory=dict)
    pagerank: dict[Any, float] = field(default_factory=dict)
    eigenvector: dict[Any, float] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=dict)


def to_igraph(g: nx.Graph, *, weight: str = "weight") -> tuple[Any, list[Any]]:
    """The graph as an undirected :class:`igraph.Graph` with edge attributes ``weight`` and ``distance``."""
    import igraph

    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges, weights, distances = [], [], []
    for u, v, d in g.edges(data=True):
        edges.append((index[u], index[v]))
        w = float(d.get(weight, 1.0))
        weights.append(w)
        distances.append(float(d.get("distance", 1.0 / w if w else 1.0)))
    ig = igraph.Graph(n=len(nodes), edges=edges, directed=False)
    ig.es["weight"] = weights
    ig.es["distance"] = distances
    return ig, nodes


def exact_betweenness(g: nx.Graph, *, weight: str = "distance") -> dict[Any, float]:
    """Normalized betweenness of every node of the undirected graph ``g``, shortest paths by edge ``weight``.

    The result of ``networkx.betweenness_centrality(g, weight=weight, normalized=True)``, float for
    float: the same Dijkstra (paths tie when their lengths are exactly equal, the heap ordered by
    length then push order), the same accumulation order; only the graph is read once into lists.

    >>> import networkx as nx
    >>> g = nx.path_graph(4)
    >>> nx.set_edge_attributes(g, 0.5, "distance")
    >>> exact_betweenness(g) == nx.betweenness_centrality(g, weight="distance")
    True
    """
    from heapq import heappop, heappush

    nodes = list(g)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[(index[w], d.get(weight, 1)) for w, d in g[v].items()] for v in nodes]
    betweenness = [0.0] * n
    for s in range(n):
        # networkx.algorithms.centrality.betweenness._single_source_dijkstra_path_basic
        stack: list[int] = []
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma = [0.0] * n
        done = [False] * n
        seen: list[Any] = [None] * n
        sigma[s] = 1.0
        seen[s] = 0
        counter = 0
        queue: list[tuple[Any, int, int, int]] = [(0, 0, s, s)]
        while queue:
            dist, _, pred, v = heappop(queue)
            if done[v]:
                continue
            sigma[v] += sigma[pred]
            stack.append(v)
            done[v] = True
            for w, length in adj[v]:
                vw_dist = dist + length
                if not done[w] and (seen[w] is None or vw_dist < seen[w]):
                    seen[w] = vw_dist
                    counter += 1
                    heappush(queue, (vw_dist, counter, v, w))
                    sigma[w] = 0.0
                    preds[w] = [v]
                elif vw_dist == seen[w]:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        # _accumulate_basic
        delta: list[Any] = [0] * n
        while stack:
            w = stack.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                betweenness[w] += delta[w]
    # _rescale: normalized, endpoints excluded
    if n - 1 >= 2:
        scale = 1 / ((n - 1) * (n - 2))
        if scale != 1:
            betweenness = [b * scale for b in betweenness]
    return dict(zip(nodes, betweenness, strict=True))


def centrality(g: nx.Graph, *, weight: str = "weight", exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES,
               seed: int = 0) -> Centrality:
    """Centrality measures of ``g`` (edges need ``weight``; ``distance`` defaults to 1 / weight)."""

    result = Centrality()
    n = g.number_of_nodes()
    if n == 0:
        return result
    result.degree = {v: float(d) for v, d in g.degree(weight=weight)}
    result.methods["degree"] = f"sum of edge {weight} (networkx)"
    ig, nodes = to_igraph(g, weight=weight)
    pr = ig.pagerank(weights="weight", directed=False) if ig.ecount() else [1.0 / n] * n
    # eigenvector centrality means something only within one connected component: the largest
    ev = [0.0] * n
    giant = max(ig.connected_components(), key=len) if ig.ecount() else []
    if len(giant) > 1:
        sub = ig.induced_subgraph(giant)
        for i, value in zip(giant, sub.eigenvector_centrality(weights="weight", scale=True), strict=True):
            ev[i] = max(0.0, value)
    result.pagerank = dict(zip(nodes, pr, strict=True))
    result.eigenvector = dict(zip(nodes, ev, strict=True))
    result.methods["pagerank"] = "PageRank, damping 0.85, edge weights (igraph)"
    result.methods["eigenvector"] = ("eigenvector centrality within the largest connected component "
                                    "(0 elsewhere), edge weights, max scaled to 1 (igraph)")
    for _, _, d in g.edges(data=True):
        if "distance" not in d:
            w = float(d.get(weight, 1.0))
            d["distance"] = 1.0 / w if w else 1.0
    norm = (n - 1) * (n - 2) / 2 if n > 2 else 1.0
    if n <= exact_limit:
        result.betweenness = exact_betweenness(g, weight="distance")
        result.methods["betweenness"] = "exact (networkx's algorithm, same floats), distance = 1 / weight, normalized"
    else:
        k = min(samples, n)
        sources = random.Random(seed).sample(range(n), k)
        raw = ig.betweenness(directed=False, weights="distance", sources=sources)
        # igraph counts the paths from each sampled source once: scale the sample up to n sources
        scale = n / k / norm
        result.betweenness = {node: b * scale for node, b in zip(nodes, raw, strict=True)}
        result.methods["betweenness"] = (f"sampled: {k} random source nodes of {n} (seed {seed}), scaled by n/k "
                                         "(igraph), distance = 1 / weight, normalized")
    return result
