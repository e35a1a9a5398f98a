"""The query library's files and the binding of parameters (no store needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.store.query import (
    QUERIES_DIR,
    ParamType,
    QueryError,
    bind,
    find_query,
    library_markdown,
    list_queries,
    parameters_used,
    parse_header,
    prepare,
    term,
)

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "policykg.ttl"
PKG = "https://policykg.example.org/ontology/policykg#"
#: terms the queries use before the ontology declares them (indicator and project extraction, not built yet)
PROPOSED: set[str] = set()  # terms a query may use before the ontology declares them

REQUIRED_QUERIES = {
    "unit-ranking", "leader-load", "unit-tasks", "co-assigned-units", "tasks-without-primary",
    "collective-vs-named", "indicators-by-metric", "projects-by-leader", "jurisdiction-changes",
}


def test_the_library_covers_the_issue() -> None:
    assert REQUIRED_QUERIES <= {q.name for q in list_queries()}


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_has_a_header_and_uses_its_parameters(query) -> None:  # type: ignore[no-untyped-def]
    assert query.title and query.question.endswith("?")
    assert {p.name for p in query.params} == set(parameters_used(query.text))
    for p in query.params:
        assert p.description and ("e.g." in p.description or p.default is not None)


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_parses(query) -> None:  # type: ignore[no-untyped-def]
    values = {p.name: ("2023" if p.type is ParamType.INTEGER else "1" if p.type is ParamType.DECIMAL else "x")
              for p in query.params}
    ox.Store().query(prepare(query, values))  # raises SyntaxError if not SPARQL 1.1


def test_every_ontology_term_used_exists() -> None:
    declared = set(re.findall(r"^pkg:(\w+)\s", ONTOLOGY.read_text(encoding="utf-8"), flags=re.M))
    used = set()
    for query in list_queries():
        used |= set(re.findall(r"\bpkg:(\w+)", re.sub(r"^#.*$", "", query.text, flags=re.M)))
    assert used - declared <= PROPOSED, f"not in the ontology: {sorted(used - declared - PROPOSED)}"


@pytest.mark.parametrize(("value", "ptype", "expected"), [
    ("区财政局", ParamType.STRING, '"区财政局"'),
    ('"} ; DROP ALL ; #', ParamType.STRING, '"\\"} ; DROP ALL ; #"'),
    ("a\\b\nc", ParamType.STRING, '"a\\\\b\\nc"'),
    (" 42 ", ParamType.INTEGER, "42"),
    ("3", ParamType.DECIMAL, "3.0"),
    ("0.25", ParamType.DECIMAL, "0.25"),
    ("https://policykg.example.org/id/unit/x", ParamType.IRI, "<https://policykg.example.org/id/unit/x>"),
    ("<http://e.org/a>", ParamType.IRI, "<http://e.org/a>"),
])
def test_term(value: str, ptype: ParamType, expected: str) -> None:
    assert term(value, ptype) == expected


@pytest.mark.parametrize(("value", "ptype"), [
    ("12; DROP", ParamType.INTEGER), ("nan", ParamType.DECIMAL), ("1e400x", ParamType.DECIMAL),
    ("http://e.org/> } INSERT", ParamType.IRI), ("not an iri", ParamType.IRI),
])
def test_bad_values_are_refused(value: str, ptype: ParamType) -> None:
    with pytest.raises(ValueError):
        term(value, ptype)


def test_injection_stays_a_literal() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e.org/u"), ox.NamedNode("http://e.org/name"), ox.Literal("甲")))
    query = 'SELECT ?u WHERE { ?u <http://e.org/name> ?n FILTER (STR(?n) = $name) }'
    attack = '甲") || true || ("'
    assert list(store.query(bind(query, {"name": attack}))) == []
    assert [r["u"].value for r in store.query(bind(query, {"name": "甲"}))] == ["http://e.org/u"]


def test_strings_comments_and_iris_are_not_substituted() -> None:
    query = 'SELECT * { ?s ?p "$x" . <http://e.org/$x> ?p $x } # $x'
    assert bind(query, {"x": "v"}) == 'SELECT * { ?s ?p "$x" . <http://e.org/$x> ?p "v" } # $x'


def test_missing_and_unknown_parameters() -> None:
    query = find_query("unit-tasks")
    with pytest.raises(QueryError, match=r"needs the parameter\(s\) unit"):
        prepare(query, {})
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        prepare(query, {"unit": "x", "colour": "red"})
    with pytest.raises(QueryError, match="bad parameter value"):
        prepare(find_query("jurisdiction-changes"), {"jurisdiction": "济宁市", "from_year": "二〇二〇",
                                                     "to_year": "2023"})


def test_defaults_are_bound() -> None:
    text = prepare(find_query("unit-ranking"), {})
    assert "3.0 * ?primary" in text and "$w_primary" not in text
    assert "$jurisdiction" in text  # optional, left unbound: any jurisdiction


def test_header_errors_name_the_line() -> None:
    with pytest.raises(QueryError, match=r"q.rq:2: \[E402\] unknown parameter type 'colour'"):
        parse_header("# title: t\n# param: x (colour) — e.g. red\nSELECT * {}", source="q.rq")


def test_a_parameter_may_not_shadow_a_variable(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("# title: t\n# param: unit (string) — e.g. x\nSELECT ?unit WHERE { ?unit ?p $unit }\n")
    with pytest.raises(QueryError, match=r"also used as \?unit"):
        find_query(str(path))


def test_unknown_query_lists_the_library() -> None:
    with pytest.raises(QueryError, match="unit-ranking"):
        find_query("no-such-query")


def test_queries_readme_is_up_to_date() -> None:
    assert (QUERIES_DIR / "README.md").read_text(encoding="utf-8") == library_markdown(), \
        "regenerate it: policykg query --readme > queries/README.md"
