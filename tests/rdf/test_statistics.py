"""The materialised counts of graph/statistics, checked against values counted in the notices by hand."""

from __future__ import annotations

import pyoxigraph as ox

from tests.rdf.conftest import sparql

PREFIXES = """PREFIX pkg: <https://policykg.example.org/ontology/policykg#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def counts(store: ox.Store, label: str, cls: str) -> dict[str, str]:
    rows = sparql(store, PREFIXES + f"""
SELECT DISTINCT ?p ?n WHERE {{
  GRAPH <https://policykg.example.org/id/graph/statistics> {{ ?party ?p ?n }}
  ?party skos:prefLabel "{label}"@zh ; a pkg:{cls} .
}}""")
    return {p.rsplit("#", 1)[-1]: n for p, n in rows}


def test_leader_counts(sample_store: ox.Store) -> None:
    # 26 of yanzhou-2023's 81 牵头领导 fields name 张锐 (counted with grep over the source)
    assert counts(sample_store, "张锐", "Leader") == {"leaderTaskCount": "26"}


def test_unit_counts_by_role(sample_store: ox.Store) -> None:
    # 区委组织部 in yanzhou-2023: task 5 bold (primary), tasks 22 and 69 not bold (responsible)
    assert counts(sample_store, "区委组织部", "Unit") == {"primaryTaskCount": "1", "responsibleTaskCount": "2"}
