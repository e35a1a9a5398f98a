"""The JSON-LD writer's compact IRIs and its bytes (graph_builder.store.jsonld, rdf.incremental.jsonld_fragment;
the worker's entry_from_nquads against jsonld_fragment)."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest

from graph_builder.rdf.incremental import jsonld_fragment
from graph_builder.rdf.namespace import DCTERMS, PKG, RDF, RDFS, SDO, SKOS
from graph_builder.store.jsonld import _compact, _longest_first, _prefixes, entry_from_nquads

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


# ----------------------------------------------------------------------------- the worker's path: from N-Quads lines

XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def _sorted_lines(triples: list[tuple[Any, Any, Any]]) -> tuple[list[bytes], list[tuple[Any, Any, Any]]]:
    """The graph's distinct N-Quads lines sorted, and its triples in their order: what build_part has."""
    graph = ox.NamedNode(NOTICE)
    lines = (ox.serialize([ox.Quad(*t, graph) for t in triples], format=ox.RdfFormat.N_QUADS) or b"")
    index = {line: i for i, line in enumerate(lines.splitlines(keepends=True))}
    ordered = sorted(index)
    return ordered, [triples[index[line]] for line in ordered]


def _assert_same_entry(triples: list[tuple[Any, Any, Any]]) -> bytes:
    lines, ordered = _sorted_lines(triples)
    fragment = entry_from_nquads(NOTICE, lines, base_iri=BASE)
    assert fragment == jsonld_fragment(NOTICE, ordered, base_iri=BASE)
    return fragment


#: lexical forms that N-Triples and JSON write differently, or nearly: quotes, backslashes (one before a "u", as
#: if an escape), every control character (pyoxigraph writes U+000B as \u000B, json as \u000b), U+007F (escaped
#: by pyoxigraph, raw in JSON), U+2028/U+2029 (raw in both), U+FFFE/U+FFFF (escaped by pyoxigraph), non-BMP
AWKWARD = ['say "一"', "a\\b", "\\u0041 is not A", "\\\\u0041", "".join(map(chr, range(0x20))), "del\x7f",
           "line\u2028para\u2029", "\ufffe\uffff", "😀 \U0010ffff", "", " ", "tab\tcr\rlf\nff\fbs\b", "é\u0301"]


@pytest.mark.parametrize("text", AWKWARD)
def test_entry_from_nquads_writes_jsonld_fragment_bytes_for_awkward_literals(text: str) -> None:
    task = ox.NamedNode(f"{NOTICE}/task/1")
    xsd = {name: ox.NamedNode(XSD_NS + name) for name in ("integer", "decimal", "date", "positiveInteger", "string")}
    triples = [(task, ox.NamedNode(str(RDFS.label)), ox.Literal(text, language="zh")),  # term "label"
               (task, ox.NamedNode(str(RDFS.label)), ox.Literal(text, language="en")),  # no term: value object
               (task, ox.NamedNode(str(RDFS.label)), ox.Literal(text)),
               (task, ox.NamedNode(str(PKG.taskNumber)), ox.Literal(text, datatype=xsd["positiveInteger"])),
               (task, ox.NamedNode(str(PKG.taskNumber)), ox.Literal(text, datatype=xsd["integer"])),
               (task, ox.NamedNode(str(PKG.statedNumber)), ox.Literal(text, datatype=xsd["integer"])),
               (task, ox.NamedNode(str(SDO.value)), ox.Literal(text, datatype=xsd["decimal"])),
               (task, ox.NamedNode(str(DCTERMS.issued)), ox.Literal(text, datatype=xsd["date"])),
               (task, ox.NamedNode(str(PKG.sha256)), ox.Literal(text, datatype=xsd["string"])),
               (task, ox.NamedNode("urn:p"), ox.Literal(text, datatype=ox.NamedNode("urn:type"))),
               (task, ox.NamedNode("urn:p"), ox.Literal(text, language="en-GB"))]
    fragment = _assert_same_entry(triples)
    # and the JSON reads back as the literals: one node, each value the text (split at "\n" alone: the JSON holds
    # U+2028 and U+0085 raw, which str.splitlines splits at)
    node = json.loads(fragment.decode().split("\n")[1])
    assert node["label"] == node["number"] == node["statedNumber"] == node["value"] == node["issued"] \
        == node["sha256"] == text
    assert node["rdfs:label"] == [{"@value": text}, {"@value": text, "@language": "en"}]
    assert node["pkg:taskNumber"] == {"@value": text, "@type": "xsd:integer"}
    assert node["urn:p"] == [{"@value": text, "@language": "en-gb"}, {"@value": text, "@type": "urn:type"}]


def test_entry_from_nquads_writes_every_code_point_as_json_does() -> None:
    # every code point but the surrogates, 256 to a literal, under two terms and as a value object
    points = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    texts = ["".join(map(chr, points[i:i + 256])) for i in range(0, len(points), 256)]
    triples = [(ox.NamedNode(f"{NOTICE}/x/{i}"), ox.NamedNode(str(p)), ox.Literal(text, language="zh"))
               for i, text in enumerate(texts) for p in (RDFS.label, SKOS.altLabel, PKG.mergeReason)]
    fragment = _assert_same_entry(triples)
    nodes = [json.loads(line.rstrip(",")) for line in fragment.decode().split("\n")[1:-1]]
    assert sorted(node["label"] for node in nodes) == sorted(texts)


def test_entry_from_nquads_writes_nodes_as_jsonld_fragment_does() -> None:
    # types (a class of the ontology, another, a blank node), several values of a key, IRIs no prefix shortens,
    # blank nodes as subjects and objects, a subject only once; nodes in the order of the lines (`<` before `_`)
    task = ox.NamedNode(f"{NOTICE}/task/1")
    rdf_type = ox.NamedNode(str(RDF.type))
    blank = ox.BlankNode("b1")
    triples = [(task, rdf_type, ox.NamedNode(str(PKG.Task))),
               (task, rdf_type, ox.NamedNode("urn:class")),
               (task, rdf_type, blank),
               (task, ox.NamedNode(str(PKG.hasAssignment)), ox.NamedNode(f"{NOTICE}/task/1/unit/2")),
               (task, ox.NamedNode(str(PKG.hasAssignment)), ox.NamedNode(f"{NOTICE}/task/1/unit/1")),
               (task, ox.NamedNode(str(PKG.hasAssignment)), blank),
               (task, ox.NamedNode("urn:p"), ox.NamedNode("urn:o")),
               (task, ox.NamedNode(str(PKG._NS)), ox.NamedNode(BASE)),  # namespaces themselves: whole
               (blank, ox.NamedNode(str(PKG.inNotice)), ox.NamedNode(NOTICE)),
               (blank, rdf_type, ox.NamedNode(str(PKG.Assignment))),
               (ox.NamedNode("urn:s"), ox.NamedNode(str(SKOS.prefLabel)), ox.Literal("名", language="zh"))]
    fragment = _assert_same_entry(triples)
    assert fragment.decode() == (
        '  {"@id": "id:notice/a", "@graph": [\n'
        '   {"@id": "id:notice/a/task/1", "@type": ["Task", "urn:class"], '
        '"assignments": ["id:notice/a/task/1/unit/1", "id:notice/a/task/1/unit/2", "_:b1"], '
        '"https://policykg.example.org/ontology/policykg#": {"@id": "https://policykg.example.org/id/"}, '
        '"rdf:type": {"@id": "_:b1"}, "urn:p": {"@id": "urn:o"}},\n'
        '   {"@id": "urn:s", "prefLabel": "名"},\n'
        '   {"@id": "_:b1", "@type": "Assignment", "notice": "id:notice/a"}\n'
        '  ]}')
