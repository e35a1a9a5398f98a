"""Every query of the library gives the same rows through rdflib as through the embedded pyoxigraph store,
so a user can stay in rdflib.

Rows are compared as sets of plain values (numbers as floats); GROUP_CONCAT lists (joined with 、) are
compared as sets, since SPARQL leaves their order open.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph_builder.store.query import (
    find_query,
    list_queries,
    prepare,
    python_value,
    run,
    run_rdflib,
    select,
    select_rdflib,
)

#: parameters for the queries that need some (values read off the notices)
PARAMS: dict[str, dict[str, str]] = {
    "unit-tasks": {"unit": "区委组织部"},
    "co-assigned-units": {"unit": "区工业和信息化局"},
    "jurisdiction-changes": {"jurisdiction": "济宁市", "from_year": "2020", "to_year": "2023"},
    "evidence-as-annotation": {"notice": "yanzhou-2023"},
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


def described(triples: Any) -> set[tuple[Any, ...]]:
    """The triples of a CONSTRUCT result without their blank nodes: each blank node object is replaced by the
    sorted (predicate, value) pairs it has (the queries' blank nodes are leaves: selectors), terms as plain values."""
    import pyoxigraph as ox
    from rdflib import BNode

    def is_blank(term: Any) -> bool:
        return isinstance(term, ox.BlankNode | BNode)

    triples = list(triples)
    pairs: dict[Any, list[tuple[Any, Any]]] = {}
    for s, p, o in triples:
        if is_blank(s):
            pairs.setdefault(python_value(s), []).append((python_value(p), python_value(o)))
    return {(python_value(s), python_value(p),
             tuple(sorted(pairs[python_value(o)])) if is_blank(o) else python_value(o))
            for s, p, o in triples if not is_blank(s)}


CASES = [(q.name, PARAMS.get(q.name, {})) for q in list_queries()] + EXTRA
SELECTS = [(n, p) for n, p in CASES if find_query(n).text.find("CONSTRUCT") < 0]
CONSTRUCTS = [(n, p) for n, p in CASES if (n, p) not in SELECTS]


@pytest.mark.parametrize(("name", "params"), CONSTRUCTS, ids=[n for n, _ in CONSTRUCTS])
def test_same_graph_in_rdflib(store: Any, rdflib_ds: Any, name: str, params: dict[str, str]) -> None:
    query = prepare(find_query(name), params)
    ours = described((t.subject, t.predicate, t.object) for t in run(store, query))
    theirs = described(run_rdflib(rdflib_ds, query).graph)
    assert len(ours) > 100
    assert ours == theirs


@pytest.mark.parametrize(("name", "params"), SELECTS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SELECTS)])
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
