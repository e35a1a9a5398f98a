"""Who carries the responsibility: networks and measures built from the graph (SPARQL over the store).

One measure per module: :mod:`.networks` (bipartite graphs and projections), :mod:`.load`
(task counts by role, responsibility load), :mod:`.centrality`, :mod:`.communities`,
:mod:`.concentration` (Gini, HHI), :mod:`.portfolio` (each leader's tasks and units),
:mod:`.compare` (two notices side by side), :mod:`.reappearance` (city tasks found again in a
county notice); :mod:`.run` puts them together for ``policykg analyze``.
"""
