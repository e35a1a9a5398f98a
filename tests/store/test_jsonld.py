"""The JSON-LD writer's compact IRIs and its bytes (graph_builder.store.jsonld, rdf.incremental.jsonld_fragment)."""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph_builder.rdf.incremental import jsonld_fragment
from graph_builder.rdf.namespace import PKG, RDF, RDFS, SDO
from graph_builder.store.jsonld import _compact, _longest_first, _prefixes

BASE = "https://policykg.example.org/id/"
NOTICE = f"{BASE}notice/a"


def test_compact_uses_the_longest_namespace_the_iri_extends() -> None:
    # the ontology's namespace and a base IRI above it: the longer one wins, whichever comes first
    for prefixes in ({"base": "https://policykg.example.org/", "pkg": str(PKG._NS)},
                     {"pkg": str(PKG._NS), "base": "https://policykg.example.org/"}):
        namespaces = _longest_first(prefixes)
        assert _compact(str(PKG.Task), namespaces) == "pkg:Task"
        assert _compact("https://policykg.example.org/id/x", namespaces) == "base:id/x"
        assert _compact(str(PKG._NS), namespaces) == "base:ontology/policykg#"
        assert _compact("urn:x", namespaces) == "urn:x"  # no namespace: the IRI whole
    assert _compact(str(PKG._NS), _longest_first({"pkg": str(PKG._NS)})) == str(PKG._NS)  # a namespace: whole
    # two namespaces as long: the first one
    assert _compact("urn:ab", _longest_first({"one": "urn:a", "two": "urn:a"})) == "one:b"
    assert _compact(f"{NOTICE}/task/1", _longest_first(_prefixes(BASE))) == "id:notice/a/task/1"


def test_fragment_is_one_node_per_line_escaping_only_quotes_backslashes_and_controls() -> None:
    task = ox.NamedNode(f"{NOTICE}/task/1")
    label = '任务 "一" \\ 二\n\t'
    triples = [(task, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PKG.Task))),
               (task, ox.NamedNode(str(RDFS.label)), ox.Literal(label, language="zh")),
               (task, ox.NamedNode(str(RDFS.label)), ox.Literal("task", language="en")),
               (task, ox.NamedNode(str(SDO.value)), ox.Literal("1.5", datatype=ox.NamedNode(
                   "http://www.w3.org/2001/XMLSchema#decimal"))),
               (ox.BlankNode("b1"), ox.NamedNode(str(PKG.inNotice)), ox.NamedNode(NOTICE))]
    fragment = jsonld_fragment(NOTICE, triples, base_iri=BASE)
    assert fragment.decode() == (
        '  {"@id": "id:notice/a", "@graph": [\n'
        '   {"@id": "id:notice/a/task/1", "@type": "Task", "label": "任务 \\"一\\" \\\\ 二\\n\\t", '
        '"rdfs:label": {"@value": "task", "@language": "en"}, "value": "1.5"},\n'
        '   {"@id": "_:b1", "notice": "id:notice/a"}\n'
        '  ]}')
    # what json.dumps(..., ensure_ascii=False) gives, node by node
    nodes = fragment.decode().splitlines()[1:-1]
    assert [json.dumps(json.loads(n.strip().rstrip(",")), ensure_ascii=False) for n in nodes] == \
        [n.strip().rstrip(",") for n in nodes]
