"""Communities of units that share tasks: Louvain modularity maximisation on the co-responsibility graph.

networkx's Louvain (seeded, so the same graph gives the same communities) up to
``LIMIT`` nodes; above it igraph's multilevel algorithm (the same method, in C).

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")],
...                  weight=1)
>>> groups, method = communities(g)
>>> sorted(sorted(c) for c in groups)
[['a', 'b', 'c'], ['x', 'y', 'z']]
>>> method
'Louvain (networkx, seed 0, edge weights)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["LIMIT", "communities"]

LIMIT = 5000


def communities(g: nx.Graph, *, weight: str = "weight", seed: int = 0,
                limit: int = LIMIT) -> tuple[list[set[Any]], str]:
    """Communities of ``g``, largest first, and a description of the method."""
    import networkx as nx

    if g.number_of_nodes() == 0:
        return [], "none (empty graph)"
    if g.number_of_nodes() <= limit:
        found = nx.community.louvain_communities(g, weight=weight, seed=seed)
        method = f"Louvain (networkx, seed {seed}, edge weights)"
    else:
        from graph_builder.analysis.centrality import to_igraph

        ig, nodes = to_igraph(g, weight=weight)
        clustering = ig.community_multilevel(weights="weight")
        found = [{nodes[i] for i in members} for members in clustering]
        method = "Louvain / multilevel (igraph, edge weights)"
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(map(str, c)))), method
