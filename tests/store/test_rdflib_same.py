"""Every query of the library gives the same rows through rdflib as through the embedded pyoxigraph store,
so a user can stay in rdflib.

Rows are compared as sets of plain values (numbers as floats); GROUP_CONCAT lists (joined with 、) are
compared as sets, since SPARQL leaves their order open.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph_builder.store.query import list_queries, select, select_rdflib

#: parameters for the queries that need some (values read off the notices)
PARAMS: dict[str, dict[str, str]] = {
    "unit-tasks": {"unit": "区委组织部"},
    "co-assigned-units": {"unit": "区工业和信息化局"},
    "jurisdiction-changes": {"jurisdiction": "济宁市", "from_year": "2020", "to_year": "2023"},
}

#: more runs with optional parameters set
EXTRA: list[tuple[str, dict[str, str]]] = [
    ("unit-ranking", {"jurisdiction": "兖州区"}),
    ("projects-by-leader", {"leader": "张锐"}),
]


def normal(rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    out = set()
    for row in rows:
        values = []
        for key in sorted(row):
            value = row[key]
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = round(float(value), 6)
            elif isinstance(value, str) and "、" in value:
                value = tuple(sorted(value.split("、")))
            values.append((key, value))
        out.add(tuple(values))
    return out


CASES = [(q.name, PARAMS.get(q.name, {})) for q in list_queries()] + EXTRA


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_same_rows_in_rdflib(store: Any, rdflib_ds: Any, name: str, params: dict[str, str]) -> None:
    ours = select(store, name, params)
    theirs = select_rdflib(rdflib_ds, name, params)
    assert normal(ours) == normal(theirs)
    assert len(ours) == len(theirs)


def test_same_rows_in_rdflib_indicators() -> None:
    import pyoxigraph as ox
    from rdflib import Dataset

    from tests.store.test_handmade import INDICATORS

    store = ox.Store()
    store.load(INDICATORS.encode(), format=ox.RdfFormat.TRIG)
    ds = Dataset(default_union=True)
    ds.parse(data=INDICATORS, format="trig")
    ours = select(store, "indicators-by-metric")
    assert len(ours) == 4
    assert normal(ours) == normal(select_rdflib(ds, "indicators-by-metric"))
